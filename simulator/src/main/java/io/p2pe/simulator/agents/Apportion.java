package io.p2pe.simulator.agents;

/** Integer apportionment, so that generated profiles add up exactly. */
final class Apportion {
    private Apportion() {
    }

    /**
     * Splits {@code total} in proportion to {@code weights} (which add up to {@code sum} > 0):
     * each part is {@code floor(total × w / sum)}, and the units left over go one each to the
     * parts with the largest remainders, ties to the earlier part.
     */
    static long[] largestRemainder(long total, long[] weights, long sum) {
        int n = weights.length;
        long[] out = new long[n];
        long[] rem = new long[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            out[i] = Math.multiplyExact(total, weights[i]) / sum;
            rem[i] = Math.multiplyExact(total, weights[i]) % sum;
            given += out[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best])) {
                    best = i;
                }
            }
            out[best]++;
            rem[best] = -1;
        }
        return out;
    }
}
