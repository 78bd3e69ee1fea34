package io.p2pe.market.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import io.p2pe.market.Objective;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Scores against the independent {@link Reference} on random books and proposals (valid and not),
 * the engine's own results against their objective, and the engine's flow optima against every
 * integral allocation of tiny books.
 */
class ProposalScorePropertiesTest {

    @Provide
    Arbitrary<Objective> objectives() {
        return Arbitraries.of(Objective.class);
    }

    @Provide
    Arbitrary<Objective> flowObjectives() {
        return Arbitraries.of(Objective.MAX_WELFARE, Objective.MAX_VOLUME);
    }

    @Provide
    Arbitrary<ClearingInput> books() {
        return objectives().flatMap(o -> Arbitraries.oneOf(ProposalBooks.books(10, 6, o),
                ProposalBooks.books(10, 1_000_000_000L, o)));
    }

    /** Random trades between the book's orders: mostly BUY→SELL, some wrong sides, unknown ids, bad Wh. */
    private static List<ProposedTrade> randomTrades(ClearingInput in, long seed) {
        Random rnd = new Random(seed);
        List<Order> buys = in.orders().stream().filter(o -> o.side() == Side.BUY).toList();
        List<Order> sells = in.orders().stream().filter(o -> o.side() == Side.SELL).toList();
        List<ProposedTrade> trades = new ArrayList<>();
        int n = rnd.nextInt(6);
        for (int k = 0; k < n && !buys.isEmpty() && !sells.isEmpty(); k++) {
            Order b = buys.get(rnd.nextInt(buys.size()));
            Order s = sells.get(rnd.nextInt(sells.size()));
            String buyId = rnd.nextInt(20) == 0 ? s.id() : rnd.nextInt(30) == 0 ? "nobody" : b.id();
            long cap = Math.min(b.wh(), s.wh());
            long wh = switch (rnd.nextInt(10)) {
                case 0 -> rnd.nextInt(3) - 1;
                case 1 -> cap;
                default -> 1 + (long) (rnd.nextDouble() * Math.max(1, cap / 3));
            };
            trades.add(new ProposedTrade(buyId, s.id(), wh));
        }
        return trades;
    }

    @Property(tries = 1500)
    void scoreEqualsAnIndependentRecomputation(@ForAll("books") ClearingInput in, @ForAll long seed)
            throws InvalidInputException {
        ProposalScorer scorer = ProposalScorer.of(in);
        List<ProposedTrade> trades = randomTrades(in, seed);
        Proposal p = new Proposal(in.slot(), scorer.inputDigest(), trades);
        boolean expectValid = Reference.valid(in, trades);
        Statistics.label("valid").collect(expectValid);
        ScoredProposal scored;
        try {
            scored = scorer.score(p);
        } catch (InvalidInputException e) {
            assertTrue(!expectValid, "refused a valid proposal: " + e.getMessage());
            return;
        }
        assertTrue(expectValid, "accepted an invalid proposal " + trades);
        Reference.Value want = Reference.score(in, trades, in.objective() == Objective.MAX_MIN_SURPLUS);
        Score got = scored.score();
        assertEquals(want.surplus(), BigInteger.valueOf(got.surplus()), "surplus");
        assertEquals(want.volume(), BigInteger.valueOf(got.volumeWh()), "volume");
        if (want.rateNum() == null) {
            assertNull(got.minSurplusRate());
        } else {
            SurplusRate r = got.minSurplusRate();
            assertEquals(want.rateNum().multiply(BigInteger.valueOf(r.denominator())),
                    want.rateDen().multiply(BigInteger.valueOf(r.numerator())), "min rate " + r);
        }
        // Trades listed in another order: the same proposal, digest and score.
        List<ProposedTrade> shuffled = new ArrayList<>(trades);
        Collections.shuffle(shuffled, new Random(seed));
        ScoredProposal again = scorer.score(new Proposal(in.slot(), scorer.inputDigest(), shuffled));
        assertEquals(scored.proposalDigest(), again.proposalDigest());
        assertEquals(scored.score(), again.score());
        assertEquals(scored.trades(), again.trades());
    }

    @Property(tries = 600)
    void theEnginesResultScoresAsItsObjectiveAndComesBackUnchanged(@ForAll("books") ClearingInput in)
            throws InvalidInputException {
        ClearingResult engine;
        try {
            engine = Clearing.clear(in);
        } catch (InvalidInputException e) {
            // The exact MAX_MIN_SURPLUS search may still refuse a book; nothing to score then.
            assertEquals(MarketErrorCode.BEYOND_LIMITS, e.code());
            return;
        }
        ProposalScorer scorer = ProposalScorer.of(in);
        ScoredProposal builtIn = scorer.score(engine);
        assertEquals(engine.surplus(), builtIn.score().surplus());
        assertEquals(engine.volumeWh(), builtIn.score().volumeWh());
        assertEquals(engine, scorer.result(builtIn));
    }

    @Provide
    Arbitrary<ClearingInput> tinyBooks() {
        return flowObjectives().flatMap(o -> ProposalBooks.books(6, 3, o))
                .filter(in -> in.orders().stream().filter(x -> x.side() == Side.BUY).count() <= 3
                        && in.orders().stream().filter(x -> x.side() == Side.SELL).count() <= 3);
    }

    /** The engine's flow optimum is the best score of every integral allocation (brute force). */
    @Property(tries = 300)
    void noAllocationOutscoresTheFlowOptimum(@ForAll("tinyBooks") ClearingInput in) throws InvalidInputException {
        ProposalScorer scorer = ProposalScorer.of(in);
        Score engine = scorer.score(Clearing.clear(in)).score();
        List<Order> buys = in.orders().stream().filter(o -> o.side() == Side.BUY).toList();
        List<Order> sells = in.orders().stream().filter(o -> o.side() == Side.SELL).toList();
        List<Order[]> pairs = new ArrayList<>();
        for (Order b : buys) {
            for (Order s : sells) {
                if (Reference.feasible(in, b, s)) {
                    pairs.add(new Order[] {b, s});
                }
            }
        }
        Score[] best = {null};
        enumerate(scorer, in, pairs, 0, new ArrayList<>(), best);
        assertEquals(best[0], engine);
    }

    private static void enumerate(ProposalScorer scorer, ClearingInput in, List<Order[]> pairs, int k,
                                  List<ProposedTrade> chosen, Score[] best) {
        if (k == pairs.size()) {
            if (Reference.valid(in, chosen)) {
                try {
                    Score s = scorer.score(new Proposal(in.slot(), scorer.inputDigest(), chosen)).score();
                    if (best[0] == null || s.compareTo(best[0]) > 0) {
                        best[0] = s;
                    }
                } catch (InvalidInputException e) {
                    throw new AssertionError(e);
                }
            }
            return;
        }
        Order[] p = pairs.get(k);
        for (long wh = 0; wh <= Math.min(p[0].wh(), p[1].wh()); wh++) {
            if (wh > 0) {
                chosen.add(new ProposedTrade(p[0].id(), p[1].id(), wh));
            }
            enumerate(scorer, in, pairs, k + 1, chosen, best);
            if (wh > 0) {
                chosen.remove(chosen.size() - 1);
            }
        }
    }
}
