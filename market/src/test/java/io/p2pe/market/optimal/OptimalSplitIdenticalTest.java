package io.p2pe.market.optimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p2pe.market.Book;
import io.p2pe.market.GridLocation;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.Trade;
import io.p2pe.market.WheelingSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade's grouping of identical orders and its split of a merged allocation, for off-chain solvers. */
class OptimalSplitIdenticalTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";

    /** Three identical BUYs (2000 at "a") of 100, 200 and 300 Wh, one at another place, one SELL of 600 Wh. */
    private static Book book() {
        return new Book(SLOT, WheelingSchedule.FREE, List.of(
                new Order("b1", "h1", Side.BUY, 100, 2000, GridLocation.parse("a")),
                new Order("b2", "h2", Side.BUY, 200, 2000, GridLocation.parse("a")),
                new Order("b3", "h3", Side.BUY, 300, 2000, GridLocation.parse("a")),
                new Order("b4", "h4", Side.BUY, 50, 1900, GridLocation.parse("a")),
                new Order("s1", "g1", Side.SELL, 600, 1000, GridLocation.parse("a"))));
    }

    @Test
    void identicalOrdersAreGroupedInBookOrder() {
        Book book = book();
        int[][] buys = OptimalTrades.identicalBuys(book);
        assertEquals(2, buys.length);
        assertEquals(3, buys[0].length);
        // The group of 2000 comes first (Book order: price descending); b4 is alone.
        assertEquals("b4", book.buys().get(buys[1][0]).id());
        assertArrayEquals(new int[][] {{0}}, OptimalTrades.identicalSells(book));
    }

    @Test
    void aMergedAllocationSplitsInProportionToWh() {
        // 300 of the group's 600 Wh: 300 · 100/600 = 50, 100, 150; surplus 1000, price 1000 + 500.
        List<Trade> trades = OptimalTrades.splitIdentical(book(), new int[] {0}, new int[] {0}, new long[] {300});
        assertEquals(List.of(new Trade("b1", "s1", 50, 1500, 0), new Trade("b2", "s1", 100, 1500, 0),
                new Trade("b3", "s1", 150, 1500, 0)), trades);
    }

    @Test
    void anAllocationBeyondTheGroupOrOutOfRangeIsRefused() {
        Book book = book();
        assertThrows(IllegalArgumentException.class,
                () -> OptimalTrades.splitIdentical(book, new int[] {0}, new int[] {0}, new long[] {601}));
        assertThrows(IllegalArgumentException.class,
                () -> OptimalTrades.splitIdentical(book, new int[] {1, 0}, new int[] {0, 0}, new long[] {50, 551}));
        assertThrows(IllegalArgumentException.class,
                () -> OptimalTrades.splitIdentical(book, new int[] {2}, new int[] {0}, new long[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> OptimalTrades.splitIdentical(book, new int[] {0}, new int[] {0}, new long[] {-1}));
        assertThrows(IllegalArgumentException.class,
                () -> OptimalTrades.splitIdentical(book, new int[] {0}, new int[] {0, 0}, new long[] {1}));
    }
}
