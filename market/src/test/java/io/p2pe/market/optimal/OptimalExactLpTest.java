package io.p2pe.market.optimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The exact simplex and the branch and bound on textbook problems with known answers. */
class OptimalExactLpTest {
    private static final long BUDGET = 1_000_000;

    private static BigInteger[][] rows(long[]... rows) {
        BigInteger[][] a = new BigInteger[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            a[r] = vector(rows[r]);
        }
        return a;
    }

    private static BigInteger[] vector(long... v) {
        BigInteger[] b = new BigInteger[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = BigInteger.valueOf(v[k]);
        }
        return b;
    }

    private static Fraction f(long num, long den) {
        return new Fraction(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    @Test
    void fractionalVertex() {
        // max x + y, x + 2y ≤ 4, 3x + y ≤ 6: the vertex (8/5, 6/5), value 14/5.
        ExactLp.Result r = ExactLp.maximize(rows(new long[] {1, 2}, new long[] {3, 1}), vector(4, 6), vector(1, 1), BUDGET);
        assertEquals(ExactLp.Status.OPTIMAL, r.status());
        assertArrayEquals(new Fraction[] {f(8, 5), f(6, 5)}, r.x());
        assertEquals(f(14, 5), r.value());
    }

    @Test
    void phaseOneForLowerBoundsAndRedundantRows() {
        // max −x with x ≥ 2 and x ≤ 5: x = 2.
        ExactLp.Result r = ExactLp.maximize(rows(new long[] {-1}, new long[] {1}), vector(-2, 5), vector(-1), BUDGET);
        assertEquals(f(2, 1), r.x()[0]);
        // x + y = 2 written as two inequalities, max x: x = 2, y = 0.
        r = ExactLp.maximize(rows(new long[] {1, 1}, new long[] {-1, -1}), vector(2, -2), vector(1, 0), BUDGET);
        assertEquals(ExactLp.Status.OPTIMAL, r.status());
        assertArrayEquals(new Fraction[] {f(2, 1), f(0, 1)}, r.x());
    }

    @Test
    void infeasibleUnboundedAndOutOfWork() {
        assertEquals(ExactLp.Status.INFEASIBLE,
                ExactLp.maximize(rows(new long[] {1}, new long[] {-1}), vector(1, -2), vector(1), BUDGET).status());
        assertEquals(ExactLp.Status.UNBOUNDED,
                ExactLp.maximize(rows(new long[] {1, -1}), vector(1), vector(0, 1), BUDGET).status());
        assertEquals(ExactLp.Status.OUT_OF_WORK,
                ExactLp.maximize(rows(new long[] {1, 2}, new long[] {3, 1}), vector(4, 6), vector(1, 1), 0).status());
    }

    @Test
    void branchAndBoundFindsTheIntegralOptimum() {
        // max 5x + 4y, 6x + 4y ≤ 24, x + 2y ≤ 6: LP (3, 3/2) = 21, integers (4, 0) = 20.
        IntegerSearch search = new IntegerSearch(rows(new long[] {6, 4}, new long[] {1, 2}), vector(24, 6),
                vector(5, 4), new long[] {4, 3}, new boolean[] {true, true}, v -> new Fraction(v.floor(), BigInteger.ONE),
                x -> null, null);
        IntegerSearch.Outcome out = search.run(BUDGET);
        assertTrue(out.complete());
        assertArrayEquals(new Fraction[] {f(4, 1), f(0, 1)}, out.x());
        assertEquals(f(20, 1), out.value());
        IntegerSearch starved = new IntegerSearch(rows(new long[] {6, 4}, new long[] {1, 2}), vector(24, 6),
                vector(5, 4), new long[] {4, 3}, new boolean[] {true, true}, v -> v, x -> null, null);
        assertEquals(false, starved.run(10).complete());
    }
}
