package io.p2pe.sdk.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Book;
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
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ScoredProposal;
import io.p2pe.market.proposal.SurplusRate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The LP method's proposals on seeded random books, scored exactly by the market's
 * {@link ProposalScorer}: valid, the smallest rate within the rules' bound of the LP's own
 * {@code t*} (less one Wh's share over the smallest order, the rounding to Wh), the same under
 * shuffles of the input, and never worse than the engine on the floor by more than that.
 */
class LpMinSurplusMethodTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";
    private static final String[] LOCATIONS = {"", "tokyo/setagaya/seijo/feeder-3", "tokyo/setagaya/seijo/feeder-4",
        "tokyo/setagaya/kita/feeder-1", "tokyo/minato/feeder-1"};

    private static ClearingInput book(long seed) {
        Random r = new Random(seed);
        int n = 4 + r.nextInt(40);
        boolean separated = r.nextBoolean();
        List<Order> orders = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean buy = k == 0 || (k != 1 && r.nextBoolean());
            long price = separated ? (buy ? 2000 + r.nextInt(1001) : 1000 + r.nextInt(501))
                    : (buy ? 1500 + r.nextInt(1501) : 1000 + r.nextInt(1001));
            orders.add(new Order("o" + k, "p" + k, buy ? Side.BUY : Side.SELL, 1000 + r.nextInt(20000), price,
                    GridLocation.parse(LOCATIONS[r.nextInt(LOCATIONS.length)])));
        }
        WheelingSchedule wheeling = r.nextBoolean() ? new WheelingSchedule(List.of(0L, 10L, 30L, 60L)) : null;
        return new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, wheeling, orders);
    }

    private static double rate(ScoredProposal p) {
        SurplusRate r = p.score().minSurplusRate();
        return (double) r.numerator() / r.denominator();
    }

    @Test
    void proposalsAreValidWithinTheBoundAndIndependentOfInputOrder() throws InvalidInputException {
        LpMinSurplusMethod method = new LpMinSurplusMethod();
        for (long seed = 1; seed <= 25; seed++) {
            ClearingInput input = book(seed);
            ProposalScorer scorer = ProposalScorer.of(input);
            ScoredProposal lp = scorer.score(new Proposal(SLOT, scorer.inputDigest(), method.propose(input)));
            ScoredProposal engine = scorer.score(Clearing.clear(input));
            Book book = new Book(SLOT, input.effectiveWheeling(), input.orders());
            LpMinSurplusMethod.Lp model = new LpMinSurplusMethod.Lp(book);
            if (model.pairs.isEmpty()) {
                continue;
            }
            model.solve();
            double allowance = 0;
            long minWh = Long.MAX_VALUE;
            for (Order o : input.orders()) {
                minWh = Math.min(minWh, o.wh());
            }
            for (Long g : model.gaps) {
                allowance = Math.max(allowance, (double) (g - g / 2) / minWh);
            }
            double floor = 0.99 * model.tStar - 1 - allowance;
            long s = seed;
            assertTrue(rate(lp) >= floor, () -> "seed " + s + ": rate " + rate(lp) + " below " + floor);
            assertTrue(rate(lp) >= rate(engine) - 1 - allowance,
                    () -> "seed " + s + ": LP " + rate(lp) + " engine " + rate(engine));
            List<Order> shuffled = new ArrayList<>(input.orders());
            Collections.shuffle(shuffled, new Random(seed));
            ClearingInput again = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, input.wheeling(),
                    shuffled);
            assertEquals(method.propose(input), method.propose(again), "seed " + seed);
        }
    }

    @Test
    void otherObjectivesProposeTheEnginesResult() throws InvalidInputException {
        ClearingInput input = book(7);
        ClearingInput welfare = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_WELFARE, input.wheeling(),
                input.orders());
        ProposalScorer scorer = ProposalScorer.of(welfare);
        assertEquals(scorer.score(Clearing.clear(welfare)).score(),
                scorer.score(new Proposal(SLOT, scorer.inputDigest(), new LpMinSurplusMethod().propose(welfare))).score());
    }
}
