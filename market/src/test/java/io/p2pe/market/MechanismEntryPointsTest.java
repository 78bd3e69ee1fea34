package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mechanisms as {@link ClearingMechanism}s (what benchmarks and {@code Clearing} for OPTIMAL
 * call): the same trades and price as {@link Clearing#clear}, which takes the array fast path for
 * UNIFORM_PRICE and PAY_AS_BID; and {@link Matches} past its initial capacity.
 */
class MechanismEntryPointsTest {
    // b2 bids below the only ask; b1 takes all 200 Wh of s1. UNIFORM_PRICE: the midpoint (60 + 30) / 2 = 45
    // for every trade; PAY_AS_BID: the pair's own midpoint, also 45, and no uniform price.
    private static final String BOOK = """
            {"slot": "2026-06-17T12:00+09:00", "mechanism": "%s",
             "orders": [{"id": "b1", "participant": "home-1", "side": "BUY", "wh": 300, "price": 60},
                        {"id": "b2", "participant": "home-2", "side": "BUY", "wh": 100, "price": 20},
                        {"id": "s1", "participant": "home-3", "side": "SELL", "wh": 200, "price": 30}]}
            """;

    private static Book book(ClearingInput input) throws InvalidInputException {
        return new Book(input.slot(), input.effectiveWheeling(), InputValidator.validateSorted(input));
    }

    @Test
    void uniformPriceAsAMechanismMatchesTheEngine() throws Exception {
        ClearingInput input = MarketJson.readInput(BOOK.formatted("UNIFORM_PRICE"));
        ClearingMechanism.Outcome outcome = Clearing.mechanismFor(input).clear(book(input));
        assertEquals(new ClearingMechanism.Outcome(45L, List.of(new Trade("b1", "s1", 200, 45, 0))), outcome);
        ClearingResult engine = Clearing.clear(input);
        assertEquals(engine.trades(), outcome.trades());
        assertEquals(engine.clearingPrice(), outcome.clearingPrice());
    }

    @Test
    void payAsBidAsAMechanismMatchesTheEngine() throws Exception {
        ClearingInput input = MarketJson.readInput(BOOK.formatted("PAY_AS_BID"));
        ClearingMechanism.Outcome outcome = Clearing.mechanismFor(input).clear(book(input));
        assertEquals(new ClearingMechanism.Outcome(null, List.of(new Trade("b1", "s1", 200, 45, 0))), outcome);
        assertEquals(Clearing.clear(input).trades(), outcome.trades());
    }

    @Test
    void matchesGrowPastTheirInitialCapacityKeepingEveryTrade() throws Exception {
        ClearingInput input = MarketJson.readInput(BOOK.formatted("UNIFORM_PRICE"));
        Book book = book(input);
        Matches m = new Matches(0); // capacity 16
        List<Trade> expected = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            int buy = t % 2; // the BUY side by price: b1 then b2
            m.add(buy, 0, t + 1, 100 + t, t % 3);
            expected.add(new Trade(buy == 0 ? "b1" : "b2", "s1", t + 1, 100 + t, t % 3));
        }
        assertEquals(40, m.size);
        assertEquals(new ClearingMechanism.Outcome(null, expected), m.outcome(book));
    }
}
