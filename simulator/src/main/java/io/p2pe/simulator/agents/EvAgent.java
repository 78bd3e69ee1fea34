package io.p2pe.simulator.agents;

import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The charger of an EV/PHV that must reach its target charge before each departure and charges
 * when energy is cheap. While plugged in, each slot it computes the energy still needed for the
 * next departure's target and how many slots that takes at full power ({@code needed}), out of
 * the plugged-in slots left ({@code left}); urgency = {@code needed / left}. It bids for a full
 * slot of charging (or the room left) at
 * {@code cheap + (R − cheap) × urgency}: at its cheap price (a point inside the tariff spread
 * where only surplus PV sells) while there is slack, rising to the retail tariff {@code R} when
 * every remaining slot is needed. When the target is met it keeps bidding the cheap price for
 * the room left, so midday surplus tops it up.
 *
 * <p>After clearing the charger charges what was bought; if the target could otherwise no
 * longer be reached it charges from the grid as much as needed (a must-charge). The meter sees
 * only charging (no vehicle-to-grid).
 */
public final class EvAgent extends SimulatedAgent {
    private final EvSpec ev;
    private final int cheapPermille;
    private long socWh;
    /** Slots of the DR events the owner enrolled in: true for DOWN (charge only what the next trip needs), false for UP. */
    private final Map<Integer, Boolean> drSlots = new TreeMap<>();

    /**
     * @param name the participant's local id
     * @param ev the car and its commute
     * @param cheapPermille its cheap price, ‰ of the tariff spread above the buy-back tariff
     */
    public EvAgent(String name, EvSpec ev, int cheapPermille) {
        super(name);
        this.ev = Objects.requireNonNull(ev, "ev");
        if (cheapPermille < 0 || cheapPermille > 1000) {
            throw new IllegalArgumentException("cheapPermille must be 0-1000, got " + cheapPermille);
        }
        this.cheapPermille = cheapPermille;
        this.socWh = ev.capacityWh() * ev.initialSocPermille() / 1000;
    }

    /** The battery's state of charge now, Wh. */
    public long socWh() {
        return socWh;
    }

    /**
     * The owner enrolled in a DR event of slots {@code from..to}: in a DOWN event's slots the
     * charger bids only what the next departure cannot do without (a must-charge, at the retail
     * tariff); in an UP event's slots it bids a full slot at the retail tariff, to charge from the
     * surplus it is asked to absorb.
     */
    public void respond(int from, int to, boolean down) {
        for (int t = from; t <= to; t++) {
            drSlots.put(t, down);
        }
    }

    private long perSlotWh() {
        return ev.chargeW() / 2;
    }

    /** Energy still needed for the target at the next departure after plugged-in slot {@code t}. */
    private long neededWh(int t) {
        int target = ev.place(t) == EvSpec.Place.WORK ? ev.workTargetPermille() : ev.homeTargetPermille();
        return Math.max(0, ev.capacityWh() * target / 1000 - socWh);
    }

    @Override
    protected List<OrderRequest> decide(SlotContext ctx, int t, int lag) {
        Orders orders = new Orders(ctx);
        if (ev.place(t) == EvSpec.Place.DRIVING) {
            return orders.list();
        }
        long r = ctx.market().retailTariff();
        long cheap = Pricing.at(cheapPermille, r, ctx.market().buyBackTariff());
        long need = neededWh(t);
        long left = ev.nextDeparture(t) - t;
        long slotsNeeded = (need + perSlotWh() - 1) / perSlotWh();
        long urgency = Math.min(1000, slotsNeeded * 1000 / left);
        long price = cheap + (r - cheap) * urgency / 1000;
        long room = ev.capacityWh() - socWh;
        Boolean down = drSlots.get(t);
        if (down != null) {
            long mustCharge = Math.max(0, need - perSlotWh() * (left - 1));
            orders.buy(0, Math.min(room, down ? Math.min(perSlotWh(), mustCharge) : perSlotWh()), r, false);
            return orders.list();
        }
        orders.buy(0, Math.min(perSlotWh(), room), price, false);
        return orders.list();
    }

    @Override
    protected SlotDelivery run(int t, long bought, long sold, Map<String, Long> fills) {
        if (ev.place(t) == EvSpec.Place.DRIVING) {
            socWh = Math.max(0, socWh - ev.drivingWh(t));
            return SlotDelivery.of(bought, sold, 0, 0, 0, 0, 0, 0);
        }
        long left = ev.nextDeparture(t) - t;
        long mustCharge = Math.max(0, neededWh(t) - perSlotWh() * (left - 1));
        long charge = Math.min(Math.min(perSlotWh(), ev.capacityWh() - socWh), Math.max(bought, mustCharge));
        socWh += charge;
        return SlotDelivery.of(bought, sold, 0, 0, 0, 0, charge, 0);
    }
}
