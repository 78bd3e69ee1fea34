package io.p2pe.sdk;

import java.util.List;

/**
 * Participant trading logic: from its forecasts and the state in {@link SlotContext}, the orders
 * to place in one slot. An {@link AgentRunner} calls it for each upcoming slot whose gate is still
 * open and submits what it returns before gate closure.
 *
 * <p>Use {@link SlotContext#clientOrderId(int)} (or any id that depends only on the slot) so a
 * repeated call, after a restart or retry, places no duplicates: submission is idempotent on the
 * client order id.
 *
 * <pre>{@code
 * TradingAgent pvSeller = ctx -> {
 *     long surplus = forecast.pvWh(ctx.slot()) - forecast.loadWh(ctx.slot());
 *     return surplus <= 0 ? List.of()
 *             : List.of(OrderRequest.sell(ctx.clientOrderId(0), ctx.slot(), surplus, 1_000).withSourceType("solar"));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TradingAgent {

    /**
     * The orders to place in {@code ctx.slot()}; empty for none. Every request must be for
     * {@code ctx.slot()}. A runtime exception skips the slot for this round and is reported by
     * the runner.
     */
    List<OrderRequest> ordersFor(SlotContext ctx);
}
