package io.p2pe.sdk.solver;

import io.p2pe.market.Book;
import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Objective;
import io.p2pe.market.Trade;
import io.p2pe.market.optimal.OptimalTrades;
import io.p2pe.market.proposal.ProposedTrade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * MAX_MIN_SURPLUS by linear programming: the LP relaxation solved with ojalgo, then rounded to
 * whole Wh deterministically. For the other objectives it proposes the engine's own (exact)
 * result, which no proposal can beat.
 *
 * <p><b>LP.</b> Over the orders with a feasible counterparty, stage 1 maximises {@code t} subject
 * to {@code Σ_j ⌈g_ij/2⌉ x_ij ≥ t · wh_i} (BUY), {@code Σ_i ⌊g_ij/2⌋ x_ij ≥ t · wh_j} (SELL) and
 * the Wh limits ({@code g_ij = price_i − price_j − fee_ij ≥ 0}), and, with a weight that is
 * worth at most {@link #SURPLUS_WEIGHT} ticks of floor, surplus {@code Σ g_ij x_ij}, the rules'
 * second criterion. (A second LP that kept {@code t ≥ t* (1 − 10⁻⁶)} and maximised surplus
 * did not end within 10 minutes in ojalgo's dual simplex on the 200-order bench book: the
 * near-equality made it stall.) Orders with the same side, price and location are merged first, as the engine
 * merges them ({@link OptimalTrades#identicalBuys}; exact for the LP: a merged solution split in
 * proportion to Wh gives each member the merged rate). Pairs: all feasible ones up to
 * {@link #MAX_PAIRS}; beyond, for each order its {@link #PARTNERS}/2 best counterparties (by pair
 * surplus) and {@link #PARTNERS}/2 spread evenly over the rest of its feasible ones, so the LP
 * stays solvable on a laptop. (The best ones alone made the dearest SELLs and the cheapest BUYs
 * compete for the same few partners: on the 10,000-order bench book the capped LP's optimum fell
 * to 13 ticks against 80 with the spread, and the engine's 194.)
 *
 * <p><b>Rounding</b> (deterministic: it depends only on the LP solution and Book order): every
 * merged pair's Wh rounded down, then single Wh handed back to pairs by largest fractional part
 * (ties in Book order of the pair) while both merged orders have Wh left; then the engine's split
 * back to the orders ({@link OptimalTrades#splitIdentical}). Rounding down costs a merged order at
 * most one Wh per fractional pair, and the split a member about one pair's share over its Wh,
 * below one tick for orders of more Wh than that share. The LP's solution is a vertex (simplex),
 * so at most twice as many merged pairs carry Wh as there are merged orders (a capacity and a
 * rate row each), and the split adds at most two trades per order and side: a 10,000-order book
 * gives a few tens of thousands of trades, inside the ledger's proposal size limit (4 MiB by
 * default). ojalgo is deterministic for the same model, and the model is built in Book order, so
 * equal books give equal proposals whatever the input order.
 *
 * <p><b>Why ojalgo</b> rather than OR-Tools: ojalgo is pure Java on Maven Central (one jar, no
 * native libraries), so it runs wherever the SDK runs and installs with the build; OR-Tools' LP
 * solvers (GLOP, PDLP) are C++ behind JNI with a platform-specific native artefact per OS and CPU,
 * which this project's machines and CI would have to provision separately. ojalgo's dense simplex
 * is slower than GLOP on large LPs, which the merging and the pair cap above keep in bounds; the
 * ledger re-scores every proposal exactly, so the floating point here can only cost a solver the
 * win, never the market its correctness.
 */
public final class LpMinSurplusMethod implements ProposalMethod {
    /** Most LP columns with all feasible pairs. */
    static final int MAX_PAIRS = 20_000;
    /** Counterparties per order when the pairs are capped. */
    static final int PARTNERS = 12;
    /**
     * Weight of the surplus in the objective against the floor {@code t} (ticks): the surplus
     * term is at most this, so the LP gives up at most this much floor for surplus.
     */
    static final double SURPLUS_WEIGHT = 1e-3;
    /** Simplex iterations before the LP is given up (deterministic, unlike a time limit). */
    static final int MAX_ITERATIONS = 200_000;

    @Override
    public List<ProposedTrade> propose(ClearingInput input) {
        if (input.objective() != Objective.MAX_MIN_SURPLUS) {
            return engine(input);
        }
        Book book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        Lp lp = new Lp(book);
        if (lp.pairs.isEmpty()) {
            return List.of();
        }
        double[] x = lp.solve();
        return lp.round(x);
    }

    private static List<ProposedTrade> engine(ClearingInput input) {
        try {
            List<ProposedTrade> out = new ArrayList<>();
            for (Trade t : Clearing.clear(input).trades()) {
                out.add(new ProposedTrade(t.buyOrderId(), t.sellOrderId(), t.wh()));
            }
            return out;
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("book the engine refuses: " + e.getMessage(), e);
        }
    }

    /** Orders merged as the engine merges identical ones (side, price, location), in Book order of their first member. */
    private static final class Group {
        final List<Book.Entry> members = new ArrayList<>();
        long wh;
    }

    private static List<Group> groups(List<Book.Entry> side, int[][] indices) {
        List<Group> out = new ArrayList<>();
        for (int[] members : indices) {
            Group g = new Group();
            for (int k : members) {
                g.members.add(side.get(k));
                g.wh = Math.addExact(g.wh, side.get(k).wh());
            }
            out.add(g);
        }
        return out;
    }

    /** The LP over merged orders and the rounding back to orders. */
    static final class Lp {
        final Book book;
        final List<Group> buys;
        final List<Group> sells;
        final List<int[]> pairs = new ArrayList<>();
        final List<Long> gaps = new ArrayList<>();
        double tStar = Double.NaN;

        Lp(Book book) {
            this.book = book;
            this.buys = groups(book.buys(), OptimalTrades.identicalBuys(book));
            this.sells = groups(book.sells(), OptimalTrades.identicalSells(book));
            long feasible = 0;
            for (Group b : buys) {
                for (Group s : sells) {
                    feasible += gap(b, s) >= 0 ? 1 : 0;
                }
            }
            boolean[][] keep = null;
            if (feasible > MAX_PAIRS) {
                keep = bestPartners();
            }
            for (int i = 0; i < buys.size(); i++) {
                for (int j = 0; j < sells.size(); j++) {
                    long g = gap(buys.get(i), sells.get(j));
                    if (g >= 0 && (keep == null || keep[i][j])) {
                        pairs.add(new int[] {i, j});
                        gaps.add(g);
                    }
                }
            }
        }

        private long gap(Group b, Group s) {
            Book.Entry be = b.members.get(0);
            Book.Entry se = s.members.get(0);
            return be.price() - se.price() - book.fee(be, se);
        }

        /** Each merged order's {@link #PARTNERS} feasible counterparties of largest pair surplus. */
        private boolean[][] bestPartners() {
            boolean[][] keep = new boolean[buys.size()][sells.size()];
            for (int i = 0; i < buys.size(); i++) {
                Integer[] js = new Integer[sells.size()];
                for (int j = 0; j < js.length; j++) {
                    js[j] = j;
                }
                final int bi = i;
                Arrays.sort(js, Comparator.comparingLong((Integer j) -> -gap(buys.get(bi), sells.get(j)))
                        .thenComparingInt(j -> j));
                int feasible = 0;
                while (feasible < js.length && gap(buys.get(i), sells.get(js[feasible])) >= 0) {
                    feasible++;
                }
                for (int r : spread(feasible)) {
                    keep[i][js[r]] = true;
                }
            }
            for (int j = 0; j < sells.size(); j++) {
                Integer[] is = new Integer[buys.size()];
                for (int i = 0; i < is.length; i++) {
                    is[i] = i;
                }
                final int sj = j;
                Arrays.sort(is, Comparator.comparingLong((Integer i) -> -gap(buys.get(i), sells.get(sj)))
                        .thenComparingInt(i -> i));
                int feasible = 0;
                while (feasible < is.length && gap(buys.get(is[feasible]), sells.get(j)) >= 0) {
                    feasible++;
                }
                for (int r : spread(feasible)) {
                    keep[is[r]][j] = true;
                }
            }
            return keep;
        }

        /**
         * Which of {@code n} counterparties (best first) to keep: the {@link #PARTNERS}/2 best,
         * and {@link #PARTNERS}/2 spread evenly over the rest.
         */
        private static int[] spread(int n) {
            if (n <= PARTNERS) {
                return java.util.stream.IntStream.range(0, n).toArray();
            }
            int best = PARTNERS / 2;
            int[] out = new int[PARTNERS];
            for (int r = 0; r < best; r++) {
                out[r] = r;
            }
            for (int r = best; r < PARTNERS; r++) {
                out[r] = best + (int) ((long) (r - best + 1) * (n - best) / (PARTNERS - best + 1));
            }
            return out;
        }

        /**
         * The LP, floor first and surplus second in one objective; the merged pairs' fractional Wh.
         * Rows are scaled by the order's Wh (capacity {@code Σ x / wh ≤ 1}, rate
         * {@code Σ share · x / wh ≥ t}), so their coefficients stay within a few orders of
         * magnitude of each other.
         */
        double[] solve() {
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            Variable t = model.addVariable("t").lower(0);
            Variable[] x = new Variable[pairs.size()];
            for (int e = 0; e < x.length; e++) {
                x[e] = model.addVariable("x" + e).lower(0);
            }
            Expression[] buyCap = new Expression[buys.size()];
            Expression[] buyRate = new Expression[buys.size()];
            Expression[] sellCap = new Expression[sells.size()];
            Expression[] sellRate = new Expression[sells.size()];
            long maxGap = 1;
            double buyWh = 0;
            for (Group b : buys) {
                buyWh += b.wh;
            }
            for (long g : gaps) {
                maxGap = Math.max(maxGap, g);
            }
            for (int e = 0; e < x.length; e++) {
                int i = pairs.get(e)[0];
                int j = pairs.get(e)[1];
                long g = gaps.get(e);
                double bw = buys.get(i).wh;
                double sw = sells.get(j).wh;
                if (buyCap[i] == null) {
                    buyCap[i] = model.addExpression("bc" + i).upper(1);
                    buyRate[i] = model.addExpression("br" + i).lower(0).set(t, -1);
                }
                if (sellCap[j] == null) {
                    sellCap[j] = model.addExpression("sc" + j).upper(1);
                    sellRate[j] = model.addExpression("sr" + j).lower(0).set(t, -1);
                }
                buyCap[i].set(x[e], 1 / bw);
                sellCap[j].set(x[e], 1 / sw);
                buyRate[i].set(x[e], (g - g / 2) / bw);
                sellRate[j].set(x[e], (g / 2) / sw);
                // Surplus over its largest possible value (every BUY Wh at the best pair), so the
                // surplus term is at most SURPLUS_WEIGHT ticks of floor.
                x[e].weight(SURPLUS_WEIGHT * g / (maxGap * buyWh));
            }
            t.weight(1);
            model.options.iterations_abort = MAX_ITERATIONS;
            Optimisation.Result result = model.maximise();
            if (!result.getState().isOptimal()) {
                throw new IllegalStateException("LP not solved: " + result.getState());
            }
            tStar = t.getValue().doubleValue();
            double[] out = new double[x.length];
            for (int e = 0; e < x.length; e++) {
                out[e] = Math.max(0, x[e].getValue().doubleValue());
            }
            return out;
        }

        /**
         * The merged pairs' Wh rounded down, then single Wh handed back by largest fractional
         * part (ties in pair order) while both merged orders have Wh left; then split back to
         * the orders by the engine's split ({@link OptimalTrades#splitIdentical}), which keeps
         * the proposal sparse: about as many trades as merged pairs with Wh plus twice the
         * orders (a member trades with its group's counterparties in a run from each end).
         */
        List<ProposedTrade> round(double[] merged) {
            int n = pairs.size();
            long[] wh = new long[n];
            long[] buyLeft = new long[buys.size()];
            long[] sellLeft = new long[sells.size()];
            for (int g = 0; g < buyLeft.length; g++) {
                buyLeft[g] = buys.get(g).wh;
            }
            for (int h = 0; h < sellLeft.length; h++) {
                sellLeft[h] = sells.get(h).wh;
            }
            for (int e = 0; e < n; e++) {
                int g = pairs.get(e)[0];
                int h = pairs.get(e)[1];
                wh[e] = Math.min(Math.min(buyLeft[g], sellLeft[h]), (long) Math.floor(merged[e] + 1e-7));
                buyLeft[g] -= wh[e];
                sellLeft[h] -= wh[e];
            }
            Integer[] byFraction = new Integer[n];
            for (int e = 0; e < n; e++) {
                byFraction[e] = e;
            }
            Arrays.sort(byFraction, Comparator.comparingDouble((Integer e) -> -(merged[e] - wh[e])).thenComparingInt(e -> e));
            for (int e : byFraction) {
                int g = pairs.get(e)[0];
                int h = pairs.get(e)[1];
                if (merged[e] - wh[e] > 1e-7 && buyLeft[g] > 0 && sellLeft[h] > 0) {
                    wh[e]++;
                    buyLeft[g]--;
                    sellLeft[h]--;
                }
            }
            int[] buyGroup = new int[n];
            int[] sellGroup = new int[n];
            for (int e = 0; e < n; e++) {
                buyGroup[e] = pairs.get(e)[0];
                sellGroup[e] = pairs.get(e)[1];
            }
            List<ProposedTrade> out = new ArrayList<>();
            for (Trade t : OptimalTrades.splitIdentical(book, buyGroup, sellGroup, wh)) {
                out.add(new ProposedTrade(t.buyOrderId(), t.sellOrderId(), t.wh()));
            }
            return out;
        }
    }
}
