package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p2pe.market.Slot;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OrderBatchTest {
    private static final Slot SLOT = Slot.parse("2026-06-17T12:00+09:00", 30);

    @Test
    void theBatchIsSentAsSubmitOrdersTakesIt() {
        OrderBatch batch = OrderBatch.builder()
                .add("RetailerOrgMSP:home-001", OrderRequest.sell("s-1", SLOT, 1200, 1500))
                .add("RetailerOrgMSP:home-002", OrderRequest.buy("b-1", SLOT, 3000, 2100).withRenewableOnly(true))
                .build();
        // Canonical JSON: fields sorted by name.
        assertEquals("{\"orders\":[{\"clientOrderId\":\"s-1\",\"participant\":\"RetailerOrgMSP:home-001\",\"price\":1500,"
                + "\"side\":\"SELL\",\"slot\":\"2026-06-17T12:00+09:00\",\"wh\":1200},{\"clientOrderId\":\"b-1\",\"participant\":"
                + "\"RetailerOrgMSP:home-002\",\"price\":2100,\"renewableOnly\":true,\"side\":\"BUY\",\"slot\":"
                + "\"2026-06-17T12:00+09:00\",\"wh\":3000}]}", GatewayAggregatorClient.batchJson(batch));
    }

    @Test
    void refusesWhatTheChaincodeWouldRefuse() {
        assertThrows(NullPointerException.class, () -> OrderBatch.builder().add(null, OrderRequest.buy("b", SLOT, 1, 1)));
        assertThrows(NullPointerException.class, () -> OrderBatch.builder().add("RetailerOrgMSP:home-001", null));
        assertThrows(NullPointerException.class, () -> OrderBatch.builder().add(null));
        assertThrows(IllegalArgumentException.class, () -> OrderBatch.builder().add("home-001",
                OrderRequest.buy("b", SLOT, 1, 1)));
        assertEquals("a batch holds 1 to 200 orders, got 0",
                assertThrows(IllegalArgumentException.class, () -> OrderBatch.builder().build()).getMessage());
        OrderBatch.Builder big = OrderBatch.builder();
        for (int i = 0; i <= OrderBatch.MAX_ORDERS; i++) {
            big.add("RetailerOrgMSP:home-001", OrderRequest.buy("b-" + i, SLOT, 1, 1));
        }
        assertThrows(IllegalArgumentException.class, big::build);
        OrderBatch.Builder twice = OrderBatch.builder().add("RetailerOrgMSP:home-001", OrderRequest.buy("b", SLOT, 1, 1))
                .add("RetailerOrgMSP:home-002", OrderRequest.buy("b", SLOT, 1, 1))
                .add("RetailerOrgMSP:home-001", OrderRequest.buy("b", SLOT, 2, 1));
        assertEquals("orders[2]: clientOrderId \"b\" of RetailerOrgMSP:home-001 appears twice in the batch",
                assertThrows(IllegalArgumentException.class, twice::build).getMessage());
    }

    @Test
    void theRefusedIndexIsReadFromTheChaincodesMessage() {
        assertEquals(OptionalInt.of(17), OrderBatch.refusedIndex(new EndorsementRejectedException("tx", "FORBIDDEN", null,
                "orders[17]: SubmitOrders: RetailerOrgMSP:home-001 has not authorised aggregator X", null)));
        assertEquals(OptionalInt.empty(), OrderBatch.refusedIndex(new EndorsementRejectedException("tx", "BEYOND_LIMITS",
                null, "batch: field 'orders' holds 201 orders", null)));
    }
}
