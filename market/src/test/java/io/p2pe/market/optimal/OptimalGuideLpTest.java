package io.p2pe.market.optimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fixed-point guide simplex: textbook answers within its precision, and every way it gives up. */
class OptimalGuideLpTest {
    private static final long ONE = GuideLp.ONE;

    private static long fx(long num, long den) {
        return num * ONE / den;
    }

    private static void near(long expected, long actual) {
        assertTrue(Math.abs(expected - actual) <= ONE >> 20, () -> expected + " vs " + actual);
    }

    @Test
    void fixedPointArithmetic() {
        assertEquals(fx(3, 4), GuideLp.mul(fx(1, 2), fx(3, 2)));
        assertEquals(-fx(3, 4), GuideLp.mul(-fx(1, 2), fx(3, 2)));
        assertEquals(fx(1, 3), GuideLp.div(ONE, 3 * ONE));
        // A large dividend takes the wide path.
        assertEquals(fx(1L << 20, 1) / 2, GuideLp.div(fx(1L << 20, 1), 2 * ONE));
        assertEquals(Long.MIN_VALUE, GuideLp.mul(ONE << 29, ONE << 29));
        assertEquals(Long.MIN_VALUE, GuideLp.div(Long.MAX_VALUE / 2, 1));
    }

    @Test
    void fractionalVertex() {
        // max x + y, x/2 + y ≤ 1, x + y/4 ≤ 1: the vertex (6/7, 4/7).
        long[] x = GuideLp.maximize(new long[][] {{fx(1, 2), ONE}, {ONE, fx(1, 4)}}, new long[] {ONE, ONE},
                new long[] {ONE, ONE}, 1_000);
        near(fx(6, 7), x[0]);
        near(fx(4, 7), x[1]);
    }

    @Test
    void degenerateStartIsLeft() {
        // max t with t − y ≤ 0 (tight at 0), y ≤ 1: t = y = 1 after a degenerate pivot.
        long[] x = GuideLp.maximize(new long[][] {{ONE, -ONE}, {0, ONE}}, new long[] {0, ONE}, new long[] {ONE, 0}, 1_000);
        near(ONE, x[0]);
        near(ONE, x[1]);
    }

    @Test
    void givesUpWhenUnboundedOutOfWorkOrOutOfRange() {
        assertNull(GuideLp.maximize(new long[][] {{ONE, -ONE}}, new long[] {ONE}, new long[] {0, ONE}, 1_000));
        assertNull(GuideLp.maximize(new long[][] {{fx(1, 2), ONE}, {ONE, fx(1, 4)}}, new long[] {ONE, ONE},
                new long[] {ONE, ONE}, 5));
        // A pivot of 2^-23 turns a coefficient of 1 into 2^23 and the right-hand side past the range.
        assertNull(GuideLp.maximize(new long[][] {{ONE >> 23, ONE}}, new long[] {ONE << 20}, new long[] {ONE, 0}, 1_000));
    }
}
