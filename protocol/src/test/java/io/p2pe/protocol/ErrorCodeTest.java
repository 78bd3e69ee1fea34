package io.p2pe.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.MarketErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyMarketCodeMapsToTheErrorCodeOfTheSameNameAndBack() {
        for (MarketErrorCode m : MarketErrorCode.values()) {
            ErrorCode c = ErrorCode.of(m);
            assertEquals(m.name(), c.name());
            assertEquals(Optional.of(m), c.marketCode());
        }
    }

    @Test
    void ledgerCodesAreNotMarketCodes() {
        long market = 0;
        for (ErrorCode c : ErrorCode.values()) {
            if (c.marketCode().isPresent()) {
                market++;
            }
        }
        assertEquals(MarketErrorCode.values().length, market);
        assertTrue(ErrorCode.FORBIDDEN.marketCode().isEmpty());
    }

    @Test
    void parseKnowsEveryCodeAndNoOther() {
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(Optional.of(c), ErrorCode.parse(c.name()));
        }
        assertEquals(Optional.empty(), ErrorCode.parse("SOMETHING_NEWER"));
        assertEquals(Optional.empty(), ErrorCode.parse(null));
    }

    @Test
    void theMessageCarriesTheCodeAsPrefix() {
        assertEquals("OUT_OF_RANGE: field 'wh' must be positive", ErrorCode.OUT_OF_RANGE.message("field 'wh' must be positive"));
    }
}
