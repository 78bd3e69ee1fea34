package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Pro-rata rationing of a marginal level (docs/market-rules.md, UNIFORM_PRICE step 3): floors of
 * {@code R × q_k / L}, then one Wh each to the largest remainders {@code (R × q_k) mod L}, ties by
 * tie-break key; including products beyond 64 bits.
 */
class ProRataTest {

    private static List<Order> orders(long... whs) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < whs.length; i++) {
            orders.add(Books.buy("o" + i, whs[i], 10));
        }
        return orders;
    }

    /** ProRata on a level of BUYs o0, o1, … with these Wh; the shares in that order (the book holds them by key). */
    private static long[] share(long available, long total, long... whs) {
        Book.Half level = Books.book(orders(whs)).buyHalf();
        long[] byBook = ProRata.share(available, level, 0, whs.length, total);
        long[] byIndex = new long[whs.length];
        for (int i = 0; i < whs.length; i++) {
            byIndex[Integer.parseInt(level.orders[i].id().substring(1))] = byBook[i];
        }
        return byIndex;
    }

    /** The rule written out with BigInteger and an explicit ranking, independent of ProRata's arithmetic. */
    private static long[] reference(long available, List<Book.Entry> level, long total) {
        BigInteger r = BigInteger.valueOf(available);
        BigInteger l = BigInteger.valueOf(total);
        long[] fills = new long[level.size()];
        BigInteger[] remainders = new BigInteger[level.size()];
        long given = 0;
        for (int k = 0; k < level.size(); k++) {
            BigInteger[] qr = r.multiply(BigInteger.valueOf(level.get(k).wh())).divideAndRemainder(l);
            fills[k] = qr[0].longValueExact();
            remainders[k] = qr[1];
            given += fills[k];
        }
        List<Integer> ranking = new ArrayList<>();
        for (int k = 0; k < level.size(); k++) {
            ranking.add(k);
        }
        ranking.sort(Comparator.<Integer, BigInteger>comparing(k -> remainders[k]).reversed()
                .thenComparing(k -> level.get(k).key()));
        for (int i = 0; i < available - given; i++) {
            fills[ranking.get(i)]++;
        }
        return fills;
    }

    @Property(tries = 500)
    void sharesAreTheLargestRemainderAssignmentWhateverTheInputOrder(
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 1, max = 1_000_000_000) Long> whs,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed, @ForAll Random random) {
        long[] q = whs.stream().mapToLong(Long::longValue).toArray();
        long total = LongStream.of(q).sum();
        long available = Math.floorMod(seed, total);
        List<Order> orders = orders(q);
        Book book = Books.book(orders);
        long[] shares = ProRata.share(available, book.buyHalf(), 0, q.length, total);
        assertArrayEquals(reference(available, book.buys(), total), shares);
        assertEquals(available, LongStream.of(shares).sum());
        // The orders' input order does not matter: each order keeps its share.
        Collections.shuffle(orders, random);
        Book shuffled = Books.book(orders);
        long[] again = ProRata.share(available, shuffled.buyHalf(), 0, q.length, total);
        for (int i = 0; i < q.length; i++) {
            assertEquals(book.buys().get(i).id(), shuffled.buys().get(i).id());
            assertEquals(shares[i], again[i], book.buys().get(i).id());
        }
    }

    @Test
    void leftoverWhGoToTheLargestRemaindersNotToTheLargestOrders() {
        // R = 5, q = (1, 2, 4), L = 7: R*q = 5, 10, 20 -> floors 0, 1, 2 (3 Wh), remainders 5, 3, 6.
        // 2 Wh left: to o2 (remainder 6) and o0 (remainder 5); o1 (3) keeps its floor.
        assertArrayEquals(new long[] {1, 1, 3}, share(5, 7, 1, 2, 4));
    }

    @Test
    void equalRemaindersGoByTieBreakKey() {
        // R = 2, q = (2, 2, 2), L = 6: R*q = 4 each -> floors 0, remainders 4 each; 2 Wh left go to
        // the two smallest tie-break keys.
        List<String> byKey = Books.byKey("o0", "o1", "o2");
        long[] shares = share(2, 6, 2, 2, 2);
        long[] expected = new long[3];
        expected[Integer.parseInt(byKey.get(0).substring(1))] = 1;
        expected[Integer.parseInt(byKey.get(1).substring(1))] = 1;
        assertArrayEquals(expected, shares, "keys in order " + byKey);
        // R = 4, q = (2, 2, 1, 1), L = 6: R*q = 8, 8, 4, 4 -> floors 1, 1, 0, 0 (2 Wh), remainders
        // 2, 2, 4, 4: the 2 Wh left go to o2 and o3 whatever their keys.
        assertArrayEquals(new long[] {1, 1, 1, 1}, share(4, 6, 2, 2, 1, 1));
    }

    @Test
    void nothingLeftOverWhenTheFloorsAreExact() {
        // R = 6, q = (1, 2, 3, 6), L = 12: R*q = 6, 12, 18, 36 -> 0.5, 1, 1.5, 3 -> floors 0, 1, 1, 3
        // (5 Wh), remainders 6, 0, 6, 0: 1 Wh left to the smaller key of o0 and o2.
        String first = Books.byKey("o0", "o2").get(0);
        long[] expected = "o0".equals(first) ? new long[] {1, 1, 1, 3} : new long[] {0, 1, 2, 3};
        assertArrayEquals(expected, share(6, 12, 1, 2, 3, 6));
        // R = 0: nothing to share.
        assertArrayEquals(new long[] {0, 0}, share(0, 12, 5, 7));
    }

    @Test
    void overflowingProductsUseExactArithmetic() {
        // 9e9 × 1e9 = 9e18 fits; 1e10 × 1e9 = 1e19 does not.
        long[] q = new long[20];
        Arrays.fill(q, 1_000_000_000L);
        long[] shares = share(10_000_000_000L, 20_000_000_000L, q);
        long[] expected = new long[20];
        Arrays.fill(expected, 500_000_000L);
        assertArrayEquals(expected, shares);
        // R = L - 1 = 2e10 - 1 over 20 orders of 1e9: each R*q/L = 1e9 - 0.05 -> floors 999,999,999
        // (19,999,999,980 Wh), remainders all 1.9e10: the 19 smallest keys get the 19 Wh left.
        long[] close = share(19_999_999_999L, 20_000_000_000L, q);
        String[] ids = new String[20];
        Arrays.setAll(ids, i -> "o" + i);
        String last = Books.byKey(ids).get(19);
        for (int k = 0; k < 20; k++) {
            assertEquals(("o" + k).equals(last) ? 999_999_999L : 1_000_000_000L, close[k], "o" + k);
        }
    }
}
