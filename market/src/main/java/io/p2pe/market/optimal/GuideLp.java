package io.p2pe.market.optimal;

/**
 * A dense primal simplex in fixed-point {@code long} arithmetic ({@value #FRACTION_BITS} fraction
 * bits, products through {@link Math#multiplyHigh}): maximise {@code c·x} subject to
 * {@code A x ≤ b}, {@code x ≥ 0}, {@code b ≥ 0}, for a problem scaled so that its coefficients are
 * in {@code [0, 1]}. It is approximate (every product and quotient is truncated) but
 * deterministic: integer operations only, fixed pivot rules (Dantzig's, lowest column on ties;
 * the smallest ratio, lowest row on ties; Bland's after a run of degenerate pivots). It only
 * guides: the caller rounds its solution to whole Wh and checks and repairs it exactly, so an
 * inaccurate answer costs quality, never correctness. A value leaving the fixed-point range, a
 * pivot too small to trust, or too many pivots gives up (null).
 */
final class GuideLp {
    static final int FRACTION_BITS = 32;
    /** 1.0 in fixed point. */
    static final long ONE = 1L << FRACTION_BITS;
    /** Reduced costs and pivots smaller than this (2^-24) are taken as zero. */
    private static final long EPSILON = 1L << (FRACTION_BITS - 24);
    /** Largest magnitude a tableau entry may reach (2^28): beyond it precision is gone. */
    private static final long LIMIT = 1L << (FRACTION_BITS + 28);
    private static final int DEGENERATE_LIMIT = 50;

    private GuideLp() {
    }

    /** {@code a · b} in fixed point, or {@link Long#MIN_VALUE} when out of range. */
    static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi >= (1L << (FRACTION_BITS - 2)) || hi < -(1L << (FRACTION_BITS - 2))) {
            return Long.MIN_VALUE;
        }
        return (hi << (64 - FRACTION_BITS)) | (lo >>> FRACTION_BITS);
    }

    /** {@code a / b} in fixed point for {@code b > 0}, or {@link Long#MIN_VALUE} when out of range. */
    static long div(long a, long b) {
        if (Math.abs(a) >= 1L << (62 - FRACTION_BITS)) {
            java.math.BigInteger q = java.math.BigInteger.valueOf(a).shiftLeft(FRACTION_BITS)
                    .divide(java.math.BigInteger.valueOf(b));
            return q.bitLength() < 62 ? q.longValue() : Long.MIN_VALUE;
        }
        return (a << FRACTION_BITS) / b;
    }

    /**
     * The solution (fixed point), or null when given up.
     *
     * @param a rows of coefficients in fixed point
     * @param b right-hand sides in fixed point, all ≥ 0 (the slack basis is feasible)
     * @param c objective in fixed point
     * @param maxWork the most tableau entries to update before giving up
     */
    static long[] maximize(long[][] a, long[] b, long[] c, long maxWork) {
        int rows = b.length;
        int vars = c.length;
        int cols = vars + rows;
        long[][] t = new long[rows + 1][cols + 1];
        int[] basis = new int[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a[r], 0, t[r], 0, vars);
            t[r][vars + r] = ONE;
            t[r][cols] = b[r];
            basis[r] = vars + r;
        }
        for (int j = 0; j < vars; j++) {
            t[rows][j] = -c[j];
        }
        boolean bland = false;
        int degenerate = 0;
        long work = 0;
        while (true) {
            int q = -1;
            long[] z = t[rows];
            for (int j = 0; j < cols; j++) {
                if (z[j] < -EPSILON && (q < 0 || (!bland && z[j] < z[q]))) {
                    q = j;
                    if (bland) {
                        break;
                    }
                }
            }
            if (q < 0) {
                break;
            }
            work += (long) (rows + 1) * (cols + 1);
            if (work > maxWork) {
                return null;
            }
            int p = -1;
            long best = 0;
            for (int r = 0; r < rows; r++) {
                if (t[r][q] > EPSILON) {
                    long ratio = div(Math.max(t[r][cols], 0), t[r][q]);
                    if (ratio == Long.MIN_VALUE) {
                        continue;
                    }
                    if (p < 0 || ratio < best || (ratio == best && basis[r] < basis[p])) {
                        p = r;
                        best = ratio;
                    }
                }
            }
            if (p < 0) {
                return null;
            }
            degenerate = best == 0 ? degenerate + 1 : 0;
            bland = degenerate >= DEGENERATE_LIMIT;
            if (!pivot(t, p, q, cols)) {
                return null;
            }
            basis[p] = q;
        }
        long[] x = new long[vars];
        for (int r = 0; r < rows; r++) {
            if (basis[r] < vars) {
                x[basis[r]] = Math.max(t[r][cols], 0);
            }
        }
        return x;
    }

    private static boolean pivot(long[][] t, int p, int q, int cols) {
        long[] pr = t[p];
        long g = pr[q];
        for (int j = 0; j <= cols; j++) {
            if (pr[j] != 0) {
                long v = j == q ? ONE : div(pr[j], g);
                if (v == Long.MIN_VALUE || Math.abs(v) > LIMIT) {
                    return false;
                }
                pr[j] = v;
            }
        }
        int[] nz = new int[cols + 1];
        int n = 0;
        for (int j = 0; j <= cols; j++) {
            if (pr[j] != 0) {
                nz[n++] = j;
            }
        }
        for (int r = 0; r < t.length; r++) {
            long[] row = t[r];
            long f = row[q];
            if (r == p || f == 0) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                int j = nz[k];
                long d = mul(f, pr[j]);
                if (d == Long.MIN_VALUE) {
                    return false;
                }
                long v = row[j] - d;
                if (Math.abs(v) > LIMIT) {
                    return false;
                }
                row[j] = v;
            }
            row[q] = 0;
        }
        return true;
    }
}
