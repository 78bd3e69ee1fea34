package io.p2pe.sdk.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.GridLocation;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ScoredProposal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shipped methods always propose valid matchings, reproducibly; the engine's ties with the built-in. */
class ProposalMethodsTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";
    private static final List<String> PLACES = List.of("", "tokyo/setagaya/seijo", "tokyo/setagaya/kita", "osaka/kita");

    private static ClearingInput book(long seed, Objective objective, int orders) {
        Random r = new Random(seed);
        List<Order> list = new ArrayList<>();
        for (int k = 0; k < orders; k++) {
            boolean buy = r.nextBoolean();
            list.add(new Order("o" + k, (buy ? "h" : "g") + r.nextInt(orders), buy ? Side.BUY : Side.SELL,
                    1 + r.nextInt(5000), 1500 + r.nextInt(1000), GridLocation.parse(PLACES.get(r.nextInt(PLACES.size())))));
        }
        return new ClearingInput(SLOT, Mechanism.OPTIMAL, objective, new WheelingSchedule(List.of(0L, 50L, 100L, 300L)), list);
    }

    private static ScoredProposal score(ClearingInput in, ProposalMethod method) throws InvalidInputException {
        ProposalScorer scorer = ProposalScorer.of(in);
        return scorer.score(new Proposal(in.slot(), scorer.inputDigest(), method.propose(in)));
    }

    @Test
    void greedyProposalsAreValidAndDependOnlyOnTheBookAndSeed() throws InvalidInputException {
        for (long seed = 0; seed < 40; seed++) {
            for (Objective objective : Objective.values()) {
                ClearingInput in = book(seed, objective, 60);
                ScoredProposal p = score(in, ProposalMethods.greedy(seed));
                List<Order> shuffled = new ArrayList<>(in.orders());
                Collections.shuffle(shuffled, new Random(seed));
                ClearingInput again = new ClearingInput(in.slot(), in.mechanism(), in.objective(), in.wheeling(), shuffled);
                assertEquals(p.proposalDigest(), score(again, ProposalMethods.greedy(seed)).proposalDigest());
                if (objective == Objective.MAX_WELFARE) {
                    ScoredProposal engine = ProposalScorer.of(in).score(Clearing.clear(in));
                    assertTrue(p.score().compareTo(engine.score()) <= 0, "greedy cannot beat the welfare optimum");
                }
            }
        }
    }

    /**
     * The greedy's heap merge gives exactly the trades of its definition: every feasible pair
     * listed, sorted by surplus per kWh (descending), then the BUY's draw, then the SELL's (draws
     * from the seed, BUYs then SELLs in tie-break key order), each filled with what is left.
     */
    @Test
    void greedyIsTheListedPairsFilledInOrder() {
        for (long seed = 0; seed < 20; seed++) {
            ClearingInput in = book(seed, Objective.MAX_MIN_SURPLUS, 30 + (int) seed * 20);
            List<Order> byKey = new ArrayList<>(in.orders());
            byKey.sort(java.util.Comparator.comparing(o -> io.p2pe.market.TieBreak.key(SLOT, o.id())));
            List<Order> buys = byKey.stream().filter(o -> o.side() == Side.BUY).toList();
            List<Order> sells = byKey.stream().filter(o -> o.side() == Side.SELL).toList();
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            long[] buyDraw = new long[buys.size()];
            long[] sellDraw = new long[sells.size()];
            java.util.Arrays.setAll(buyDraw, i -> random.nextLong());
            java.util.Arrays.setAll(sellDraw, j -> random.nextLong());
            List<long[]> pairs = new ArrayList<>();
            for (int i = 0; i < buys.size(); i++) {
                for (int j = 0; j < sells.size(); j++) {
                    long g = buys.get(i).price() - sells.get(j).price()
                            - in.effectiveWheeling().fee(buys.get(i).location(), sells.get(j).location());
                    if (g >= 0) {
                        pairs.add(new long[] {i, j, g});
                    }
                }
            }
            pairs.sort((a, b) -> a[2] != b[2] ? Long.compare(b[2], a[2])
                    : buyDraw[(int) a[0]] != buyDraw[(int) b[0]] ? Long.compare(buyDraw[(int) a[0]], buyDraw[(int) b[0]])
                    : a[0] != b[0] ? Long.compare(a[0], b[0])
                    : sellDraw[(int) a[1]] != sellDraw[(int) b[1]] ? Long.compare(sellDraw[(int) a[1]], sellDraw[(int) b[1]])
                    : Long.compare(a[1], b[1]));
            long[] buyLeft = buys.stream().mapToLong(Order::wh).toArray();
            long[] sellLeft = sells.stream().mapToLong(Order::wh).toArray();
            List<io.p2pe.market.proposal.ProposedTrade> expected = new ArrayList<>();
            for (long[] p : pairs) {
                long wh = Math.min(buyLeft[(int) p[0]], sellLeft[(int) p[1]]);
                if (wh > 0) {
                    buyLeft[(int) p[0]] -= wh;
                    sellLeft[(int) p[1]] -= wh;
                    expected.add(new io.p2pe.market.proposal.ProposedTrade(buys.get((int) p[0]).id(),
                            sells.get((int) p[1]).id(), wh));
                }
            }
            assertEquals(expected, ProposalMethods.greedy(seed).propose(in), "seed " + seed);
        }
    }

    @Test
    void theEngineMethodTiesWithTheBuiltInCandidate() throws InvalidInputException {
        ClearingInput in = book(3, Objective.MAX_VOLUME, 200);
        ScoredProposal engine = score(in, ProposalMethods.engine());
        ScoredProposal builtIn = ProposalScorer.of(in).score(Clearing.clear(in));
        assertEquals(builtIn.proposalDigest(), engine.proposalDigest());
        assertEquals(ProposalJson.canonical(builtIn.proposal()), ProposalJson.canonical(engine.proposal()));
    }

    @Test
    void theEngineMethodPassesOnTheEnginesRefusal() {
        ClearingInput bad = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_WELFARE, null,
                List.of(new Order("b1", "p", Side.BUY, 0, 1, GridLocation.NONE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposalMethods.engine().propose(bad));
        assertEquals("OUT_OF_RANGE: order b1: field 'wh' must be between 1 and 1000000000, got 0", e.getMessage());
    }
}
