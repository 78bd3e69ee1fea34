package io.p2pe.market.optimal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A start for {@link FloorRaising} from the LP relaxation of MAX_MIN_SURPLUS's first stage:
 * maximise {@code t} subject to {@code Σ_j x_kj ≤ wh_k} and {@code Σ_j share_kj · x_kj ≥ t · wh_k}
 * for every tradable order {@code k}, {@code x ≥ 0} fractional, over the pairs that give some
 * side a positive share (a pair of surplus 0 adds nothing to any rate). Its optimum is the rules'
 * {@code t*} (§7). The LP is solved approximately by {@link GuideLp} (fixed-point {@code long}
 * arithmetic, deterministic) and its solution rounded down to whole Wh within every order's Wh;
 * the target search then serves what the rounding left short, and computes the floor exactly.
 * Unlike the combinatorial search alone, the LP splits a contended counterparty between the
 * orders that need it, which is where that search fell short of {@code t*} (by up to 10 %).
 *
 * <p>Scaling, so that every coefficient is in {@code [−1, 1]}: the variable of pair {@code e}
 * is {@code z_e = x_e / m_e} with {@code m_e = min(wh_i, wh_j)}; the capacity row of order
 * {@code k} is {@code Σ z_e · m_e / wh_k ≤ 1}; its rate row is
 * {@code τ − Σ z_e · share_ke · m_e / (S · wh_k) ≤ ε} with {@code τ = t / S} and {@code S} the
 * largest share. The tiny {@code ε} (2^-20) makes the start vertex non-degenerate (every rate row
 * would otherwise be tight at {@code x = 0}); it moves {@code t} by at most {@code ε · S}.
 */
final class LpFloor {
    /** Most tradable orders (after merging identical ones) for the LP. */
    static final int MAX_ORDERS = 200;
    /** Most pairs with a positive share for the LP. */
    static final int MAX_PAIRS = 6_000;
    /** Work budget: tableau entries updated, about a second of CPU. */
    static final long MAX_WORK = 1_500_000_000L;

    private LpFloor() {
    }

    /** The LP's solution rounded down to Wh (in pair order), or null when over the limits or given up. */
    static List<Allocation> solve(Market m, boolean[] buyTradable, boolean[] sellTradable) {
        int[] buyRow = new int[m.buyCount];
        int[] sellRow = new int[m.sellCount];
        int k = 0;
        for (int i = 0; i < m.buyCount; i++) {
            buyRow[i] = buyTradable[i] ? k++ : -1;
        }
        for (int j = 0; j < m.sellCount; j++) {
            sellRow[j] = sellTradable[j] ? k++ : -1;
        }
        if (k > MAX_ORDERS) {
            return null;
        }
        IntList pairBuy = new IntList();
        IntList pairSell = new IntList();
        long maxShare = 0;
        for (int i = 0; i < m.buyCount; i++) {
            if (buyRow[i] < 0) {
                continue;
            }
            for (int j = 0; j < m.sellCount; j++) {
                long g = m.surplus(i, j);
                if (sellRow[j] >= 0 && g > 0) {
                    pairBuy.add(i);
                    pairSell.add(j);
                    maxShare = Math.max(maxShare, g - g / 2);
                    if (pairBuy.size() > MAX_PAIRS) {
                        return null;
                    }
                }
            }
        }
        int[] pb = pairBuy.toArray();
        int[] ps = pairSell.toArray();
        int p = pb.length;
        if (p == 0) {
            return null;
        }
        long[][] a = new long[2 * k][p + 1];
        long[] b = new long[2 * k];
        long[] wh = new long[k];
        for (int i = 0; i < m.buyCount; i++) {
            if (buyRow[i] >= 0) {
                wh[buyRow[i]] = m.buyWh[i];
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (sellRow[j] >= 0) {
                wh[sellRow[j]] = m.sellWh[j];
            }
        }
        // Distinct perturbations (a fixed linear congruential sequence, up to 2^-20 for capacity
        // rows, 2^-20 to 2^-19 for rate rows) so that ties in the ratio test are rare.
        long lcg = 0x2545F4914F6CDD1DL;
        for (int r = 0; r < k; r++) {
            lcg = lcg * 6364136223846793005L + 1442695040888963407L;
            b[r] = GuideLp.ONE + ((lcg >>> 40) & ((GuideLp.ONE >> 20) - 1));
            lcg = lcg * 6364136223846793005L + 1442695040888963407L;
            b[k + r] = (GuideLp.ONE >> 20) + ((lcg >>> 40) & ((GuideLp.ONE >> 20) - 1));
            a[k + r][p] = GuideLp.ONE;
        }
        long[] unit = new long[p];
        for (int e = 0; e < p; e++) {
            long g = m.surplus(pb[e], ps[e]);
            int rb = buyRow[pb[e]];
            int rs = sellRow[ps[e]];
            unit[e] = Math.min(wh[rb], wh[rs]);
            a[rb][e] = fixed(unit[e], 1, wh[rb]);
            a[rs][e] = fixed(unit[e], 1, wh[rs]);
            a[k + rb][e] = -fixed(unit[e], g - g / 2, Math.multiplyExact(maxShare, wh[rb]));
            a[k + rs][e] = -fixed(unit[e], g / 2, Math.multiplyExact(maxShare, wh[rs]));
        }
        long[] c = new long[p + 1];
        c[p] = GuideLp.ONE;
        long[] z = GuideLp.maximize(a, b, c, MAX_WORK);
        if (z == null) {
            return null;
        }
        long[] leftB = m.buyWh.clone();
        long[] leftS = m.sellWh.clone();
        List<Allocation> floored = new ArrayList<>();
        for (int e = 0; e < p; e++) {
            // x_e = z_e · m_e, rounded down, and never more than either order has left (the
            // fixed-point solution may overshoot a capacity by a rounding error).
            long x = BigInteger.valueOf(z[e]).multiply(BigInteger.valueOf(unit[e]))
                    .shiftRight(GuideLp.FRACTION_BITS).min(BigInteger.valueOf(unit[e])).longValueExact();
            x = Math.min(x, Math.min(leftB[pb[e]], leftS[ps[e]]));
            if (x > 0) {
                leftB[pb[e]] -= x;
                leftS[ps[e]] -= x;
                floored.add(new Allocation(pb[e], ps[e], x));
            }
        }
        return floored;
    }

    /** {@code u · v / w} in fixed point, rounded down; {@code 0 ≤ u · v ≤ w}. */
    private static long fixed(long u, long v, long w) {
        return BigInteger.valueOf(u).multiply(BigInteger.valueOf(v)).shiftLeft(GuideLp.FRACTION_BITS)
                .divide(BigInteger.valueOf(w)).longValueExact();
    }
}
