package io.p2pe.market;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Rationing of one price level (MARKET-RULES.md, UNIFORM_PRICE step 3): order k gets
 * {@code floor(R × q_k / L)}, and the Wh still left go one each to the orders with the largest
 * remainders {@code (R × q_k) mod L}, ties by tie-break key.
 */
final class ProRata {
    private ProRata() {
    }

    /**
     * Shares {@code available} Wh among a level's orders.
     *
     * @param available R, the Wh left for this level; {@code 0 ≤ R < levelTotal}
     * @param level the level's orders (all at one price), in any order
     * @param levelTotal L, the sum of the level's Wh
     * @return the fill of each order, index-aligned with {@code level}; sums to {@code available}
     */
    static long[] share(long available, List<Book.Entry> level, long levelTotal) {
        int n = level.size();
        long[] fills = new long[n];
        long[] remainders = new long[n];
        long given = 0;
        for (int k = 0; k < n; k++) {
            long q = level.get(k).wh();
            // R × q_k can exceed a long (a level can hold up to ~1e15 Wh and q_k up to 1e9), so
            // the exact 128-bit path takes over when the product does not fit.
            long high = Math.multiplyHigh(available, q);
            long low = available * q;
            if (high == 0 && low >= 0) {
                fills[k] = low / levelTotal;
                remainders[k] = low % levelTotal;
            } else {
                BigInteger[] qr = BigInteger.valueOf(available).multiply(BigInteger.valueOf(q))
                        .divideAndRemainder(BigInteger.valueOf(levelTotal));
                fills[k] = qr[0].longValueExact();
                remainders[k] = qr[1].longValueExact();
            }
            given = Math.addExact(given, fills[k]);
        }
        // Fewer than n Wh are left over: the floors lose less than 1 Wh per order.
        int leftover = Math.toIntExact(available - given);
        if (leftover > 0) {
            Integer[] byRemainder = new Integer[n];
            Arrays.setAll(byRemainder, i -> i);
            Arrays.sort(byRemainder, Comparator.<Integer>comparingLong(i -> remainders[i]).reversed()
                    .thenComparing(i -> level.get(i).key()));
            for (int i = 0; i < leftover; i++) {
                fills[byRemainder[i]]++;
            }
        }
        return fills;
    }
}
