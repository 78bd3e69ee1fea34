package io.p2pe.market;

/**
 * Stable sort of unsigned 64-bit keys that carry an {@code int} each (an index into the caller's
 * arrays): least-significant-digit radix sort, 8 bits a pass, passes whose byte is the same for
 * every key skipped. The engine's orderings (ids, price and tie-break key, trade pairs) are encoded
 * as such keys so that a large book sorts in a few linear passes over primitive arrays instead of
 * {@code n log n} comparisons of strings.
 */
final class KeySort {
    private static final int PASSES = 8;

    private KeySort() {
    }

    /** Sorts {@code keys[0, n)} ascending as unsigned values, moving {@code values} along. */
    static void sort(long[] keys, int[] values, int n) {
        if (n < 2) {
            return;
        }
        int[][] counts = new int[PASSES][256];
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass][(int) (k >>> (8 * pass)) & 0xff]++;
            }
        }
        long[] keysFrom = keys;
        int[] valuesFrom = values;
        long[] keysTo = null;
        int[] valuesTo = null;
        for (int pass = 0; pass < PASSES; pass++) {
            int[] count = counts[pass];
            if (count[(int) (keys[0] >>> (8 * pass)) & 0xff] == n) {
                continue;
            }
            if (keysTo == null) {
                keysTo = new long[n];
                valuesTo = new int[n];
            }
            int offset = 0;
            for (int b = 0; b < 256; b++) {
                int c = count[b];
                count[b] = offset;
                offset += c;
            }
            int shift = 8 * pass;
            for (int i = 0; i < n; i++) {
                long k = keysFrom[i];
                int at = count[(int) (k >>> shift) & 0xff]++;
                keysTo[at] = k;
                valuesTo[at] = valuesFrom[i];
            }
            long[] k = keysFrom;
            keysFrom = keysTo;
            keysTo = k;
            int[] v = valuesFrom;
            valuesFrom = valuesTo;
            valuesTo = v;
        }
        if (keysFrom != keys) {
            System.arraycopy(keysFrom, 0, keys, 0, n);
            System.arraycopy(valuesFrom, 0, values, 0, n);
        }
    }
}
