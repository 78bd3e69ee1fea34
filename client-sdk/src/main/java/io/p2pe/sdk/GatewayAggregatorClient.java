package io.p2pe.sdk;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.OrderRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

final class GatewayAggregatorClient implements AggregatorClient {
    private final ClientSupport support;

    GatewayAggregatorClient(ClientSupport support) {
        this.support = support;
    }

    /** SubmitOrders' answer. */
    record BatchJson(List<OrderRecord> orders) {
    }

    @Override
    public String aggregatorId() {
        return support.identity.participantId();
    }

    static String batchJson(OrderBatch batch) {
        List<Object> orders = new ArrayList<>();
        for (AggregatedOrder o : batch.orders()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("participant", o.participant());
            m.putAll(GatewayParticipantClient.orderFields(o.order()));
            orders.add(m);
        }
        return Json.write(Map.of("orders", orders));
    }

    @Override
    public List<OrderRecord> submitOrders(OrderBatch batch) throws P2peException {
        Objects.requireNonNull(batch, "batch");
        BatchJson out = support.submit(BatchJson.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Order.NAME,
                Contracts.Order.SUBMIT_ORDERS, batchJson(batch));
        if (out.orders() == null || out.orders().size() != batch.orders().size()) {
            throw new UnexpectedResponseException("order:SubmitOrders returned " + (out.orders() == null ? "no"
                    : out.orders().size()) + " orders for a batch of " + batch.orders().size(), null, null);
        }
        return List.copyOf(out.orders());
    }

    @Override
    public CompletableFuture<List<OrderRecord>> submitOrdersAsync(OrderBatch batch) {
        Objects.requireNonNull(batch, "batch");
        return support.async(() -> submitOrders(batch));
    }

    @Override
    public OrderRecord cancelOrder(String orderId) throws P2peException {
        Objects.requireNonNull(orderId, "orderId");
        return support.submit(OrderRecord.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Order.NAME,
                Contracts.Order.CANCEL_ORDER, orderId);
    }
}
