package io.p2pe.simulator.agents;

import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A site with a stationary battery (and usually PV). Each slot, from its forecast and the
 * battery's state of charge:
 * <ul>
 *   <li>its own PV surplus goes into the battery first; what the battery cannot take
 *       ({@link PvProsumerAgent#SELL_SHARE_PERMILLE} of it) is offered as solar at its ask;</li>
 *   <li>room the battery has left after its own surplus is bid for at the {@link PriceLadder}
 *       price for its state of charge (order 1), so it soaks up cheap community surplus;</li>
 *   <li>a forecast deficit the battery cannot cover is bid for at its bid (order 0).</li>
 * </ul>
 * The "environment first" profile pays {@value #ENVIRONMENT_PREMIUM} ticks (5 JPY/kWh) more on
 * every bid and buys from renewable sources only.
 *
 * <p>After clearing, the battery controller follows the contracted position: it aims the meter at
 * {@code bought − sold} by charging from any excess (own PV or purchases) and discharging into any
 * shortfall (own load, or a sale its PV did not cover), within power, capacity and reserve.
 */
public final class BatteryAgent extends SimulatedAgent {
    /** What the environment-first profile adds to its bids, ticks. */
    public static final long ENVIRONMENT_PREMIUM = 500;

    private final DayProfile profile;
    private final PersistenceForecaster forecast;
    private final BatterySpec battery;
    private final PriceLadder ladder;
    private final boolean environmentFirst;
    private final Pricing pricing;
    private long socWh;
    /** VPP instructions by slot index: Wh to charge (positive) or discharge (negative). */
    private final Map<Integer, Long> instructions = new TreeMap<>();
    private long throughputWh;
    private long minSocWh;
    private long maxSocWh;

    /**
     * @param name the participant's local id
     * @param profile the site's day
     * @param battery the battery
     * @param ladder what it pays to store energy by state of charge
     * @param environmentFirst pay {@link #ENVIRONMENT_PREMIUM} more and buy renewable energy only
     * @param pricing its ask for PV surplus and bid for deficits
     */
    public BatteryAgent(String name, DayProfile profile, BatterySpec battery, PriceLadder ladder,
                        boolean environmentFirst, Pricing pricing) {
        super(name);
        this.profile = Objects.requireNonNull(profile, "profile");
        this.forecast = new PersistenceForecaster(profile);
        this.battery = Objects.requireNonNull(battery, "battery");
        this.ladder = Objects.requireNonNull(ladder, "ladder");
        this.environmentFirst = environmentFirst;
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.socWh = battery.capacityWh() * battery.initialSocPermille() / 1000;
        this.minSocWh = socWh;
        this.maxSocWh = socWh;
    }

    /** The battery's power, W. */
    public long powerW() {
        return battery.powerW();
    }

    /**
     * An aggregator's dispatch for slot {@code t} (virtual power plant): the controller charges
     * ({@code wh > 0}) or discharges ({@code wh < 0}) that much instead of following the
     * contracted position, within power, capacity and reserve; the difference from the contracted
     * position is settled with the retailer as imbalance.
     */
    public void instruct(int t, long wh) {
        instructions.put(t, wh);
    }

    /**
     * What the day did to the battery, for its life (Miyagi measured it).
     *
     * @param throughputWh energy into and out of the battery, Σ|charge| + Σ|discharge| at its terminals
     * @param minSocWh lowest state of charge of the day
     * @param maxSocWh highest
     */
    public record Usage(long capacityWh, long throughputWh, long minSocWh, long maxSocWh) {
        /** Equivalent full cycles: throughput over twice the capacity, ‰. */
        public long cyclesPermille() {
            return throughputWh * 1000 / (2 * capacityWh);
        }

        /** Deepest discharge of the day, ‰ of capacity (1 − lowest state of charge). */
        public long depthOfDischargePermille() {
            return 1000 - minSocWh * 1000 / capacityWh;
        }
    }

    public Usage usage() {
        return new Usage(battery.capacityWh(), throughputWh, minSocWh, maxSocWh);
    }

    /** The battery's state of charge now, Wh. */
    public long socWh() {
        return socWh;
    }

    /** The battery's state of charge now, ‰ of capacity. */
    public long socPermille() {
        return socWh * 1000 / battery.capacityWh();
    }

    /** Most energy the grid side can put in this slot. */
    private long chargeRoomWh() {
        return Math.min(battery.powerW() / 2, (battery.capacityWh() - socWh) * 100 / 95);
    }

    /** Most energy the battery can deliver this slot. */
    private long dischargeRoomWh() {
        long reserve = battery.capacityWh() * battery.reservePermille() / 1000;
        return Math.min(battery.powerW() / 2, Math.max(0, socWh - reserve) * 95 / 100);
    }

    @Override
    protected List<OrderRequest> decide(SlotContext ctx, int t, int lag) {
        long r = ctx.market().retailTariff();
        long b = ctx.market().buyBackTariff();
        long premium = environmentFirst ? ENVIRONMENT_PREMIUM : 0;
        long net = forecast.pvWh(t, lag) - forecast.loadWh(t, lag);
        long room = chargeRoomWh();
        long storagePrice = ladder.price(socPermille());
        Orders orders = new Orders(ctx);
        if (net > room) {
            orders.sell(0, (net - room) * PvProsumerAgent.SELL_SHARE_PERMILLE / 1000, pricing.ask(r, b));
            return orders.list();
        }
        long deficit = Math.max(0, -net);
        orders.buy(0, deficit - dischargeRoomWh(), pricing.bid(r, b) + premium, environmentFirst);
        if (storagePrice >= 0) {
            orders.buy(1, room - Math.max(0, net), storagePrice + premium, environmentFirst);
        }
        return orders.list();
    }

    @Override
    protected SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills) {
        forecast.observe(t);
        long load = profile.loadWh(t);
        long pv = profile.pvWh(t);
        long wanted = instructions.containsKey(t) ? instructions.get(t) : (bought - sold) - (load - pv);
        long a = Math.max(-dischargeRoomWh(), Math.min(chargeRoomWh(), wanted));
        long before = socWh;
        if (a >= 0) {
            socWh += a * 95 / 100;
        } else {
            socWh -= (-a * 100 + 94) / 95;
        }
        throughputWh += Math.abs(socWh - before);
        minSocWh = Math.min(minSocWh, socWh);
        maxSocWh = Math.max(maxSocWh, socWh);
        return SlotDelivery.of(bought, sold, load, pv, Math.max(0, a), Math.max(0, -a), 0, 0);
    }
}
