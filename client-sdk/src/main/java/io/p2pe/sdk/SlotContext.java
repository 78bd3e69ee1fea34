package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.OrderRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TradingAgent} knows when asked for one slot's orders: the slot and its gate
 * closure, the time now, the participant, the market configuration, and the orders the
 * participant already has in the slot.
 *
 * <pre>{@code
 * long surplusWh = forecast.pvWh(ctx.slot()) - forecast.loadWh(ctx.slot());
 * if (surplusWh > 0) {
 *     return List.of(OrderRequest.sell(ctx.clientOrderId(0), ctx.slot(), surplusWh,
 *             ctx.market().buyBackTariff() + 100).withSourceType("solar"));
 * }
 * }</pre>
 *
 * @param agentName the name the agent runs under; part of every derived client order id
 * @param slot the delivery slot
 * @param gateClosure orders must be committed before this instant
 * @param now the runner's clock
 * @param participantId the participant, {@code <MSP id>:<local id>}
 * @param market the market configuration in force
 * @param myOrders the participant's orders already in this slot, any status
 */
public record SlotContext(String agentName, Slot slot, Instant gateClosure, Instant now, String participantId,
                          MarketSettings market, List<OrderRecord> myOrders) {
    public SlotContext {
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(gateClosure, "gateClosure");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(market, "market");
        myOrders = List.copyOf(myOrders);
    }

    /**
     * A client order id derived from the agent, the slot and {@code n}:
     * {@code <agentName>-<slot UTC sort key>-<n>}. An agent that numbers its orders per slot
     * this way never places an order twice, even across restarts.
     */
    public String clientOrderId(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        return agentName + "-" + slot.sortKey() + "-" + n;
    }
}
