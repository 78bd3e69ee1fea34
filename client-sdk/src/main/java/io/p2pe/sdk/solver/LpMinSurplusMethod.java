package io.p2pe.sdk.solver;

import io.p2pe.market.Book;
import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Objective;
import io.p2pe.market.Trade;
import io.p2pe.market.proposal.ProposedTrade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.TreeMap;
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
 * the Wh limits ({@code g_ij = price_i − price_j − fee_ij ≥ 0}); stage 2 keeps
 * {@code t ≥ t₁ · (1 − 10⁻⁶)} and maximises surplus {@code Σ g_ij x_ij}, the rules' second
 * criterion. Orders with the same side, price and location are merged first (exact for the LP:
 * a merged solution split in proportion to Wh gives each member the merged rate) and split back
 * in Book order. Pairs: all feasible ones up to {@link #MAX_PAIRS}; beyond, each order's
 * {@link #PARTNERS} best counterparties (by pair surplus), so the LP stays solvable on a laptop.
 *
 * <p><b>Rounding</b> (deterministic: it depends only on the LP solution and Book order): every
 * pair's Wh rounded down, then single Wh handed back to pairs by largest fractional part (ties
 * in Book order of the pair) while both orders have Wh left. Rounding down costs an order at
 * most one Wh per fractional pair, i.e. its pair's share over its Wh, which is below one tick for
 * orders of more Wh than that share. ojalgo is deterministic for the same model, and the model is
 * built in Book order, so equal books give equal proposals whatever the input order.
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

    /** Orders merged by (side, price, location), in Book order of their first member. */
    private static final class Group {
        final List<Book.Entry> members = new ArrayList<>();
        long wh;
    }

    private static List<Group> groups(List<Book.Entry> side) {
        List<Group> out = new ArrayList<>();
        TreeMap<String, Group> byKey = new TreeMap<>();
        for (Book.Entry e : side) {
            Group g = byKey.computeIfAbsent(e.price() + "@" + e.location(), k -> {
                Group n = new Group();
                out.add(n);
                return n;
            });
            g.members.add(e);
            g.wh += e.wh();
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
            this.buys = groups(book.buys());
            this.sells = groups(book.sells());
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
                for (int r = 0; r < Math.min(PARTNERS, js.length); r++) {
                    keep[i][js[r]] |= gap(buys.get(i), sells.get(js[r])) >= 0;
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
                for (int r = 0; r < Math.min(PARTNERS, is.length); r++) {
                    keep[is[r]][j] |= gap(buys.get(is[r]), sells.get(j)) >= 0;
                }
            }
            return keep;
        }

        /** Stage 1 then stage 2; the merged pairs' fractional Wh. */
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
            for (int e = 0; e < x.length; e++) {
                int i = pairs.get(e)[0];
                int j = pairs.get(e)[1];
                long g = gaps.get(e);
                if (buyCap[i] == null) {
                    buyCap[i] = model.addExpression("bc" + i).upper(buys.get(i).wh);
                    buyRate[i] = model.addExpression("br" + i).lower(0).set(t, -buys.get(i).wh);
                }
                if (sellCap[j] == null) {
                    sellCap[j] = model.addExpression("sc" + j).upper(sells.get(j).wh);
                    sellRate[j] = model.addExpression("sr" + j).lower(0).set(t, -sells.get(j).wh);
                }
                buyCap[i].set(x[e], 1);
                sellCap[j].set(x[e], 1);
                buyRate[i].set(x[e], g - g / 2);
                sellRate[j].set(x[e], g / 2);
            }
            t.weight(1);
            Optimisation.Result first = model.maximise();
            if (!first.getState().isOptimal()) {
                throw new IllegalStateException("LP not solved: " + first.getState());
            }
            tStar = t.getValue().doubleValue();
            // Stage 2: keep the floor, maximise surplus.
            t.weight(0).lower(tStar * (1 - 1e-6));
            for (int e = 0; e < x.length; e++) {
                x[e].weight(gaps.get(e));
            }
            Optimisation.Result second = model.maximise();
            Variable[] source = x;
            double[] out = new double[x.length];
            if (second.getState().isOptimal()) {
                for (int e = 0; e < x.length; e++) {
                    out[e] = Math.max(0, source[e].getValue().doubleValue());
                }
            } else {
                for (int e = 0; e < x.length; e++) {
                    out[e] = Math.max(0, first.doubleValue(e + 1));
                }
            }
            return out;
        }

        /**
         * Merged pairs split back to orders (each member of a merged order takes its Wh share of
         * every merged pair, members in Book order), rounded down, then single Wh handed back by
         * largest fractional part while both orders have Wh left.
         */
        List<ProposedTrade> round(double[] merged) {
            List<Book.Entry> buyOrders = new ArrayList<>();
            List<Book.Entry> sellOrders = new ArrayList<>();
            List<Double> amount = new ArrayList<>();
            for (int e = 0; e < pairs.size(); e++) {
                if (merged[e] <= 0) {
                    continue;
                }
                Group b = buys.get(pairs.get(e)[0]);
                Group s = sells.get(pairs.get(e)[1]);
                for (Book.Entry be : b.members) {
                    for (Book.Entry se : s.members) {
                        double w = merged[e] * ((double) be.wh() / b.wh) * ((double) se.wh() / s.wh);
                        if (w > 1e-9) {
                            buyOrders.add(be);
                            sellOrders.add(se);
                            amount.add(w);
                        }
                    }
                }
            }
            int n = amount.size();
            long[] wh = new long[n];
            IdentityHashMap<Book.Entry, long[]> left = new IdentityHashMap<>();
            for (Book.Entry e : book.buys()) {
                left.put(e, new long[] {e.wh()});
            }
            for (Book.Entry e : book.sells()) {
                left.put(e, new long[] {e.wh()});
            }
            for (int k = 0; k < n; k++) {
                long[] lb = left.get(buyOrders.get(k));
                long[] ls = left.get(sellOrders.get(k));
                wh[k] = Math.min(Math.min(lb[0], ls[0]), (long) Math.floor(amount.get(k) + 1e-7));
                lb[0] -= wh[k];
                ls[0] -= wh[k];
            }
            Integer[] byFraction = new Integer[n];
            for (int k = 0; k < n; k++) {
                byFraction[k] = k;
            }
            Arrays.sort(byFraction, Comparator.comparingDouble((Integer k) -> -(amount.get(k) - wh[k])).thenComparingInt(k -> k));
            for (int k : byFraction) {
                long[] lb = left.get(buyOrders.get(k));
                long[] ls = left.get(sellOrders.get(k));
                if (amount.get(k) - wh[k] > 1e-7 && lb[0] > 0 && ls[0] > 0) {
                    wh[k]++;
                    lb[0]--;
                    ls[0]--;
                }
            }
            List<ProposedTrade> out = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (wh[k] > 0) {
                    out.add(new ProposedTrade(buyOrders.get(k).id(), sellOrders.get(k).id(), wh[k]));
                }
            }
            out.sort(Comparator.comparing(ProposedTrade::buyOrderId).thenComparing(ProposedTrade::sellOrderId));
            return out;
        }
    }
}
