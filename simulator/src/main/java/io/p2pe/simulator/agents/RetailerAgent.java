package io.p2pe.simulator.agents;

import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.util.List;
import java.util.Map;

/**
 * The retailer on the exchange: it sells grid power at the retail tariff and buys surplus at the
 * buy-back tariff, so the P2P price never leaves that band. From the expected net consumption of
 * the community it supplies (its balancing group's profile forecast), each slot it offers 120 %
 * of an expected shortfall at the retail tariff (source {@code grid}), or bids for 120 % of an
 * expected surplus at the buy-back tariff — one side per slot, as the exchange requires.
 *
 * <p>Its meter is the community's grid connection point as far as its own trades go: it
 * delivers exactly what it sold and takes exactly what it bought, so it is never in imbalance.
 */
public final class RetailerAgent extends SimulatedAgent {
    private final long[] communityNetWh;

    /**
     * @param name the retailer's participant local id
     * @param communityNetWh expected consumption minus PV of the community per slot of the day
     */
    public RetailerAgent(String name, long[] communityNetWh) {
        super(name);
        if (communityNetWh.length != SolarModel.SLOTS_PER_DAY) {
            throw new IllegalArgumentException("communityNetWh must have " + SolarModel.SLOTS_PER_DAY + " slots");
        }
        this.communityNetWh = communityNetWh.clone();
    }

    @Override
    protected List<OrderRequest> decide(SlotContext ctx, int t, int lag) {
        long net = communityNetWh[t] * 12 / 10;
        Orders orders = new Orders(ctx);
        if (net > 0) {
            orders.sell(0, net, ctx.market().retailTariff());
        } else {
            orders.buy(0, -net, ctx.market().buyBackTariff(), false);
        }
        return orders.list();
    }

    @Override
    protected SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills) {
        return new SlotDelivery(bought, sold, bought, sold, 0, 0, 0, 0, 0, 0, bought - sold);
    }
}
