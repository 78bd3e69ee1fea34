package io.p2pe.market;

import static io.p2pe.market.Books.buy;
import static io.p2pe.market.Books.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of PAY_AS_BID. */
class PayAsBidClearingTest {

    private static ClearingResult clear(Order... orders) {
        return Books.clear(Mechanism.PAY_AS_BID, orders);
    }

    @Test
    void pairsBestBidWithBestAskAtTheMidpoint() {
        ClearingResult r = clear(buy("b1", 100, 60), buy("b2", 50, 55), sell("s1", 70, 30), sell("s2", 80, 40));
        assertNull(r.clearingPrice());
        assertEquals(150, r.volumeWh());
        assertEquals(List.of(new Trade("b1", "s1", 70, 45, 0), new Trade("b1", "s2", 30, 50, 0),
                new Trade("b2", "s2", 50, 47, 0)), r.trades()); // (55 + 40) / 2 = 47.5 → 47
        assertEquals(70 * 30 + 30 * 20 + 50 * 15, r.surplus());
    }

    @Test
    void stopsAtTheFirstPairThatDoesNotCross() {
        ClearingResult r = clear(buy("b1", 10, 50), buy("b2", 10, 20), sell("s1", 5, 10), sell("s2", 20, 30));
        assertEquals(List.of(new Trade("b1", "s1", 5, 30, 0), new Trade("b1", "s2", 5, 40, 0)), r.trades());
        assertEquals(10, r.volumeWh());
    }

    @Test
    void negativeMidpointsRoundTowardMinusInfinity() {
        ClearingResult r = clear(buy("b1", 10, -10), sell("s1", 10, -25));
        assertEquals(-18, r.trades().get(0).price()); // floor(−35 / 2), where '/' would give −17
    }

    @Test
    void equalPricesTieByKey() {
        ClearingResult r = clear(buy("b1", 5, 40), buy("b2", 5, 40), sell("s1", 5, 30));
        String first = Books.byKey("b1", "b2").get(0);
        assertEquals(List.of(new Trade(first, "s1", 5, 35, 0)), r.trades());
    }

    @Test
    void noCrossOneSidedAndEmpty() {
        assertTrue(clear(buy("b1", 10, 30), sell("s1", 10, 31)).trades().isEmpty());
        assertTrue(clear(buy("b1", 10, 30)).trades().isEmpty());
        assertTrue(clear(sell("s1", 10, 30)).trades().isEmpty());
        assertEquals(0, clear().volumeWh());
    }
}
