package io.p2pe.simulator.agents;

import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A consumer with flexible load (demand response, as in Setagaya): it raises demand in surplus
 * slots. Each slot it bids for its forecast base consumption at its bid (order 0); in the
 * surplus slots of its window — those whose clear-sky PV for the season is at least
 * {@link FlexSpec#surplusPermille()} of the day's peak, i.e. the hours when neighbours' PV
 * exceeds their consumption — it also bids for a slot's worth of its shiftable energy at its
 * demand-response price (order 1), low enough to fill only from surplus.
 *
 * <p>After clearing, the flexible load runs what order 1 obtained; if what is left could no
 * longer be run by the deadline at full power, it runs as much as needed from the grid.
 */
public final class FlexibleLoadAgent extends SimulatedAgent {
    private final DayProfile profile;
    private final PersistenceForecaster forecast;
    private final FlexSpec flex;
    private final Season season;
    private final Pricing pricing;
    private final int drPermille;
    private final int peakClearSky;
    private long remainingWh;
    /** The client order id of each slot's demand-response order. */
    private final Map<Integer, String> drOrders = new TreeMap<>();

    /**
     * @param name the participant's local id
     * @param profile the household's base day
     * @param flex its shiftable load
     * @param season the season, which tells the surplus hours
     * @param pricing its bid for base consumption
     * @param drPermille its demand-response price, ‰ of the tariff spread above buy-back
     */
    public FlexibleLoadAgent(String name, DayProfile profile, FlexSpec flex, Season season, Pricing pricing,
                             int drPermille) {
        super(name);
        this.profile = Objects.requireNonNull(profile, "profile");
        this.forecast = new PersistenceForecaster(profile);
        this.flex = Objects.requireNonNull(flex, "flex");
        this.season = Objects.requireNonNull(season, "season");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.drPermille = drPermille;
        int peak = 0;
        for (int t = 0; t < SolarModel.SLOTS_PER_DAY; t++) {
            peak = Math.max(peak, SolarModel.clearSkyPermille(season, t));
        }
        this.peakClearSky = peak;
        this.remainingWh = flex.dailyWh();
    }

    /** Shiftable energy not run yet today. */
    public long remainingWh() {
        return remainingWh;
    }

    /** Whether slot {@code t} is one where this household offers to run its flexible load. */
    public boolean isSurplusSlot(int t) {
        return t >= flex.windowStart() && t < flex.deadline()
                && SolarModel.clearSkyPermille(season, t) * 1000L >= (long) flex.surplusPermille() * peakClearSky;
    }

    @Override
    protected List<OrderRequest> decide(SlotContext ctx, int t, int lag) {
        long r = ctx.market().retailTariff();
        long b = ctx.market().buyBackTariff();
        Orders orders = new Orders(ctx).buy(0, forecast.loadWh(t, lag), pricing.bid(r, b), false);
        if (isSurplusSlot(t)) {
            drOrders.put(t, ctx.clientOrderId(1));
            orders.buy(1, Math.min(flex.maxPerSlotWh(), remainingWh), Pricing.at(drPermille, r, b), false);
        }
        return orders.list();
    }

    @Override
    protected SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills) {
        forecast.observe(t);
        long run = 0;
        if (t >= flex.windowStart() && t < flex.deadline()) {
            String drOrder = drOrders.remove(t);
            long drFill = drOrder == null ? 0 : fills.getOrDefault(drOrder, 0L);
            long mustRun = Math.max(0, remainingWh - flex.maxPerSlotWh() * (flex.deadline() - t - 1));
            run = Math.min(Math.min(flex.maxPerSlotWh(), remainingWh), Math.max(drFill, mustRun));
        }
        remainingWh -= run;
        return SlotDelivery.of(bought, sold, profile.loadWh(t), profile.pvWh(t), 0, 0, 0, run);
    }
}
