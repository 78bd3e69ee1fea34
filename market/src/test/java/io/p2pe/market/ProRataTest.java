package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Pro-rata rationing of a marginal level, including products beyond 64 bits. */
class ProRataTest {

    /** One price level of BUYs with these Wh, in book order (by key). */
    private static Book.Half level(long... whs) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < whs.length; i++) {
            orders.add(Books.buy("o" + i, whs[i], 10));
        }
        return Books.book(orders).buyHalf();
    }

    @Property(tries = 500)
    void sharesAreFloorsPlusOneForTheLargestRemainders(
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 1, max = 1_000_000_000) Long> whs,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        long[] q = whs.stream().mapToLong(Long::longValue).toArray();
        long total = LongStream.of(q).sum();
        long available = Math.floorMod(seed, total);
        Book.Half level = level(q);
        long[] shares = ProRata.share(available, level, 0, q.length, total);
        assertEquals(available, LongStream.of(shares).sum());
        for (int k = 0; k < q.length; k++) {
            long floor = BigInteger.valueOf(available).multiply(BigInteger.valueOf(level.whs[k]))
                    .divide(BigInteger.valueOf(total)).longValueExact();
            assertTrue(shares[k] == floor || shares[k] == floor + 1, "floor or floor + 1");
        }
    }

    @Test
    void overflowingProductsUseExactArithmetic() {
        // 9e9 × 1e9 = 9e18 fits; 1e10 × 1e9 = 1e19 does not.
        long[] q = new long[20];
        Arrays.fill(q, 1_000_000_000L);
        long[] shares = ProRata.share(10_000_000_000L, level(q), 0, q.length, 20_000_000_000L);
        long[] expected = new long[20];
        Arrays.fill(expected, 500_000_000L);
        assertArrayEquals(expected, shares);
    }
}
