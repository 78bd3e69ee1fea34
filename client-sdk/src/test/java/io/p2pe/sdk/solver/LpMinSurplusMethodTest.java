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
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ProposedTrade;
import io.p2pe.market.proposal.ScoredProposal;
import io.p2pe.market.proposal.SurplusRate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /**
     * A book shaped like the one {@code p2pe bench proposals} fills (10,000 orders of 16 traders,
     * no locations) with 60 distinct prices per side instead of 300, so that the LP keeps every
     * pair and solves in seconds: identical orders merge into 120, and the split back decides the
     * size. The rounding used to give every member a share of every pair of its merged order (on
     * the bench's book 163,086 trades, 24.8 MB, refused by the ledger's 4 MiB limit; here it would
     * be millions); the engine's split keeps it to the merged pairs plus two trades per order and
     * side.
     */
    @Test
    @Timeout(300)
    void aTenThousandOrderBookFitsTheLedgersProposalLimit() throws InvalidInputException {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            boolean buy = i % 16 % 2 == 0;
            long wh = 500 + (i * 37L) % 2_000;
            long price = buy ? 1_800 + (i * 13L) % 120 : 1_400 + (i * 17L) % 120;
            orders.add(new Order("bc-" + i, "bench-" + (i % 16), buy ? Side.BUY : Side.SELL, wh, price,
                    GridLocation.parse("")));
        }
        ClearingInput input = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, null, orders);
        ProposalScorer scorer = ProposalScorer.of(input);
        LpMinSurplusMethod.Lp model = new LpMinSurplusMethod.Lp(new Book(SLOT, input.effectiveWheeling(), orders));
        List<ProposedTrade> trades = model.round(model.solve());
        Proposal proposal = new Proposal(SLOT, scorer.inputDigest(), trades);
        int bytes = ProposalJson.canonical(proposal).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 4 * 1024 * 1024, "proposal of " + trades.size() + " trades is " + bytes + " bytes");
        // Merged pairs with Wh (a vertex: at most 2 rows per merged order) plus two per order and side.
        assertTrue(trades.size() <= 2 * 120 + 4 * orders.size(), trades.size() + " trades");
        ScoredProposal scored = scorer.score(proposal);
        // t* of the LP over all 3,600 pairs, and the allowance a = ⌈(1918 − 1401) / 2⌉ / 500 < 1
        // (largest BUY share over the smallest order).
        double floor = 0.99 * model.tStar - 1 - 1;
        assertTrue(rate(scored) >= floor, "rate " + rate(scored) + " below " + floor + " (t* " + model.tStar + ")");
    }

    /**
     * Books of many identical orders (the merging and the split back matter), seeded: valid, and
     * the smallest rate at least {@code 0.99 · t* − 1 − a} against the LP's {@code t*} (all pairs
     * kept at these sizes, so it is the rules' t*), the same under shuffles.
     */
    @Test
    @Timeout(120)
    void booksOfIdenticalOrdersKeepTheBound() throws InvalidInputException {
        LpMinSurplusMethod method = new LpMinSurplusMethod();
        for (long seed = 101; seed <= 106; seed++) {
            Random r = new Random(seed);
            int n = 100 + r.nextInt(1400);
            int types = 6 + r.nextInt(20);
            long[][] type = new long[types][];
            for (int k = 0; k < types; k++) {
                type[k] = new long[] {k % 2 == 0 ? 1 : 0, k % 2 == 0 ? 1500 + r.nextInt(1001) : 1000 + r.nextInt(1001),
                    r.nextInt(LOCATIONS.length)};
            }
            List<Order> orders = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long[] t = type[k < types ? k : r.nextInt(types)];
                orders.add(new Order("o" + k, "p" + k, t[0] == 1 ? Side.BUY : Side.SELL, 1000 + r.nextInt(5000), t[1],
                        GridLocation.parse(LOCATIONS[(int) t[2]])));
            }
            WheelingSchedule wheeling = r.nextBoolean() ? new WheelingSchedule(List.of(0L, 10L, 30L, 60L)) : null;
            ClearingInput input = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, wheeling, orders);
            ProposalScorer scorer = ProposalScorer.of(input);
            LpMinSurplusMethod.Lp model = new LpMinSurplusMethod.Lp(new Book(SLOT, input.effectiveWheeling(), orders));
            if (model.pairs.isEmpty()) {
                continue;
            }
            List<ProposedTrade> trades = model.round(model.solve());
            ScoredProposal lp = scorer.score(new Proposal(SLOT, scorer.inputDigest(), trades));
            double allowance = 0;
            for (Long g : model.gaps) {
                allowance = Math.max(allowance, (double) (g - g / 2) / 1000);
            }
            double floor = 0.99 * model.tStar - 1 - allowance;
            long s = seed;
            assertTrue(rate(lp) >= floor, () -> "seed " + s + ": rate " + rate(lp) + " below " + floor);
            List<Order> shuffled = new ArrayList<>(orders);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(trades, method.propose(new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS,
                    wheeling, shuffled)), "seed " + seed);
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
