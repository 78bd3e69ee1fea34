package io.p2pe.simulator.agents;

/**
 * What one participant's site did in one slot, in Wh: the meter's imported and exported energy
 * and the behind-the-meter flows that produced them. The meter is the only part that reaches the
 * ledger; the rest explains it. Always balanced:
 * {@code imported − exported = load + storageCharge − storageDischarge + evCharge + flexible − pv + balancing}.
 *
 * @param importedWh drawn from the grid (the meter reading)
 * @param exportedWh fed into the grid (the meter reading)
 * @param boughtWh P2P energy the participant's orders obtained
 * @param soldWh P2P energy the participant's orders sold
 * @param loadWh base consumption
 * @param pvWh PV generation
 * @param storageChargeWh energy put into the stationary battery (grid side)
 * @param storageDischargeWh energy taken out of it (grid side)
 * @param evChargeWh energy put into the EV
 * @param flexibleWh shifted (demand-response) consumption run in the slot
 * @param balancingWh for the retailer only: energy it took from (+) or supplied to (−) the
 *     community at the grid connection point; 0 for everyone else
 */
public record SlotDelivery(long importedWh, long exportedWh, long boughtWh, long soldWh, long loadWh, long pvWh,
                           long storageChargeWh, long storageDischargeWh, long evChargeWh, long flexibleWh,
                           long balancingWh) {
    public SlotDelivery {
        if (importedWh < 0 || exportedWh < 0 || boughtWh < 0 || soldWh < 0 || loadWh < 0 || pvWh < 0
                || storageChargeWh < 0 || storageDischargeWh < 0 || evChargeWh < 0 || flexibleWh < 0) {
            throw new IllegalArgumentException("energy flows must not be negative: " + this);
        }
        long net = loadWh + storageChargeWh - storageDischargeWh + evChargeWh + flexibleWh - pvWh + balancingWh;
        if (importedWh - exportedWh != net) {
            throw new IllegalArgumentException("unbalanced slot: import − export = " + (importedWh - exportedWh)
                    + " Wh but the site's flows net to " + net + " Wh");
        }
    }

    /**
     * A site's slot from its flows: the meter sees the net, imported when positive, exported when
     * negative.
     */
    static SlotDelivery of(long boughtWh, long soldWh, long loadWh, long pvWh, long storageChargeWh,
                           long storageDischargeWh, long evChargeWh, long flexibleWh) {
        long net = loadWh + storageChargeWh - storageDischargeWh + evChargeWh + flexibleWh - pvWh;
        return new SlotDelivery(Math.max(0, net), Math.max(0, -net), boughtWh, soldWh, loadWh, pvWh, storageChargeWh,
                storageDischargeWh, evChargeWh, flexibleWh, 0);
    }
}
