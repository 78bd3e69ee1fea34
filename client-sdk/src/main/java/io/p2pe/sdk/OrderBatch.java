package io.p2pe.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orders an aggregator submits in one {@code order:SubmitOrders} transaction: 1 to
 * {@value #MAX_ORDERS} orders of households that authorised it, all stored or none. The chaincode
 * checks them in this order; a refusal names the index of the order it refused
 * ({@link #refusedIndex}).
 *
 * <pre>{@code
 * OrderBatch batch = OrderBatch.builder()
 *         .add("RetailerOrgMSP:home-001", OrderRequest.sell("pv-0300-1", slot, 1_200, 1_500))
 *         .add("RetailerOrgMSP:home-002", OrderRequest.buy("ev-0300-1", slot, 3_000, 2_100))
 *         .build();
 * List<OrderRecord> placed = connection.aggregator().submitOrders(batch);
 * }</pre>
 *
 * @param orders the orders, in submission order
 */
public record OrderBatch(List<AggregatedOrder> orders) {
    /** The most orders the chaincode takes in one SubmitOrders. */
    public static final int MAX_ORDERS = 200;
    private static final Pattern INDEX = Pattern.compile("^orders\\[(\\d+)]: ");

    /**
     * @throws IllegalArgumentException when empty, larger than {@value #MAX_ORDERS}, or when one
     *     household's clientOrderId appears twice (the chaincode would refuse it)
     */
    public OrderBatch {
        Objects.requireNonNull(orders, "orders");
        orders = List.copyOf(orders);
        if (orders.isEmpty() || orders.size() > MAX_ORDERS) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_ORDERS + " orders, got " + orders.size());
        }
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < orders.size(); i++) {
            AggregatedOrder o = orders.get(i);
            if (!seen.add(o.participant() + "|" + o.order().clientOrderId())) {
                throw new IllegalArgumentException("orders[" + i + "]: clientOrderId \"" + o.order().clientOrderId()
                        + "\" of " + o.participant() + " appears twice in the batch");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The index of the order a SubmitOrders refusal names ({@code orders[3]: …}), or empty when
     * the refusal is about the whole batch or the caller (role, size, shape).
     */
    public static OptionalInt refusedIndex(EndorsementRejectedException e) {
        Objects.requireNonNull(e, "e");
        String message = e.chaincodeMessage();
        Matcher m = message == null ? null : INDEX.matcher(message);
        return m != null && m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** Collects a batch's orders in submission order. */
    public static final class Builder {
        private final List<AggregatedOrder> orders = new ArrayList<>();

        private Builder() {
        }

        /** Adds an order of the household {@code participant}. */
        public Builder add(String participant, OrderRequest order) {
            orders.add(new AggregatedOrder(participant, order));
            return this;
        }

        public Builder add(AggregatedOrder order) {
            orders.add(Objects.requireNonNull(order, "order"));
            return this;
        }

        /** The orders added so far. */
        public int size() {
            return orders.size();
        }

        /** @throws IllegalArgumentException as the {@link OrderBatch} constructor */
        public OrderBatch build() {
            return new OrderBatch(orders);
        }
    }
}
