package io.p2pe.market.optimal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Exact two-phase simplex over the integers: maximise {@code c·x} subject to {@code A x ≤ b},
 * {@code x ≥ 0}, for integer {@code A}, {@code b}, {@code c}. No rounding anywhere: each tableau
 * row is kept as integer numerators over one positive row denominator (reduced by the row's gcd
 * when it grows large), so the arithmetic is BigInteger and the answer exact.
 *
 * <p>Pivoting: Dantzig's rule (most negative reduced cost, lowest column on ties) with the
 * lexicographically-first minimum-ratio row (lowest basic variable on ties); after
 * {@value #DEGENERATE_LIMIT} consecutive degenerate pivots it switches to Bland's rule for the rest
 * of the solve, which cannot cycle. Everything is deterministic.
 *
 * <p>Work is measured in tableau entries recomputed, a deterministic proxy for time; a solve that
 * would exceed its work limit stops with {@link Status#OUT_OF_WORK}.
 */
final class ExactLp {
    /** Outcome of a solve. */
    enum Status {
        OPTIMAL,
        INFEASIBLE,
        UNBOUNDED,
        OUT_OF_WORK
    }

    /**
     * @param x the optimal values of the original variables (null unless OPTIMAL)
     * @param value the optimal objective (null unless OPTIMAL)
     * @param work tableau entries recomputed
     */
    record Result(Status status, Fraction[] x, Fraction value, long work) {
    }

    private static final int DEGENERATE_LIMIT = 50;
    private static final int NORMALIZE_BITS = 48;

    private final int rows;
    private final int vars;
    private final int cols;
    private final int rhs;
    private final int firstArtificial;
    /** Rows 0 … rows−1 constraints; row {@code rows}: objective; row {@code rows + 1}: phase-1 objective. */
    private final BigInteger[][] t;
    private final BigInteger[] den;
    private final int[] basis;
    private final long workLimit;
    private long work;
    private boolean bland;
    private int degenerateRun;

    private ExactLp(BigInteger[][] a, BigInteger[] b, BigInteger[] c, long workLimit) {
        this.workLimit = workLimit;
        rows = b.length;
        vars = c.length;
        int artificials = 0;
        for (BigInteger bi : b) {
            if (bi.signum() < 0) {
                artificials++;
            }
        }
        firstArtificial = vars + rows;
        cols = vars + rows + artificials;
        rhs = cols;
        t = new BigInteger[rows + 2][cols + 1];
        for (BigInteger[] row : t) {
            Arrays.fill(row, BigInteger.ZERO);
        }
        den = new BigInteger[rows + 2];
        Arrays.fill(den, BigInteger.ONE);
        basis = new int[rows];
        int art = firstArtificial;
        int obj1 = rows + 1;
        for (int r = 0; r < rows; r++) {
            boolean flip = b[r].signum() < 0;
            for (int j = 0; j < vars; j++) {
                t[r][j] = flip ? a[r][j].negate() : a[r][j];
            }
            t[r][vars + r] = flip ? BigInteger.ONE.negate() : BigInteger.ONE;
            t[r][rhs] = flip ? b[r].negate() : b[r];
            if (flip) {
                t[r][art] = BigInteger.ONE;
                basis[r] = art;
                // Phase 1 maximises −Σ artificials: subtract the row so the basic column is 0.
                for (int j = 0; j <= cols; j++) {
                    if (j != art) {
                        t[obj1][j] = t[obj1][j].subtract(t[r][j]);
                    }
                }
                art++;
            } else {
                basis[r] = vars + r;
            }
        }
        for (int j = 0; j < vars; j++) {
            t[rows][j] = c[j].negate();
        }
    }

    /** Maximises {@code c·x} subject to {@code A x ≤ b}, {@code x ≥ 0}, within {@code workLimit}. */
    static Result maximize(BigInteger[][] a, BigInteger[] b, BigInteger[] c, long workLimit) {
        return new ExactLp(a, b, c, workLimit).solve();
    }

    private Result solve() {
        if (firstArtificial < cols) {
            Status phase1 = run(rows + 1, cols);
            if (phase1 != Status.OPTIMAL) {
                return new Result(phase1, null, null, work);
            }
            if (t[rows + 1][rhs].signum() != 0) {
                return new Result(Status.INFEASIBLE, null, null, work);
            }
            driveOutArtificials();
        }
        bland = false;
        degenerateRun = 0;
        Status phase2 = run(rows, firstArtificial);
        if (phase2 != Status.OPTIMAL) {
            return new Result(phase2, null, null, work);
        }
        Fraction[] x = new Fraction[vars];
        Arrays.fill(x, Fraction.ZERO);
        for (int r = 0; r < rows; r++) {
            if (basis[r] < vars) {
                x[basis[r]] = new Fraction(t[r][rhs], den[r]);
            }
        }
        return new Result(Status.OPTIMAL, x, new Fraction(t[rows][rhs], den[rows]), work);
    }

    /**
     * Pivots on objective row {@code obj} with entering columns below {@code colLimit} until
     * optimal, unbounded or out of work.
     */
    private Status run(int obj, int colLimit) {
        while (true) {
            int q = entering(obj, colLimit);
            if (q < 0) {
                return Status.OPTIMAL;
            }
            int p = leaving(q);
            if (p < 0) {
                return Status.UNBOUNDED;
            }
            if (work > workLimit) {
                return Status.OUT_OF_WORK;
            }
            if (t[p][rhs].signum() == 0) {
                if (++degenerateRun >= DEGENERATE_LIMIT) {
                    bland = true;
                }
            } else {
                degenerateRun = 0;
            }
            pivot(p, q);
        }
    }

    private int entering(int obj, int colLimit) {
        int best = -1;
        BigInteger[] z = t[obj];
        for (int j = 0; j < colLimit; j++) {
            if (z[j].signum() < 0) {
                if (bland) {
                    return j;
                }
                if (best < 0 || z[j].compareTo(z[best]) < 0) {
                    best = j;
                }
            }
        }
        return best;
    }

    private int leaving(int q) {
        int best = -1;
        for (int r = 0; r < rows; r++) {
            if (t[r][q].signum() > 0) {
                if (best < 0) {
                    best = r;
                    continue;
                }
                int cmp = t[r][rhs].multiply(t[best][q]).compareTo(t[best][rhs].multiply(t[r][q]));
                if (cmp < 0 || cmp == 0 && basis[r] < basis[best]) {
                    best = r;
                }
            }
        }
        return best;
    }

    private void pivot(int p, int q) {
        work += (long) t.length * (cols + 1);
        BigInteger[] pr = t[p];
        BigInteger g = pr[q];
        for (int r = 0; r < t.length; r++) {
            if (r == p) {
                continue;
            }
            BigInteger[] row = t[r];
            BigInteger f = row[q];
            if (f.signum() == 0) {
                continue;
            }
            // new row = (row·g − f·pivotRow) / (den·g), with f and g first divided by their gcd.
            BigInteger h = f.gcd(g);
            BigInteger fr = f.divide(h);
            BigInteger gr = g.divide(h);
            boolean unit = gr.equals(BigInteger.ONE);
            for (int j = 0; j <= cols; j++) {
                BigInteger v = row[j].signum() == 0 || unit ? row[j] : row[j].multiply(gr);
                if (pr[j].signum() != 0) {
                    v = v.subtract(fr.multiply(pr[j]));
                }
                row[j] = v;
            }
            den[r] = unit ? den[r] : den[r].multiply(gr);
            normalize(r);
        }
        den[p] = g;
        normalize(p);
        basis[p] = q;
    }

    /**
     * Divides row {@code r} and its denominator by their gcd, once the denominator has grown past
     * {@value #NORMALIZE_BITS} bits (reducing every row at every pivot costs more than it saves).
     */
    private void normalize(int r) {
        if (den[r].bitLength() < NORMALIZE_BITS) {
            return;
        }
        BigInteger g = den[r];
        BigInteger[] row = t[r];
        for (int j = 0; j <= cols && !g.equals(BigInteger.ONE); j++) {
            if (row[j].signum() != 0) {
                g = g.gcd(row[j]);
            }
        }
        if (!g.equals(BigInteger.ONE)) {
            for (int j = 0; j <= cols; j++) {
                if (row[j].signum() != 0) {
                    row[j] = row[j].divide(g);
                }
            }
            den[r] = den[r].divide(g);
        }
    }

    /**
     * After phase 1 every artificial is zero; pivot those still basic out on any non-artificial
     * column of their row. A row with none is redundant and its artificial stays basic at zero,
     * untouched by later pivots (its entries in entering columns are zero).
     */
    private void driveOutArtificials() {
        for (int r = 0; r < rows; r++) {
            if (basis[r] >= firstArtificial) {
                for (int j = 0; j < firstArtificial; j++) {
                    if (t[r][j].signum() != 0) {
                        if (t[r][j].signum() < 0) {
                            negateRow(r);
                        }
                        pivot(r, j);
                        break;
                    }
                }
            }
        }
    }

    private void negateRow(int r) {
        for (int j = 0; j <= cols; j++) {
            t[r][j] = t[r][j].negate();
        }
    }
}
