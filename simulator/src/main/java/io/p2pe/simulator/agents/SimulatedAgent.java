package io.p2pe.simulator.agents;

import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import io.p2pe.sdk.TradingAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link TradingAgent} with a simulated site behind it: it decides each slot's orders from its
 * forecasts and device state, and after clearing runs its devices through the slot
 * ({@link #deliver}) given what its orders obtained, which yields the meter reading. Deterministic:
 * the same profile, parameters and fills give the same orders and readings.
 *
 * <p>Works on 30-minute slots of one day, indexed by their start time of day in the market time
 * zone (slot 0 starts at 00:00). Forecasts use only slots whose readings exist at gate closure
 * ({@link #lagSlots(MarketSettings)}).
 */
public abstract class SimulatedAgent implements TradingAgent {
    /** Orders below this are not worth a transaction. */
    public static final long MIN_ORDER_WH = 50;

    private final String name;
    private final Map<Slot, Map<String, Side>> placed = new TreeMap<>();

    /** An agent of the participant with local id {@code name}. */
    protected SimulatedAgent(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The participant's local id. */
    public String name() {
        return name;
    }

    @Override
    public final List<OrderRequest> ordersFor(SlotContext ctx) {
        int t = slotIndex(ctx.slot());
        List<OrderRequest> orders = decide(ctx, t, lagSlots(ctx.market()));
        Map<String, Side> sides = new TreeMap<>();
        for (OrderRequest o : orders) {
            sides.put(o.clientOrderId(), o.side());
        }
        placed.put(ctx.slot(), sides);
        return orders;
    }

    /**
     * Runs the site through {@code slot} after clearing.
     *
     * @param fills Wh filled per client order id of the orders this agent returned for the slot
     *     (absent = nothing filled, e.g. an order the ledger refused)
     * @return the slot's flows, whose imported/exported energy is the meter reading
     */
    public final SlotDelivery deliver(Slot slot, Map<String, Long> fills) {
        Objects.requireNonNull(fills, "fills");
        Map<String, Side> sides = placed.getOrDefault(slot, Map.of());
        long bought = 0;
        long sold = 0;
        for (Map.Entry<String, Side> e : sides.entrySet()) {
            long f = fills.getOrDefault(e.getKey(), 0L);
            if (e.getValue() == Side.BUY) {
                bought += f;
            } else {
                sold += f;
            }
        }
        placed.remove(slot);
        return run(slotIndex(slot), bought, sold, fills);
    }

    /** The orders for slot {@code t}, forecasting {@code lag} slots ahead. */
    protected abstract List<OrderRequest> decide(SlotContext ctx, int t, int lag);

    /**
     * The devices' response to slot {@code t}: {@code bought}/{@code sold} are the P2P energy the
     * agent's orders obtained; {@code fills} the same per client order id.
     */
    protected abstract SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills);

    /** The index of a 30-minute slot in its day: 0 for 00:00, 47 for 23:30 (market time). */
    public static int slotIndex(Slot slot) {
        if (slot.lengthMinutes() != 30) {
            throw new IllegalArgumentException("simulated agents trade 30-minute slots, got " + slot.lengthMinutes());
        }
        return (slot.start().getHour() * 60 + slot.start().getMinute()) / 30;
    }

    /**
     * How many slots ahead an order is forecast: at gate closure ({@code lead} minutes before the
     * slot) the last finished slot is {@code ceil(lead / length) + 1} slots before the traded one.
     */
    public static int lagSlots(MarketSettings market) {
        int len = market.slotLengthMinutes();
        return (market.gateClosureLeadMinutes() + len - 1) / len + 1;
    }

    /** A limit price kept inside the market's floor and cap. */
    protected static long limit(MarketSettings market, long price) {
        return Math.max(market.priceFloor(), Math.min(market.priceCap(), price));
    }

    /** Collects orders, skipping those too small to place. */
    protected static final class Orders {
        private final SlotContext ctx;
        private final List<OrderRequest> list = new ArrayList<>();

        Orders(SlotContext ctx) {
            this.ctx = ctx;
        }

        /** A BUY as order number {@code n} of the slot, if at least {@link #MIN_ORDER_WH}. */
        Orders buy(int n, long wh, long price, boolean renewableOnly) {
            if (wh >= MIN_ORDER_WH) {
                list.add(OrderRequest.buy(ctx.clientOrderId(n), ctx.slot(), wh, limit(ctx.market(), price))
                        .withRenewableOnly(renewableOnly));
            }
            return this;
        }

        /**
         * A SELL as order number {@code n} of the slot, if at least {@link #MIN_ORDER_WH}. It names
         * no source type: the ledger gives it the one the grid operator attested for the seller.
         */
        Orders sell(int n, long wh, long price) {
            if (wh >= MIN_ORDER_WH) {
                list.add(OrderRequest.sell(ctx.clientOrderId(n), ctx.slot(), wh, limit(ctx.market(), price)));
            }
            return this;
        }

        List<OrderRequest> list() {
            return List.copyOf(list);
        }
    }
}
