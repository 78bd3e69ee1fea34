package io.p2pe.market;

import static io.p2pe.market.Books.buy;
import static io.p2pe.market.Books.filled;
import static io.p2pe.market.Books.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of UNIFORM_PRICE, one per rule of docs/market-rules.md. */
class UniformPriceClearingTest {

    private static ClearingResult clear(Order... orders) {
        return Books.clear(Mechanism.UNIFORM_PRICE, orders);
    }

    @Test
    void horizontalOverlapPricesAtTheMidpointOfTheGap() {
        // D(p) ≥ 100 for p ≤ 50, S(p) ≥ 100 for p ≥ 30: every price in [30, 50] clears 100 Wh.
        ClearingResult r = clear(buy("b1", 100, 50), sell("s1", 100, 30));
        assertEquals(100, r.volumeWh());
        assertEquals(40L, r.clearingPrice());
        assertEquals(List.of(new Trade("b1", "s1", 100, 40, 0)), r.trades());
        assertEquals(2000, r.surplus());
    }

    @Test
    void oddGapRoundsDown() {
        ClearingResult r = clear(buy("b1", 100, 51), sell("s1", 100, 30));
        assertEquals(40L, r.clearingPrice()); // 30 + floor(21 / 2)
    }

    @Test
    void intervalEndsAtTheMarginalBidWhenAnotherBidOverlapsVertically() {
        // b2 at 40 is not needed for Q* = 100, so the interval is [40, 50], not [40, 40].
        ClearingResult r = clear(buy("b1", 100, 50), buy("b2", 50, 40), sell("s1", 100, 40));
        assertEquals(100, r.volumeWh());
        assertEquals(45L, r.clearingPrice());
        assertEquals(100, filled(r, "b1"));
        assertEquals(0, filled(r, "b2"));
    }

    @Test
    void verticalOverlapAtOnePriceRationsTheLongSide() {
        // Both curves are vertical at 40: only 40 clears, and the 100 Wh of bids share 50 Wh.
        ClearingResult r = clear(buy("b1", 60, 40), buy("b2", 40, 40), sell("s1", 50, 40));
        assertEquals(50, r.volumeWh());
        assertEquals(40L, r.clearingPrice());
        assertEquals(30, filled(r, "b1"));
        assertEquals(20, filled(r, "b2"));
        assertEquals(50, filled(r, "s1"));
        assertEquals(0, r.surplus());
    }

    @Test
    void marginalLevelGoesToLargestRemaindersFirst() {
        // R = 7 of L = 10: b1 gets 3 rem 5, b2 2 rem 1, b3 1 rem 4; the last Wh goes to b1.
        ClearingResult r = clear(buy("b0", 3, 60), buy("b1", 5, 40), buy("b2", 3, 40), buy("b3", 2, 40),
                sell("s1", 10, 30));
        assertEquals(10, r.volumeWh());
        assertEquals(3, filled(r, "b0"));
        assertEquals(4, filled(r, "b1"));
        assertEquals(2, filled(r, "b2"));
        assertEquals(1, filled(r, "b3"));
    }

    @Test
    void equalRemaindersGoByTieBreakKey() {
        // R = 2 of three 1 Wh bids: all floors are 0 with equal remainders; the two smallest keys win.
        ClearingResult r = clear(buy("b1", 1, 40), buy("b2", 1, 40), buy("b3", 1, 40), sell("s1", 2, 30));
        List<String> byKey = Books.byKey("b1", "b2", "b3");
        assertEquals(1, filled(r, byKey.get(0)));
        assertEquals(1, filled(r, byKey.get(1)));
        assertEquals(0, filled(r, byKey.get(2)));
    }

    @Test
    void sellSideIsRationedToo() {
        ClearingResult r = clear(buy("b1", 9, 50), sell("s1", 4, 20), sell("s2", 8, 20), sell("s3", 2, 10));
        // Q* = 9: s3 fills 2, then 7 Wh over the 12 Wh level at 20: s1 28/12 = 2 rem 4, s2 56/12 = 4 rem 8.
        assertEquals(9, r.volumeWh());
        assertEquals(2, filled(r, "s3"));
        assertEquals(2, filled(r, "s1"));
        assertEquals(5, filled(r, "s2"));
        assertEquals(35L, r.clearingPrice()); // [20, 50]
    }

    @Test
    void tradesFollowTheStaircase() {
        ClearingResult r = clear(buy("b1", 100, 60), buy("b2", 50, 55), sell("s1", 70, 30), sell("s2", 80, 40));
        assertEquals(150, r.volumeWh());
        assertEquals(47L, r.clearingPrice()); // [40, 55]
        assertEquals(List.of(new Trade("b1", "s1", 70, 47, 0), new Trade("b1", "s2", 30, 47, 0),
                new Trade("b2", "s2", 50, 47, 0)), r.trades());
    }

    @Test
    void noCrossClearsNothing() {
        ClearingResult r = clear(buy("b1", 100, 30), sell("s1", 100, 31));
        assertNull(r.clearingPrice());
        assertEquals(0, r.volumeWh());
        assertTrue(r.trades().isEmpty());
        assertEquals(List.of(new Fill("b1", 0), new Fill("s1", 0)), r.fills());
    }

    @Test
    void equalPricesTrade() {
        ClearingResult r = clear(buy("b1", 10, 30), sell("s1", 10, 30));
        assertEquals(10, r.volumeWh());
        assertEquals(30L, r.clearingPrice());
        assertEquals(0, r.surplus());
    }

    @Test
    void oneSidedAndEmptyBooksClearNothing() {
        assertNull(clear(buy("b1", 10, 30), buy("b2", 10, 40)).clearingPrice());
        assertNull(clear(sell("s1", 10, 30)).clearingPrice());
        ClearingResult empty = clear();
        assertNull(empty.clearingPrice());
        assertTrue(empty.fills().isEmpty());
    }

    @Test
    void negativePricesRoundTowardMinusInfinity() {
        // [−25, −10]: −25 + floor(15 / 2) = −18.
        ClearingResult r = clear(buy("b1", 100, -10), sell("s1", 100, -25));
        assertEquals(-18L, r.clearingPrice());
        assertEquals(1500, r.surplus());
    }

    @Test
    void priceLimitsAtTheExtremes() {
        ClearingResult r = clear(buy("b1", 1_000_000_000, 10_000_000), sell("s1", 1_000_000_000, -1_000_000));
        assertEquals(4_500_000L, r.clearingPrice());
        assertEquals(11_000_000L * 1_000_000_000L, r.surplus());
    }

    @Test
    void hugeLevelsAreRationedExactly() {
        // R × q_k = 1.5e10 × 1e9 overflows a long: the exact path must still give 0.75e9 each.
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(buy(String.format("b%02d", i), 1_000_000_000, 100));
        }
        for (int i = 0; i < 15; i++) {
            orders.add(sell(String.format("s%02d", i), 1_000_000_000, 50));
        }
        ClearingResult r = Books.clear(Mechanism.UNIFORM_PRICE, orders.toArray(Order[]::new));
        assertEquals(15_000_000_000L, r.volumeWh());
        for (int i = 0; i < 20; i++) {
            assertEquals(750_000_000, filled(r, String.format("b%02d", i)));
        }
    }
}
