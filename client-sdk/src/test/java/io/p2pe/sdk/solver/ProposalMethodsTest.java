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
