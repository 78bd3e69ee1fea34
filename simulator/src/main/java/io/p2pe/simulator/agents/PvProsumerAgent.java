package io.p2pe.simulator.agents;

import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A home, business site or municipal building with rooftop PV (or without, as a plain consumer):
 * each slot it forecasts PV minus consumption; a surplus is offered as solar at its ask, a deficit
 * bid for at its bid ({@link Pricing}). It sells {@value #SELL_SHARE_PERMILLE} ‰ of the forecast
 * surplus because the two errors cost differently: a kWh sold but not exported is bought back
 * from the retailer at the retail tariff, a kWh exported but not sold still earns the buy-back
 * tariff. Deficits are bid in full: missing energy costs the retail tariff, surplus purchases are
 * credited at buy-back, which is about as far from a P2P price.
 */
public final class PvProsumerAgent extends SimulatedAgent {
    /** Share of the forecast surplus offered, ‰. */
    public static final int SELL_SHARE_PERMILLE = 900;

    private final DayProfile profile;
    private final PersistenceForecaster forecast;
    private final Pricing pricing;

    /**
     * @param name the participant's local id
     * @param profile the site's day
     * @param pricing where it puts its asks and bids
     */
    public PvProsumerAgent(String name, DayProfile profile, Pricing pricing) {
        super(name);
        this.profile = Objects.requireNonNull(profile, "profile");
        this.forecast = new PersistenceForecaster(profile);
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    @Override
    protected List<OrderRequest> decide(SlotContext ctx, int t, int lag) {
        long r = ctx.market().retailTariff();
        long b = ctx.market().buyBackTariff();
        long surplus = forecast.pvWh(t, lag) - forecast.loadWh(t, lag);
        Orders orders = new Orders(ctx);
        if (surplus > 0) {
            orders.sell(0, surplus * SELL_SHARE_PERMILLE / 1000, pricing.ask(r, b));
        } else {
            orders.buy(0, -surplus, pricing.bid(r, b), false);
        }
        return orders.list();
    }

    @Override
    protected SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills) {
        forecast.observe(t);
        return SlotDelivery.of(bought, sold, profile.loadWh(t), profile.pvWh(t), 0, 0, 0, 0);
    }
}
