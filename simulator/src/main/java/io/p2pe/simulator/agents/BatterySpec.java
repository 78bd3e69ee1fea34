package io.p2pe.simulator.agents;

/**
 * A stationary battery. Charging and discharging each lose 5 % (90 % round trip); the battery
 * never goes below its reserve (kept for outages).
 *
 * @param capacityWh usable capacity
 * @param powerW largest charge or discharge power
 * @param initialSocPermille state of charge at the start of the day, ‰ of capacity
 * @param reservePermille lowest state of charge, ‰ of capacity
 */
public record BatterySpec(long capacityWh, long powerW, int initialSocPermille, int reservePermille) {
    public BatterySpec {
        if (capacityWh <= 0 || powerW <= 0) {
            throw new IllegalArgumentException("battery capacity and power must be positive, got " + capacityWh
                    + " Wh and " + powerW + " W");
        }
        if (reservePermille < 0 || reservePermille > initialSocPermille || initialSocPermille > 1000) {
            throw new IllegalArgumentException("need 0 <= reserve <= initial SoC <= 1000 permille, got " + reservePermille
                    + " and " + initialSocPermille);
        }
    }
}
