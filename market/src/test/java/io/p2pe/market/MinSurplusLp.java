package io.p2pe.market;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Independent checker for MAX_MIN_SURPLUS: the LP relaxation's optimum {@code t*} computed with
 * ojalgo (floating point, tests only) straight from the rules, pair by pair, sharing no code with
 * the engine's {@code optimal} package. Over the orders with at least one feasible counterparty
 * ({@code price_i ≥ price_j + fee_ij}), maximise {@code t} subject to
 * {@code Σ_j ⌈g_ij/2⌉ x_ij ≥ t · wh_i} (BUY), {@code Σ_i ⌊g_ij/2⌋ x_ij ≥ t · wh_j} (SELL),
 * {@code Σ_j x_ij ≤ wh_i}, {@code Σ_i x_ij ≤ wh_j}, {@code x ≥ 0} fractional; with
 * {@code g_ij = price_i − price_j − fee_ij}. Rates are in ticks (money units per Wh).
 */
final class MinSurplusLp {
    private MinSurplusLp() {
    }

    /**
     * {@code t*}, or NaN when no order can trade. Orders of one side with the same price and
     * location are merged first (their Wh summed): the LP optimum does not change, since a merged
     * solution split among the members in proportion to their Wh gives each member the merged
     * order's rate, and any solution merges into one with the group's total share. So books of
     * thousands of orders with a few dozen distinct (price, location) stay small for the LP.
     */
    static double tStar(Book book) {
        List<Group> buys = groups(book.buys());
        List<Group> sells = groups(book.sells());
        List<int[]> pairs = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        boolean[] buyTradable = new boolean[buys.size()];
        boolean[] sellTradable = new boolean[sells.size()];
        for (int i = 0; i < buys.size(); i++) {
            for (int j = 0; j < sells.size(); j++) {
                long g = buys.get(i).price - sells.get(j).price
                        - book.fee(buys.get(i).sample, sells.get(j).sample);
                if (g >= 0) {
                    pairs.add(new int[] {i, j});
                    gaps.add(g);
                    buyTradable[i] = true;
                    sellTradable[j] = true;
                }
            }
        }
        if (pairs.isEmpty()) {
            return Double.NaN;
        }
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable t = model.addVariable("t").lower(0).weight(1);
        Variable[] x = new Variable[pairs.size()];
        for (int e = 0; e < x.length; e++) {
            x[e] = model.addVariable("x" + e).lower(0);
        }
        Expression[] buyCap = new Expression[buys.size()];
        Expression[] buyRate = new Expression[buys.size()];
        for (int i = 0; i < buys.size(); i++) {
            if (buyTradable[i]) {
                buyCap[i] = model.addExpression("bc" + i).upper(buys.get(i).wh);
                buyRate[i] = model.addExpression("br" + i).lower(0);
                buyRate[i].set(t, -buys.get(i).wh);
            }
        }
        Expression[] sellCap = new Expression[sells.size()];
        Expression[] sellRate = new Expression[sells.size()];
        for (int j = 0; j < sells.size(); j++) {
            if (sellTradable[j]) {
                sellCap[j] = model.addExpression("sc" + j).upper(sells.get(j).wh);
                sellRate[j] = model.addExpression("sr" + j).lower(0);
                sellRate[j].set(t, -sells.get(j).wh);
            }
        }
        for (int e = 0; e < x.length; e++) {
            int i = pairs.get(e)[0];
            int j = pairs.get(e)[1];
            long g = gaps.get(e);
            buyCap[i].set(x[e], 1);
            sellCap[j].set(x[e], 1);
            buyRate[i].set(x[e], g - g / 2);
            sellRate[j].set(x[e], g / 2);
        }
        Optimisation.Result r = model.maximise();
        if (!r.getState().isOptimal()) {
            throw new IllegalStateException("LP not solved: " + r.getState());
        }
        return t.getValue().doubleValue();
    }

    private static final class Group {
        final Book.Entry sample;
        final long price;
        long wh;

        Group(Book.Entry sample) {
            this.sample = sample;
            this.price = sample.price();
        }
    }

    private static List<Group> groups(List<Book.Entry> side) {
        Map<String, Group> byKey = new TreeMap<>();
        for (Book.Entry e : side) {
            byKey.computeIfAbsent(e.price() + "@" + e.location(), k -> new Group(e)).wh += e.wh();
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * The smallest surplus rate of a result over the orders with a feasible counterparty, in
     * ticks, as an exact fraction; null when no order can trade.
     */
    static BigFraction minRate(Book book, List<Trade> trades) {
        Map<String, Book.Entry> buys = new TreeMap<>();
        Map<String, Book.Entry> sells = new TreeMap<>();
        book.buys().forEach(b -> buys.put(b.id(), b));
        book.sells().forEach(s -> sells.put(s.id(), s));
        Map<String, Long> share = new TreeMap<>();
        for (Trade tr : trades) {
            Book.Entry b = buys.get(tr.buyOrderId());
            Book.Entry s = sells.get(tr.sellOrderId());
            long g = b.price() - s.price() - book.fee(b, s);
            share.merge(b.id(), Math.multiplyExact(tr.wh(), g - g / 2), Math::addExact);
            share.merge(s.id(), Math.multiplyExact(tr.wh(), g / 2), Math::addExact);
        }
        BigFraction min = null;
        for (Book.Entry b : book.buys()) {
            if (book.sells().stream().anyMatch(s -> b.price() - s.price() - book.fee(b, s) >= 0)) {
                min = BigFraction.min(min, new BigFraction(share.getOrDefault(b.id(), 0L), b.wh()));
            }
        }
        for (Book.Entry s : book.sells()) {
            if (book.buys().stream().anyMatch(b -> b.price() - s.price() - book.fee(b, s) >= 0)) {
                min = BigFraction.min(min, new BigFraction(share.getOrDefault(s.id(), 0L), s.wh()));
            }
        }
        return min;
    }

    /** A non-negative fraction {@code num / den}. */
    record BigFraction(long num, long den) {
        static BigFraction min(BigFraction a, BigFraction b) {
            return a == null || b.compareTo(a) < 0 ? b : a;
        }

        int compareTo(BigFraction o) {
            return BigInteger.valueOf(num).multiply(BigInteger.valueOf(o.den))
                    .compareTo(BigInteger.valueOf(o.num).multiply(BigInteger.valueOf(den)));
        }

        double value() {
            return (double) num / den;
        }
    }
}
