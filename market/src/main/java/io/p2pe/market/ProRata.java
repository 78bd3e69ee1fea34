package io.p2pe.market;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Rationing of one price level (docs/market-rules.md, UNIFORM_PRICE step 3): order k gets
 * {@code floor(R × q_k / L)}, and the Wh still left go one each to the orders with the largest
 * remainders {@code (R × q_k) mod L}, ties by tie-break key.
 */
final class ProRata {
    private ProRata() {
    }

    /**
     * Shares {@code available} Wh among a level's orders {@code side[start, end)}.
     *
     * @param available R, the Wh left for this level; {@code 0 ≤ R < levelTotal}
     * @param levelTotal L, the sum of the level's Wh
     * @return the fill of each order, index-aligned with {@code side[start, end)}; sums to
     *     {@code available}
     */
    static long[] share(long available, Book.Half side, int start, int end, long levelTotal) {
        int n = end - start;
        long[] fills = new long[n];
        long[] remainders = new long[n];
        long given = 0;
        for (int k = 0; k < n; k++) {
            long q = side.whs[start + k];
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
            Arrays.sort(byRemainder, (x, y) -> {
                int c = Long.compare(remainders[y], remainders[x]);
                return c != 0 ? c : side.compareKeys(start + x, start + y);
            });
            for (int i = 0; i < leftover; i++) {
                fills[byRemainder[i]]++;
            }
        }
        return fills;
    }
}
