package io.p2pe.market.optimal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders of one side with the same limit and location merged into one for MAX_MIN_SURPLUS, and
 * the merged allocation split back. Such orders are interchangeable: every pair they form has the
 * same surplus and fee. Merging does not change the LP relaxation's {@code t*} (a merged solution
 * split in proportion to Wh gives every member the merged rate), and it keeps the target search
 * from serving identical orders one after the other, the first taking the best counterparties and
 * the last going short (which cost up to 6% of the floor on books of many identical orders).
 *
 * <p><b>Split</b>, per side and merged order: its Wh {@code X} (value {@code V} in shares) are
 * apportioned to the members in proportion to their Wh by largest remainder (ties in Book order),
 * so no member exceeds its Wh; each member then takes its Wh from both ends of the merged order's
 * trades sorted by share (dearest first), as many from the top as makes its average share that
 * of what is left. Every member's value is then within about one Wh's share of
 * {@code V · wh_m / W}, i.e. its rate is the merged rate less at most one pair's share over its
 * Wh (below a tick for orders of more Wh than that share). BUYs are split first, then SELLs; a
 * BUY's value does not depend on which member of a merged SELL it trades with.
 */
final class IdenticalOrders {
    private final Market m;
    /** The members of each merged order (Book order). */
    private final int[][] buyMembers;
    private final int[][] sellMembers;

    private IdenticalOrders(Market m) {
        this.m = m;
        buyMembers = group(m.buyCount, m.buyPrice, m.buyPath);
        sellMembers = group(m.sellCount, m.sellPrice, m.sellPath);
    }

    static IdenticalOrders of(Market m) {
        return new IdenticalOrders(m);
    }

    /** The members (Book indices, ascending) of each merged BUY, merged BUYs in order of their first member. */
    int[][] buyGroups() {
        return buyMembers.clone();
    }

    /** The members of each merged SELL, as {@link #buyGroups()}. */
    int[][] sellGroups() {
        return sellMembers.clone();
    }

    /** Whether some two orders merge. */
    boolean anyMerged() {
        return buyMembers.length < m.buyCount || sellMembers.length < m.sellCount;
    }

    private static int[][] group(int n, long[] price, String[][] path) {
        TreeMap<String, Integer> byKey = new TreeMap<>();
        List<IntList> members = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            // Segments joined by '/', which a segment cannot contain; the price first.
            String key = price[k] + "|" + String.join("/", path[k]);
            Integer g = byKey.get(key);
            if (g == null) {
                g = members.size();
                byKey.put(key, g);
                members.add(new IntList());
            }
            members.get(g).add(k);
        }
        int[][] out = new int[members.size()][];
        for (int g = 0; g < out.length; g++) {
            out[g] = members.get(g).toArray();
        }
        return out;
    }

    /** The merged market: each merged order at its first member's place in Book order. */
    Market merged() {
        return m.merged(buyMembers, sellMembers);
    }

    /** Allocations of the merged market split back to the orders, in pair order. */
    List<Allocation> split(List<Allocation> merged) {
        // BUY side: (merged BUY g) → pieces (merged SELL h, wh, BUY share).
        List<List<long[]>> buyPieces = new ArrayList<>();
        for (int g = 0; g < buyMembers.length; g++) {
            buyPieces.add(new ArrayList<>());
        }
        for (Allocation a : merged) {
            long s = m.surplus(buyMembers[a.buy()][0], sellMembers[a.sell()][0]);
            buyPieces.get(a.buy()).add(new long[] {a.sell(), a.wh(), s - s / 2});
        }
        // (BUY i, merged SELL h, wh)
        List<long[]> half = new ArrayList<>();
        for (int g = 0; g < buyMembers.length; g++) {
            apportion(buyMembers[g], m.buyWh, buyPieces.get(g), half);
        }
        List<List<long[]>> sellPieces = new ArrayList<>();
        for (int h = 0; h < sellMembers.length; h++) {
            sellPieces.add(new ArrayList<>());
        }
        for (long[] t : half) {
            int i = (int) t[0];
            int h = (int) t[1];
            long s = m.surplus(i, sellMembers[h][0]);
            sellPieces.get(h).add(new long[] {i, t[2], s / 2});
        }
        TreeMap<Long, Long> byPair = new TreeMap<>();
        List<long[]> full = new ArrayList<>();
        for (int h = 0; h < sellMembers.length; h++) {
            full.clear();
            apportion(sellMembers[h], m.sellWh, sellPieces.get(h), full);
            for (long[] t : full) {
                // t = (SELL j, BUY i, wh)
                byPair.merge(t[1] * m.sellCount + t[0], t[2], Math::addExact);
            }
        }
        List<Allocation> out = new ArrayList<>(byPair.size());
        for (Map.Entry<Long, Long> e : byPair.entrySet()) {
            out.add(new Allocation((int) (e.getKey() / m.sellCount), (int) (e.getKey() % m.sellCount), e.getValue()));
        }
        return out;
    }

    /**
     * Splits one merged order's pieces {@code (counterparty, wh, share)} among its members; adds
     * {@code (member, counterparty, wh)} to {@code out}.
     */
    private static void apportion(int[] members, long[] memberWh, List<long[]> pieces, List<long[]> out) {
        if (pieces.isEmpty()) {
            return;
        }
        if (members.length == 1) {
            for (long[] p : pieces) {
                out.add(new long[] {members[0], p[0], p[1]});
            }
            return;
        }
        pieces.sort((a, b) -> a[2] != b[2] ? Long.compare(b[2], a[2]) : Long.compare(a[0], b[0]));
        long total = 0;
        long totalWh = 0;
        for (long[] p : pieces) {
            total = Math.addExact(total, p[1]);
        }
        for (int k : members) {
            totalWh = Math.addExact(totalWh, memberWh[k]);
        }
        long[] take = largestRemainder(members, memberWh, total, totalWh);
        long[] left = new long[pieces.size()];
        long valueLeft = 0;
        for (int r = 0; r < left.length; r++) {
            left[r] = pieces.get(r)[1];
            valueLeft = Math.addExact(valueLeft, Math.multiplyExact(left[r], pieces.get(r)[2]));
        }
        long whLeft = total;
        for (int r = 0; r < members.length; r++) {
            long need = take[r];
            if (need == 0) {
                continue;
            }
            // The fewest Wh from the top (dearest shares) such that with the rest from the bottom
            // the member's value reaches need · (value left / Wh left); value(α) grows with α.
            BigInteger target = BigInteger.valueOf(need).multiply(BigInteger.valueOf(valueLeft));
            long lo = 0;
            long hi = need;
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                long value = Math.addExact(edgeValue(pieces, left, mid, true), edgeValue(pieces, left, need - mid, false));
                if (BigInteger.valueOf(value).multiply(BigInteger.valueOf(whLeft)).compareTo(target) >= 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            long got = take(pieces, left, lo, true, members[r], out);
            got = Math.addExact(got, take(pieces, left, need - lo, false, members[r], out));
            valueLeft -= got;
            whLeft -= need;
        }
    }

    /** Value of the first ({@code top}) or last {@code units} Wh left. */
    private static long edgeValue(List<long[]> pieces, long[] left, long units, boolean top) {
        long value = 0;
        for (int n = 0; n < left.length && units > 0; n++) {
            int r = top ? n : left.length - 1 - n;
            long u = Math.min(units, left[r]);
            value = Math.addExact(value, Math.multiplyExact(u, pieces.get(r)[2]));
            units -= u;
        }
        return value;
    }

    /** Takes the first or last {@code units} Wh left for {@code member}; returns their value. */
    private static long take(List<long[]> pieces, long[] left, long units, boolean top, int member, List<long[]> out) {
        long value = 0;
        for (int n = 0; n < left.length && units > 0; n++) {
            int r = top ? n : left.length - 1 - n;
            long u = Math.min(units, left[r]);
            if (u > 0) {
                left[r] -= u;
                units -= u;
                value = Math.addExact(value, Math.multiplyExact(u, pieces.get(r)[2]));
                out.add(new long[] {member, pieces.get(r)[0], u});
            }
        }
        return value;
    }

    /**
     * {@code total} apportioned to the members in proportion to their Wh: floors, then one more
     * to the largest remainders (ties in Book order). No member gets more than its Wh, since
     * {@code total ≤ totalWh}.
     */
    private static long[] largestRemainder(int[] members, long[] memberWh, long total, long totalWh) {
        long[] take = new long[members.length];
        BigInteger[] remainder = new BigInteger[members.length];
        long given = 0;
        BigInteger t = BigInteger.valueOf(total);
        BigInteger w = BigInteger.valueOf(totalWh);
        for (int r = 0; r < members.length; r++) {
            BigInteger[] qr = t.multiply(BigInteger.valueOf(memberWh[members[r]])).divideAndRemainder(w);
            take[r] = qr[0].longValueExact();
            remainder[r] = qr[1];
            given += take[r];
        }
        Integer[] byRemainder = new Integer[members.length];
        for (int r = 0; r < members.length; r++) {
            byRemainder[r] = r;
        }
        Arrays.sort(byRemainder, (a, b) -> {
            int c = remainder[b].compareTo(remainder[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; given < total; k++) {
            take[byRemainder[k]]++;
            given++;
        }
        return take;
    }
}
