package io.p2pe.simulator.agents;

import java.util.List;
import java.util.Objects;

/**
 * What a battery owner pays to store energy, by state of charge: the first step whose SoC bound
 * is at or above the battery's SoC gives the price; above the last step it buys nothing for
 * storage. The default, {@link #DEFAULT}, pays 20 JPY/kWh up to 20 % charge, 15 up to 60 % and 10
 * up to 80 %: an empty battery values energy near the evening retail price it will displace, a
 * fuller one only takes cheap surplus.
 *
 * @param steps by ascending SoC bound
 */
public record PriceLadder(List<Step> steps) {
    /** 2000 ticks up to 200 ‰, 1500 up to 600 ‰, 1000 up to 800 ‰. */
    public static final PriceLadder DEFAULT = new PriceLadder(List.of(new Step(200, 2000), new Step(600, 1500),
            new Step(800, 1000)));

    /**
     * One step.
     *
     * @param socPermille the step applies up to this state of charge, ‰
     * @param price what the owner pays per kWh, ticks
     */
    public record Step(int socPermille, long price) {
    }

    public PriceLadder {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).socPermille() <= steps.get(i - 1).socPermille()) {
                throw new IllegalArgumentException("price ladder steps must have ascending SoC bounds: " + steps);
            }
        }
    }

    /** The price at {@code socPermille}, or -1 when the battery is too full to buy for storage. */
    public long price(long socPermille) {
        for (Step s : steps) {
            if (socPermille <= s.socPermille()) {
                return s.price();
            }
        }
        return -1;
    }
}
