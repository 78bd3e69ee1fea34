package io.p2pe.market.optimal;

import io.p2pe.market.optimal.PairClasses.PairClass;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MAX_MIN_SURPLUS at any size, in integers: a target search over the smallest surplus rate
 * {@code t} with a combinatorial feasibility test, then the remaining capacity filled for surplus.
 *
 * <p><b>Feasibility test for a target {@code t = T / SCALE} ticks</b> ("serve the poorest first"):
 * every order {@code k} of {@code K} needs {@code ⌈T · wh_k / SCALE⌉} money units of surplus
 * share. Orders are served one at a time in a priority order; an order still short takes Wh from
 * its counterparties best-share-first (the SELLs of each of its pair classes in Book order, i.e.
 * cheapest first, merged across classes by the class's surplus), each time
 * {@code min(its Wh left, the counterparty's Wh left, ⌈need / share⌉)}; the counterparty's need
 * falls by its own share of that trade. The test passes when every order's need is met, and then
 * every rate is ≥ {@code t} exactly: all quantities are integral Wh and money units, so there is
 * no rounding step and nothing to repair. When an order cannot be served, it is moved to the
 * front of the priority order and the test is run again, up to {@link #ROUNDS} times
 * ("squeaky wheel": the orders that contention starves get served first).
 *
 * <p><b>Two priority orders</b> are searched, and the better result kept: (1) all orders by
 * their best possible share (the poorest first), and (2) the side with more Wh first, each side
 * poorest first. The second wins when one side is scarce: then the other side's rate constraints
 * are the binding ones of the LP and the scarce side ends full anyway.
 *
 * <p><b>Search:</b> the largest {@code T ∈ [0, SCALE · min_k best_k]} that passes, by bisection
 * ({@code best_k}, the order's best per-kWh share, bounds its rate, so {@code t*} is at most
 * their minimum). The test is not monotone in {@code T} in theory; bisection returns a target that
 * passed, which is all the result relies on.
 *
 * <p><b>Second stage:</b> the Wh left after the test are allocated by the MAX_WELFARE flow over
 * the same pair classes ({@link PairFlow#optimise}); adding trades never lowers a rate, so the
 * floor is kept and surplus grows. The plain MAX_WELFARE allocation also competes: of the
 * candidates, the one with the largest smallest rate (exact fractions), then the most surplus,
 * then the first in the list above, is the answer.
 *
 * <p><b>Cost:</b> each test run is linear in the class memberships (a per-class "next Wh left"
 * union-find skips counterparties that are used up), times {@code ROUNDS}, times the ~30
 * bisection steps, times 2 orders. Quality against the LP bound is measured, not proven: see
 * docs/benchmarks.md and the property tests against an LP solver.
 */
final class FloorRaising {
    /** Resolution of the target: 1/64 tick. */
    static final long SCALE = 64;
    /** Retries of one target with the starved order moved to the front. */
    static final int ROUNDS = 12;

    private final Market m;
    private final List<PairClass> classes;
    private final int nb;
    private final long[] classFee;
    private final int[][] classBuys;
    private final int[][] classSells;
    /** Class memberships of each order: class index and position in that class's side array. */
    private final int[][] buyClass;
    private final int[][] buyPos;
    private final int[][] sellClass;
    private final int[][] sellPos;
    private final boolean[] buyTradable;
    private final boolean[] sellTradable;
    /** Best per-kWh share of each order over its feasible pairs. */
    private final long[] buyBest;
    private final long[] sellBest;

    /** The start of the current search (the rounded-down LP solution, or nothing): Wh and share per order. */
    private List<Allocation> start = List.of();
    private long[] startWhB;
    private long[] startWhS;
    private long[] startShareB;
    private long[] startShareS;

    private long[] capB;
    private long[] capS;
    private long[] needB;
    private long[] needS;
    private int[][] nextBuy;
    private int[][] nextSell;
    private LongTriples trades;

    private FloorRaising(Market m, List<PairClass> classes) {
        this.m = m;
        this.classes = classes;
        this.nb = m.buyCount;
        int c = classes.size();
        classFee = new long[c];
        classBuys = new int[c][];
        classSells = new int[c][];
        IntList[] bc = lists(m.buyCount);
        IntList[] bp = lists(m.buyCount);
        IntList[] sc = lists(m.sellCount);
        IntList[] sp = lists(m.sellCount);
        buyBest = new long[m.buyCount];
        sellBest = new long[m.sellCount];
        Arrays.fill(buyBest, -1);
        Arrays.fill(sellBest, -1);
        for (int k = 0; k < c; k++) {
            PairClass pc = classes.get(k);
            classFee[k] = pc.fee();
            classBuys[k] = pc.buys();
            classSells[k] = pc.sells();
            long cheapest = m.sellPrice[pc.sells()[0]];
            long dearest = m.buyPrice[pc.buys()[0]];
            for (int p = 0; p < pc.buys().length; p++) {
                int i = pc.buys()[p];
                bc[i].add(k);
                bp[i].add(p);
                long g = m.buyPrice[i] - pc.fee() - cheapest;
                if (g >= 0) {
                    buyBest[i] = Math.max(buyBest[i], g - g / 2);
                }
            }
            for (int p = 0; p < pc.sells().length; p++) {
                int j = pc.sells()[p];
                sc[j].add(k);
                sp[j].add(p);
                long g = dearest - pc.fee() - m.sellPrice[j];
                if (g >= 0) {
                    sellBest[j] = Math.max(sellBest[j], g / 2);
                }
            }
        }
        buyClass = arrays(bc);
        buyPos = arrays(bp);
        sellClass = arrays(sc);
        sellPos = arrays(sp);
        buyTradable = new boolean[m.buyCount];
        sellTradable = new boolean[m.sellCount];
        for (int i = 0; i < m.buyCount; i++) {
            buyTradable[i] = buyBest[i] >= 0;
        }
        for (int j = 0; j < m.sellCount; j++) {
            sellTradable[j] = sellBest[j] >= 0;
        }
    }

    private static IntList[] lists(int n) {
        IntList[] a = new IntList[n];
        for (int k = 0; k < n; k++) {
            a[k] = new IntList();
        }
        return a;
    }

    private static int[][] arrays(IntList[] lists) {
        int[][] a = new int[lists.length][];
        for (int k = 0; k < lists.length; k++) {
            a[k] = lists[k].toArray();
        }
        return a;
    }

    /** The allocation (in pair order) for a book whose {@code t*} is positive. */
    static List<Allocation> solve(Market m, List<PairClass> classes) {
        return new FloorRaising(m, classes).best();
    }

    private List<Allocation> best() {
        List<Allocation> bestAllocation = PairFlow.optimise(m, classes, false);
        Fraction bestRate = minRate(bestAllocation);
        long bestSurplus = surplus(bestAllocation);
        List<Allocation> lp = null;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                // The LP start only when the search alone may have missed the rules' bound: its
                // smallest rate is below 0.99 · U − 1 for U = min_k best_k, an upper bound of t*.
                long u = Long.MAX_VALUE;
                for (int k : poorestFirst()) {
                    u = Math.min(u, best(k));
                }
                BigInteger bound = BigInteger.valueOf(u).multiply(BigInteger.valueOf(99)).subtract(BigInteger.valueOf(100));
                if (bestRate.compareTo(new Fraction(bound, BigInteger.valueOf(100))) >= 0) {
                    break;
                }
                lp = LpFloor.solve(m, buyTradable, sellTradable);
                if (lp == null) {
                    break;
                }
            }
            for (int[] base : List.of(poorestFirst(), abundantSideFirst())) {
                List<Allocation> candidate = search(base, lp == null ? List.of() : lp);
                Fraction rate = minRate(candidate);
                long surplus = surplus(candidate);
                int cmp = rate.compareTo(bestRate);
                if (cmp > 0 || (cmp == 0 && surplus > bestSurplus)) {
                    bestAllocation = candidate;
                    bestRate = rate;
                    bestSurplus = surplus;
                }
            }
        }
        return bestAllocation;
    }

    /** Tradable orders by (best share, BUY before SELL, Book order); SELL {@code j} is {@code nb + j}. */
    private int[] poorestFirst() {
        List<int[]> keyed = new ArrayList<>();
        for (int i = 0; i < nb; i++) {
            if (buyTradable[i]) {
                keyed.add(new int[] {i});
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (sellTradable[j]) {
                keyed.add(new int[] {nb + j});
            }
        }
        keyed.sort((a, b) -> {
            int c = Long.compare(best(a[0]), best(b[0]));
            return c != 0 ? c : Integer.compare(a[0], b[0]);
        });
        int[] order = new int[keyed.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = keyed.get(k)[0];
        }
        return order;
    }

    /** The side with more tradable Wh first (BUY on a tie), each side poorest first. */
    private int[] abundantSideFirst() {
        long buyWh = 0;
        long sellWh = 0;
        for (int i = 0; i < nb; i++) {
            buyWh += buyTradable[i] ? m.buyWh[i] : 0;
        }
        for (int j = 0; j < m.sellCount; j++) {
            sellWh += sellTradable[j] ? m.sellWh[j] : 0;
        }
        boolean buysFirst = buyWh >= sellWh;
        int[] all = poorestFirst();
        int[] order = new int[all.length];
        int n = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean wantBuys = (pass == 0) == buysFirst;
            for (int k : all) {
                if ((k < nb) == wantBuys) {
                    order[n++] = k;
                }
            }
        }
        return order;
    }

    private long best(int k) {
        return k < nb ? buyBest[k] : sellBest[k - nb];
    }

    private long wh(int k) {
        return k < nb ? m.buyWh[k] : m.sellWh[k - nb];
    }

    /** Bisection on the target, then the recorded run at the best target plus the welfare fill. */
    private List<Allocation> search(int[] base, List<Allocation> from) {
        setStart(from);
        long floor = Long.MAX_VALUE;
        for (int k : base) {
            floor = Math.min(floor, best(k));
        }
        long lo = 0;
        int[] loOrder = base.clone();
        long hi = Math.multiplyExact(floor, SCALE);
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            int[] order = feasibleOrder(mid, base);
            if (order != null) {
                lo = mid;
                loOrder = order;
            } else {
                hi = mid - 1;
            }
        }
        trades = new LongTriples();
        run(lo, loOrder);
        TreeMap<Long, Long> byPair = new TreeMap<>();
        for (Allocation a : start) {
            byPair.merge((long) a.buy() * m.sellCount + a.sell(), a.wh(), Math::addExact);
        }
        for (int k = 0; k < trades.size; k++) {
            byPair.merge(trades.a[k] * m.sellCount + trades.b[k], trades.c[k], Math::addExact);
        }
        trades = null;
        for (Allocation a : PairFlow.optimise(m.withWh(capB, capS), classes, false)) {
            byPair.merge((long) a.buy() * m.sellCount + a.sell(), a.wh(), Math::addExact);
        }
        List<Allocation> out = new ArrayList<>(byPair.size());
        for (Map.Entry<Long, Long> e : byPair.entrySet()) {
            out.add(new Allocation((int) (e.getKey() / m.sellCount), (int) (e.getKey() % m.sellCount), e.getValue()));
        }
        return out;
    }

    /** The priority order under which target {@code T} passes, or null after {@link #ROUNDS} retries. */
    private int[] feasibleOrder(long target, int[] base) {
        int[] order = base.clone();
        for (int round = 0; ; round++) {
            int failed = run(target, order);
            if (failed < 0) {
                return order;
            }
            if (round == ROUNDS) {
                return null;
            }
            int at = 0;
            while (order[at] != failed) {
                at++;
            }
            System.arraycopy(order, 0, order, 1, at);
            order[0] = failed;
        }
    }

    /** One run of the test; the order that could not be served, or −1. */
    private int run(long target, int[] order) {
        capB = new long[nb];
        capS = new long[m.sellCount];
        for (int i = 0; i < nb; i++) {
            capB[i] = m.buyWh[i] - startWhB[i];
        }
        for (int j = 0; j < m.sellCount; j++) {
            capS[j] = m.sellWh[j] - startWhS[j];
        }
        needB = new long[nb];
        needS = new long[m.sellCount];
        for (int k : order) {
            long need = ceilDiv(Math.multiplyExact(target, wh(k)), SCALE);
            if (k < nb) {
                needB[k] = need - startShareB[k];
            } else {
                needS[k - nb] = need - startShareS[k - nb];
            }
        }
        nextBuy = new int[classBuys.length][];
        nextSell = new int[classSells.length][];
        for (int c = 0; c < classBuys.length; c++) {
            nextBuy[c] = identity(classBuys[c].length + 1);
            nextSell[c] = identity(classSells[c].length + 1);
        }
        for (int i = 0; i < nb; i++) {
            if (capB[i] == 0) {
                usedUp(buyClass[i], buyPos[i], nextBuy);
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (capS[j] == 0) {
                usedUp(sellClass[j], sellPos[j], nextSell);
            }
        }
        for (int k : order) {
            boolean met = k < nb ? serveBuy(k) : serveSell(k - nb);
            if (!met) {
                return k;
            }
        }
        return -1;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = k;
        }
        return a;
    }

    /** The first position ≥ {@code p} whose order still has Wh (path halving). */
    private static int find(int[] next, int p) {
        while (next[p] != p) {
            next[p] = next[next[p]];
            p = next[p];
        }
        return p;
    }

    private boolean serveBuy(int i) {
        int[] cls = buyClass[i];
        int[] ptr = new int[cls.length];
        while (needB[i] > 0 && capB[i] > 0) {
            int bestC = -1;
            int bestPos = -1;
            long bestKey = -1;
            for (int r = 0; r < cls.length; r++) {
                int c = cls[r];
                int p = find(nextSell[c], ptr[r]);
                ptr[r] = p;
                if (p < classSells[c].length) {
                    long key = m.buyPrice[i] - classFee[c] - m.sellPrice[classSells[c][p]];
                    if (key > bestKey) {
                        bestKey = key;
                        bestC = c;
                        bestPos = p;
                    }
                }
            }
            if (bestC < 0) {
                break;
            }
            int j = classSells[bestC][bestPos];
            long g = m.surplus(i, j);
            long share = g - g / 2;
            if (share <= 0) {
                break;
            }
            long y = Math.min(Math.min(capB[i], capS[j]), ceilDiv(needB[i], share));
            trade(i, j, y, g);
        }
        return needB[i] <= 0;
    }

    private boolean serveSell(int j) {
        int[] cls = sellClass[j];
        int[] ptr = new int[cls.length];
        while (needS[j] > 0 && capS[j] > 0) {
            int bestC = -1;
            int bestPos = -1;
            long bestKey = -1;
            for (int r = 0; r < cls.length; r++) {
                int c = cls[r];
                int p = find(nextBuy[c], ptr[r]);
                ptr[r] = p;
                if (p < classBuys[c].length) {
                    long key = m.buyPrice[classBuys[c][p]] - classFee[c] - m.sellPrice[j];
                    if (key > bestKey) {
                        bestKey = key;
                        bestC = c;
                        bestPos = p;
                    }
                }
            }
            if (bestC < 0) {
                break;
            }
            int i = classBuys[bestC][bestPos];
            long g = m.surplus(i, j);
            long share = g / 2;
            if (share <= 0) {
                break;
            }
            long y = Math.min(Math.min(capB[i], capS[j]), ceilDiv(needS[j], share));
            trade(i, j, y, g);
        }
        return needS[j] <= 0;
    }

    private void trade(int i, int j, long y, long g) {
        capB[i] -= y;
        capS[j] -= y;
        needB[i] -= y * (g - g / 2);
        needS[j] -= y * (g / 2);
        if (trades != null) {
            trades.add(i, j, y);
        }
        if (capB[i] == 0) {
            usedUp(buyClass[i], buyPos[i], nextBuy);
        }
        if (capS[j] == 0) {
            usedUp(sellClass[j], sellPos[j], nextSell);
        }
    }

    /** Skips a used-up order in every class it belongs to. */
    private static void usedUp(int[] cls, int[] pos, int[][] next) {
        for (int r = 0; r < cls.length; r++) {
            next[cls[r]][pos[r]] = pos[r] + 1;
        }
    }

    /** Makes {@code from} (whole Wh within every order's Wh) the start of the next search. */
    private void setStart(List<Allocation> from) {
        start = from;
        startWhB = new long[nb];
        startWhS = new long[m.sellCount];
        startShareB = new long[nb];
        startShareS = new long[m.sellCount];
        for (Allocation a : from) {
            long g = m.surplus(a.buy(), a.sell());
            startWhB[a.buy()] = Math.addExact(startWhB[a.buy()], a.wh());
            startWhS[a.sell()] = Math.addExact(startWhS[a.sell()], a.wh());
            startShareB[a.buy()] = Math.addExact(startShareB[a.buy()], Math.multiplyExact(a.wh(), g - g / 2));
            startShareS[a.sell()] = Math.addExact(startShareS[a.sell()], Math.multiplyExact(a.wh(), g / 2));
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private long surplus(List<Allocation> allocations) {
        long s = 0;
        for (Allocation a : allocations) {
            s = Math.addExact(s, Math.multiplyExact(a.wh(), m.surplus(a.buy(), a.sell())));
        }
        return s;
    }

    /** The smallest rate over the tradable orders, exactly. */
    private Fraction minRate(List<Allocation> allocations) {
        long[] shareB = new long[nb];
        long[] shareS = new long[m.sellCount];
        for (Allocation a : allocations) {
            long g = m.surplus(a.buy(), a.sell());
            shareB[a.buy()] = Math.addExact(shareB[a.buy()], Math.multiplyExact(a.wh(), g - g / 2));
            shareS[a.sell()] = Math.addExact(shareS[a.sell()], Math.multiplyExact(a.wh(), g / 2));
        }
        Fraction min = null;
        for (int i = 0; i < nb; i++) {
            if (buyTradable[i]) {
                min = lower(min, shareB[i], m.buyWh[i]);
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (sellTradable[j]) {
                min = lower(min, shareS[j], m.sellWh[j]);
            }
        }
        return min == null ? Fraction.ZERO : min;
    }

    private static Fraction lower(Fraction min, long share, long wh) {
        Fraction rate = new Fraction(BigInteger.valueOf(share), BigInteger.valueOf(wh));
        return min == null || rate.compareTo(min) < 0 ? rate : min;
    }

    /** Growable triples of longs (the trades of the recorded run). */
    private static final class LongTriples {
        long[] a = new long[16];
        long[] b = new long[16];
        long[] c = new long[16];
        int size;

        void add(long x, long y, long z) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
                b = Arrays.copyOf(b, size * 2);
                c = Arrays.copyOf(c, size * 2);
            }
            a[size] = x;
            b[size] = y;
            c[size++] = z;
        }
    }
}
