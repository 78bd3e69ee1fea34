package io.p2pe.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.p2pe.market.Side;
import org.junit.jupiter.api.Test;

/** The records' JSON as the chaincode writes it (canonical: fields sorted). */
class WireFormatTest {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static final OrderRecord STORED = new OrderRecord("20260617T0300Z-ab", "c-1", "RetailerOrgMSP:home-001",
            "2026-06-17T12:00+09:00", "20260617T0300Z", Side.SELL, 1500, 2150, "tokyo/a", "solar", false,
            OrderRecord.Status.OPEN, "2026-06-17T01:00:00Z", "tx1", null, null);

    @Test
    void aStoredOrderHasNoFilledWhField() throws Exception {
        assertEquals("{\"cancelledAt\":null,\"cancelledBy\":null,\"clientOrderId\":\"c-1\",\"location\":\"tokyo/a\","
                + "\"orderId\":\"20260617T0300Z-ab\",\"participant\":\"RetailerOrgMSP:home-001\",\"price\":2150,"
                + "\"renewableOnly\":false,\"side\":\"SELL\",\"slot\":\"2026-06-17T12:00+09:00\","
                + "\"slotKey\":\"20260617T0300Z\",\"sourceType\":\"solar\",\"status\":\"OPEN\","
                + "\"submitTxId\":\"tx1\",\"submittedAt\":\"2026-06-17T01:00:00Z\",\"wh\":1500}",
                CANONICAL.writeValueAsString(STORED));
    }

    @Test
    void anAnsweredOrderCarriesItsFill() throws Exception {
        String answered = CANONICAL.writeValueAsString(STORED).replace("\"clientOrderId\"", "\"filledWh\":700,\"clientOrderId\"");
        assertEquals(700L, CANONICAL.readValue(answered, OrderRecord.class).filledWh());
        assertNull(CANONICAL.readValue(CANONICAL.writeValueAsString(STORED), OrderRecord.class).filledWh());
    }

    @Test
    void anOpenSlotAnswerReadsAsOpen() throws Exception {
        SlotState open = CANONICAL.readValue("{\"gateClosure\":\"2026-06-17T02:30:00Z\",\"slot\":\"2026-06-17T12:00+09:00\","
                + "\"slotKey\":\"20260617T0300Z\",\"status\":\"OPEN\"}", SlotState.class);
        assertEquals(SlotState.Status.OPEN, open.status());
        assertNull(open.terms());
    }
}
