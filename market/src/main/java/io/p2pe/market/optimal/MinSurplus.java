package io.p2pe.market.optimal;

import io.p2pe.market.optimal.PairClasses.PairClass;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MAX_MIN_SURPLUS: over the orders with a feasible counterparty ({@code K}), maximise the smallest
 * surplus rate {@code t}, then total surplus keeping it, then (our tie-break, as for MAX_WELFARE)
 * volume. A BUY's share of a pair's surplus {@code s} is {@code ⌈s/2⌉} per kWh, a SELL's
 * {@code ⌊s/2⌋}; its rate is its total share over its own Wh. Every valid book gets an answer;
 * the market rules require the smallest rate to be at least {@code 0.99 · t* − 1} against the LP
 * relaxation's optimum {@code t*}, not the integral optimum (which is NP-hard).
 *
 * <p><b>Deciding whether {@code t* = 0}, exactly and at any size.</b> Allocations are integral,
 * so an order's rate is positive iff it gets at least one Wh from a pair that gives it a positive
 * share (surplus ≥ 1 for a BUY, ≥ 2 for a SELL). Hence {@code t* > 0} iff every order of {@code K}
 * can be served so at once: a covering problem solved as a maximum-reward flow
 * ({@link PairFlow#maxCovered}) on the compressed network. When {@code t* = 0} every allocation
 * keeps the minimum, the second stage is "maximise surplus", and the answer is the MAX_WELFARE
 * allocation.
 *
 * <p><b>When {@code t* > 0}</b>, small books ({@value #MAX_ORDERS} orders in {@code K},
 * {@value #MAX_PAIRS} feasible pairs) are first solved to the integral optimum by {@link Exact}
 * (branch and bound on an exact integer simplex, within a deterministic work budget of
 * {@value #MAX_WORK}); every other book, and a small one whose search runs out of budget, is
 * solved by {@link FloorRaising} (target search with a combinatorial feasibility test, linear in
 * the compressed network per test, started from the LP relaxation's solution where the search
 * alone may miss the rules' bound), with identical orders merged ({@link IdenticalOrders}). The
 * exact search runs on the book as given, never merged: the integral optimum of a merged book
 * need not split into one of the book. Which path runs depends only on the book's contents.
 *
 * <p>The exact stages, for the record:
 * <ol>
 *   <li>stage 1: maximise {@code t} s.t. {@code Σ_j x_kj ≤ wh_k} and
 *       {@code Σ_j share_kj · x_kj ≥ t · wh_k} for {@code k ∈ K}, {@code x} integral. A node's LP
 *       bound {@code v} is tightened to {@code max_k g_k ⌊v · wh_k / g_k⌋ / wh_k}, where
 *       {@code g_k} is the gcd of order {@code k}'s per-kWh shares: the minimum rate of an integral
 *       allocation is some order's share (a multiple of {@code g_k}) over its Wh;</li>
 *   <li>if the MAX_WELFARE allocation keeps every rate ≥ {@code t*} it is the answer (it is the
 *       best over all allocations);</li>
 *   <li>otherwise stage 2: with {@code Σ_j share_kj · x_kj ≥ g_k ⌈t* · wh_k / g_k⌉}, maximise
 *       {@code Σ (s_ij · W + 1) · x_ij} with {@code W} = total BUY Wh + 1, i.e. surplus, then
 *       volume, exactly (integral solutions differ by ≥ 1 in surplus, which outweighs any volume
 *       difference); the stage-1 optimum is the first incumbent.</li>
 * </ol>
 */
final class MinSurplus {
    /** Most orders in {@code K} for the exact search. */
    static final int MAX_ORDERS = 24;
    /** Most feasible pairs for the exact search. */
    static final int MAX_PAIRS = 96;
    /**
     * Work budget of the exact search, both stages together, in simplex tableau entries
     * recomputed (a deterministic measure, about a second or two of CPU).
     */
    static final long MAX_WORK = 20_000_000L;

    private MinSurplus() {
    }

    static List<Allocation> solve(Market m, List<PairClass> classes) {
        boolean[][] buyReach = new boolean[3][m.buyCount];
        boolean[][] sellReach = new boolean[3][m.sellCount];
        for (PairClass c : classes) {
            long maxBuy = m.buyPrice[c.buys()[0]];
            long minSell = m.sellPrice[c.sells()[0]];
            for (int theta = 0; theta < 3; theta++) {
                for (int i : c.buys()) {
                    buyReach[theta][i] |= m.buyPrice[i] - c.fee() - theta >= minSell;
                }
                for (int j : c.sells()) {
                    sellReach[theta][j] |= m.sellPrice[j] <= maxBuy - c.fee() - theta;
                }
            }
        }
        List<Integer> kBuys = new ArrayList<>();
        List<Integer> kSells = new ArrayList<>();
        boolean positiveForAll = true;
        for (int i = 0; i < m.buyCount; i++) {
            if (buyReach[0][i]) {
                kBuys.add(i);
                positiveForAll &= buyReach[1][i];
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (sellReach[0][j]) {
                kSells.add(j);
                positiveForAll &= sellReach[2][j];
            }
        }
        int k = kBuys.size() + kSells.size();
        if (k == 0) {
            return List.of();
        }
        if (!positiveForAll || PairFlow.maxCovered(m, classes) < k) {
            return PairFlow.optimise(m, classes, false);
        }
        // The exact search on the book as it is: splitting a merged optimum among identical orders
        // can cost a member up to one pair's share over its Wh, which on orders of a few Wh is
        // the whole floor (two identical SELLs of 2 Wh sharing 3 Wh).
        List<Allocation> exact = exactIfSmall(m, classes);
        if (exact != null) {
            return exact;
        }
        IdenticalOrders identical = IdenticalOrders.of(m);
        if (identical.anyMerged()) {
            Market merged = identical.merged();
            return identical.split(FloorRaising.solve(merged, PairClasses.build(merged)));
        }
        return FloorRaising.solve(m, classes);
    }

    /**
     * The integral optimum of a book whose {@code t*} is positive, when it is small enough for the
     * exact search and the search ends within its budget; else null.
     */
    private static List<Allocation> exactIfSmall(Market m, List<PairClass> classes) {
        Tradable tradable = Tradable.of(m);
        List<Integer> kBuys = new ArrayList<>();
        List<Integer> kSells = new ArrayList<>();
        for (int i = 0; i < m.buyCount; i++) {
            if (tradable.buy(i)) {
                kBuys.add(i);
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (tradable.sell(j)) {
                kSells.add(j);
            }
        }
        if (kBuys.size() + kSells.size() <= MAX_ORDERS) {
            List<int[]> pairs = new ArrayList<>();
            for (int i : kBuys) {
                for (int j : kSells) {
                    if (m.surplus(i, j) >= 0) {
                        pairs.add(new int[] {i, j});
                    }
                }
            }
            if (pairs.size() <= MAX_PAIRS) {
                return new Exact(m, kBuys, kSells, pairs).solve(classes);
            }
        }
        return null;
    }

    /** The two exact integer stages over explicit pairs. */
    private static final class Exact {
        private final Market m;
        private final int[] order;
        private final boolean[] orderIsBuy;
        private final long[] orderWh;
        private final int[] pairBuy;
        private final int[] pairSell;
        private final long[] pairSurplus;
        /** Row of each pair's BUY and SELL among the orders of K. */
        private final int[] pairBuyRow;
        private final int[] pairSellRow;
        /** Gcd of the order's positive shares: its total share is always a multiple of it. */
        private final long[] shareGcd;
        private long workLeft = MAX_WORK;

        Exact(Market m, List<Integer> kBuys, List<Integer> kSells, List<int[]> pairs) {
            this.m = m;
            int k = kBuys.size() + kSells.size();
            order = new int[k];
            orderIsBuy = new boolean[k];
            orderWh = new long[k];
            int[] buyRow = new int[m.buyCount];
            int[] sellRow = new int[m.sellCount];
            int r = 0;
            for (int i : kBuys) {
                order[r] = i;
                orderIsBuy[r] = true;
                orderWh[r] = m.buyWh[i];
                buyRow[i] = r++;
            }
            for (int j : kSells) {
                order[r] = j;
                orderWh[r] = m.sellWh[j];
                sellRow[j] = r++;
            }
            int p = pairs.size();
            pairBuy = new int[p];
            pairSell = new int[p];
            pairSurplus = new long[p];
            pairBuyRow = new int[p];
            pairSellRow = new int[p];
            for (int e = 0; e < p; e++) {
                pairBuy[e] = pairs.get(e)[0];
                pairSell[e] = pairs.get(e)[1];
                pairSurplus[e] = m.surplus(pairBuy[e], pairSell[e]);
                pairBuyRow[e] = buyRow[pairBuy[e]];
                pairSellRow[e] = sellRow[pairSell[e]];
            }
            shareGcd = new long[k];
            for (int e = 0; e < p; e++) {
                shareGcd[pairBuyRow[e]] = gcd(shareGcd[pairBuyRow[e]], buyShare(pairSurplus[e]));
                shareGcd[pairSellRow[e]] = gcd(shareGcd[pairSellRow[e]], sellShare(pairSurplus[e]));
            }
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        private static long buyShare(long s) {
            return s - Math.floorDiv(s, 2);
        }

        private static long sellShare(long s) {
            return Math.floorDiv(s, 2);
        }

        /** The integral optimum, or null when the search ran out of its budget. */
        List<Allocation> solve(List<PairClass> classes) {
            Fraction[] first = stageOne();
            if (first == null) {
                return null;
            }
            Fraction tStar = first[pairBuy.length];
            // If the MAX_WELFARE allocation (most surplus, then most volume, over all allocations)
            // keeps every rate ≥ t*, it is also the best under that constraint.
            List<Allocation> welfare = PairFlow.optimise(m, classes, false);
            if (keepsMinimum(welfare, tStar)) {
                return welfare;
            }
            Fraction[] second = stageTwo(tStar, first);
            if (second == null) {
                return null;
            }
            List<Allocation> out = new ArrayList<>();
            for (int e = 0; e < pairBuy.length; e++) {
                long wh = second[e].num().longValueExact();
                if (wh > 0) {
                    out.add(new Allocation(pairBuy[e], pairSell[e], wh));
                }
            }
            return out;
        }

        private boolean keepsMinimum(List<Allocation> allocations, Fraction tStar) {
            Fraction[] x = new Fraction[pairBuy.length];
            Arrays.fill(x, Fraction.ZERO);
            for (Allocation a : allocations) {
                for (int e = 0; e < pairBuy.length; e++) {
                    if (pairBuy[e] == a.buy() && pairSell[e] == a.sell()) {
                        x[e] = Fraction.of(a.wh());
                    }
                }
            }
            return minRate(x).compareTo(tStar) >= 0;
        }

        /** Rows: per order of K a capacity row, then per order a rate row. */
        private BigInteger[][] rows(int vars) {
            int k = order.length;
            BigInteger[][] a = new BigInteger[2 * k][vars];
            for (BigInteger[] row : a) {
                Arrays.fill(row, BigInteger.ZERO);
            }
            for (int e = 0; e < pairBuy.length; e++) {
                a[pairBuyRow[e]][e] = BigInteger.ONE;
                a[pairSellRow[e]][e] = BigInteger.ONE;
            }
            return a;
        }

        /** The stage-1 optimum: pair Wh then {@code t*} as the last entry; null if over budget. */
        private Fraction[] stageOne() {
            int p = pairBuy.length;
            int k = order.length;
            BigInteger[][] a = rows(p + 1);
            BigInteger[] b = new BigInteger[2 * k];
            for (int r = 0; r < k; r++) {
                b[r] = BigInteger.valueOf(orderWh[r]);
                b[k + r] = BigInteger.ZERO;
                a[k + r][p] = BigInteger.valueOf(orderWh[r]);
            }
            for (int e = 0; e < p; e++) {
                a[k + pairBuyRow[e]][e] = BigInteger.valueOf(-buyShare(pairSurplus[e]));
                a[k + pairSellRow[e]][e] = BigInteger.valueOf(-sellShare(pairSurplus[e]));
            }
            BigInteger[] c = new BigInteger[p + 1];
            Arrays.fill(c, BigInteger.ZERO);
            c[p] = BigInteger.ONE;
            long[] upper = new long[p + 1];
            boolean[] integral = new boolean[p + 1];
            for (int e = 0; e < p; e++) {
                upper[e] = Math.min(m.buyWh[pairBuy[e]], m.sellWh[pairSell[e]]);
                integral[e] = true;
            }
            upper[p] = Long.MAX_VALUE;
            IntegerSearch search = new IntegerSearch(a, b, c, upper, integral, this::bestRateAtMost,
                    this::roundDownStageOne, null);
            IntegerSearch.Outcome out = search.run(workLeft);
            workLeft -= out.work();
            return out.complete() ? out.x() : null;
        }

        /**
         * The largest value ≤ {@code v} that the minimum rate of an integral allocation can take:
         * that minimum is some order's total share over its Wh, and the share is a multiple of the
         * gcd of the order's per-kWh shares.
         */
        private Fraction bestRateAtMost(Fraction v) {
            Fraction best = null;
            for (int r = 0; r < order.length; r++) {
                BigInteger wh = BigInteger.valueOf(orderWh[r]);
                BigInteger g = BigInteger.valueOf(shareGcd[r]);
                Fraction candidate = new Fraction(new Fraction(v.num().multiply(wh), v.den().multiply(g)).floor().multiply(g), wh);
                if (best == null || candidate.compareTo(best) > 0) {
                    best = candidate;
                }
            }
            return best;
        }

        private Fraction[] roundDownStageOne(Fraction[] x) {
            int p = pairBuy.length;
            Fraction[] r = new Fraction[p + 1];
            for (int e = 0; e < p; e++) {
                r[e] = new Fraction(x[e].floor(), BigInteger.ONE);
            }
            r[p] = minRate(r);
            return r;
        }

        private Fraction minRate(Fraction[] x) {
            BigInteger[] share = shares(x);
            Fraction min = null;
            for (int r = 0; r < order.length; r++) {
                Fraction rate = new Fraction(share[r], BigInteger.valueOf(orderWh[r]));
                if (min == null || rate.compareTo(min) < 0) {
                    min = rate;
                }
            }
            return min;
        }

        private BigInteger[] shares(Fraction[] x) {
            BigInteger[] share = new BigInteger[order.length];
            Arrays.fill(share, BigInteger.ZERO);
            for (int e = 0; e < pairBuy.length; e++) {
                BigInteger w = x[e].num();
                share[pairBuyRow[e]] = share[pairBuyRow[e]].add(w.multiply(BigInteger.valueOf(buyShare(pairSurplus[e]))));
                share[pairSellRow[e]] = share[pairSellRow[e]].add(w.multiply(BigInteger.valueOf(sellShare(pairSurplus[e]))));
            }
            return share;
        }

        /** The stage-2 optimum (pair Wh), or null if over budget. */
        private Fraction[] stageTwo(Fraction tStar, Fraction[] stageOne) {
            int p = pairBuy.length;
            int k = order.length;
            BigInteger[][] a = rows(p);
            BigInteger[] b = new BigInteger[2 * k];
            // Σ share·x ≥ t*·wh, and the share is a multiple of the gcd g: Σ share·x ≥ g·⌈t*·wh / g⌉.
            for (int r = 0; r < k; r++) {
                b[r] = BigInteger.valueOf(orderWh[r]);
                BigInteger g = BigInteger.valueOf(shareGcd[r]);
                b[k + r] = new Fraction(tStar.num().multiply(BigInteger.valueOf(orderWh[r])), tStar.den().multiply(g))
                        .ceil().multiply(g).negate();
            }
            for (int e = 0; e < p; e++) {
                a[k + pairBuyRow[e]][e] = BigInteger.valueOf(-buyShare(pairSurplus[e]));
                a[k + pairSellRow[e]][e] = BigInteger.valueOf(-sellShare(pairSurplus[e]));
            }
            long buyWh = 0;
            for (int r = 0; r < k; r++) {
                if (orderIsBuy[r]) {
                    buyWh += orderWh[r];
                }
            }
            BigInteger volumeWeight = BigInteger.valueOf(buyWh).add(BigInteger.ONE);
            BigInteger[] c = new BigInteger[p];
            long[] upper = new long[p];
            boolean[] integral = new boolean[p];
            long gcdOfSurpluses = 0;
            for (int e = 0; e < p; e++) {
                gcdOfSurpluses = gcd(gcdOfSurpluses, pairSurplus[e]);
            }
            long surplusGcd = gcdOfSurpluses;
            for (int e = 0; e < p; e++) {
                c[e] = BigInteger.valueOf(pairSurplus[e]).multiply(volumeWeight).add(BigInteger.ONE);
                upper[e] = Math.min(m.buyWh[pairBuy[e]], m.sellWh[pairSell[e]]);
                integral[e] = true;
            }
            Fraction[] incumbent = Arrays.copyOf(stageOne, p);
            IntegerSearch search = new IntegerSearch(a, b, c, upper, integral,
                    v -> bestObjectiveAtMost(v, volumeWeight, surplusGcd), x -> roundDownStageTwo(x, tStar), incumbent);
            IntegerSearch.Outcome out = search.run(workLeft);
            workLeft -= out.work();
            return out.complete() ? out.x() : null;
        }

        /**
         * The largest value ≤ {@code v} of {@code W · surplus + volume} for an integral allocation:
         * the surplus is a multiple of the gcd of the pair surpluses and the volume is below W.
         */
        private static Fraction bestObjectiveAtMost(Fraction v, BigInteger volumeWeight, long surplusGcd) {
            BigInteger bound = v.floor();
            if (surplusGcd == 0) {
                return new Fraction(bound.min(volumeWeight.subtract(BigInteger.ONE)), BigInteger.ONE);
            }
            BigInteger g = BigInteger.valueOf(surplusGcd);
            BigInteger surplus = bound.divide(volumeWeight).divide(g).multiply(g);
            BigInteger best = surplus.multiply(volumeWeight).add(volumeWeight.subtract(BigInteger.ONE));
            return new Fraction(bound.min(best), BigInteger.ONE);
        }

        private Fraction[] roundDownStageTwo(Fraction[] x, Fraction tStar) {
            Fraction[] r = new Fraction[x.length];
            for (int e = 0; e < x.length; e++) {
                r[e] = new Fraction(x[e].floor(), BigInteger.ONE);
            }
            return minRate(r).compareTo(tStar) >= 0 ? r : null;
        }
    }
}
