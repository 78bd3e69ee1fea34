package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Valid books beyond the 64-bit ranges are refused with a code, never with a runtime exception; others are answered. */
class ClearingLimitsTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";

    @Test
    void maxMinSurplusAnswersABookFarBeyondTheExactSearch() throws InvalidInputException {
        ClearingInput input = BenchmarkBooks.input(Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, 200);
        ClearingResult result = Clearing.clear(input);
        assertTrue(result.volumeWh() > 0, "trades: " + result.trades().size());
    }

    @Test
    void surplusBeyondSixtyFourBitsIsRefusedWithBeyondLimits() {
        // 1,000 pairs of 1e9 Wh crossing by 11,000,000 ticks: 1.1e19 money units > Long.MAX_VALUE.
        List<Order> orders = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            orders.add(new Order("b" + k, "buyer-" + k, Side.BUY, 1_000_000_000L, 10_000_000L, GridLocation.NONE));
            orders.add(new Order("s" + k, "seller-" + k, Side.SELL, 1_000_000_000L, -1_000_000L, GridLocation.NONE));
        }
        ClearingInput input = new ClearingInput(SLOT, Mechanism.PAY_AS_BID, null, null, orders);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Clearing.clear(input));
        assertEquals(MarketErrorCode.BEYOND_LIMITS, e.code());
        assertEquals("field 'orders' give a volume or surplus beyond the 64-bit range of Wh and money units",
                e.getMessage());
    }
}
