package io.p2pe.simulator.agents;

/**
 * Shiftable consumption of a demand-response household (heat-pump water heater, washer-dryer,
 * dishwasher): {@code dailyWh} that must run between slot {@code windowStart} and the end of slot
 * {@code deadline − 1}, at most {@code maxPerSlotWh} per slot. It comes on top of the base profile.
 *
 * @param dailyWh energy to run per day
 * @param maxPerSlotWh most it can run in one slot
 * @param windowStart first slot it may run in
 * @param deadline slot by whose start it must be done (48 = midnight)
 * @param surplusPermille the slots where it offers to run are those whose clear-sky PV is at
 *     least this share of the day's peak, ‰
 */
public record FlexSpec(long dailyWh, long maxPerSlotWh, int windowStart, int deadline, int surplusPermille) {
    public FlexSpec {
        if (dailyWh < 0 || maxPerSlotWh <= 0) {
            throw new IllegalArgumentException("flexible energy must not be negative and its slot maximum positive");
        }
        if (windowStart < 0 || windowStart >= deadline || deadline > SolarModel.SLOTS_PER_DAY) {
            throw new IllegalArgumentException("need 0 <= windowStart < deadline <= 48, got " + windowStart + " and "
                    + deadline);
        }
        if ((deadline - windowStart) * maxPerSlotWh < dailyWh) {
            throw new IllegalArgumentException("the window of " + (deadline - windowStart) + " slots cannot run "
                    + dailyWh + " Wh at " + maxPerSlotWh + " Wh per slot");
        }
    }
}
