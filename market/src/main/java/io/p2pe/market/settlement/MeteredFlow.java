package io.p2pe.market.settlement;

import java.util.Objects;

/**
 * What a participant's meter recorded for one slot.
 *
 * @param importedWh energy taken from the grid, Wh
 * @param exportedWh energy fed into the grid, Wh
 */
public record MeteredFlow(String participant, long importedWh, long exportedWh) {
    public MeteredFlow {
        Objects.requireNonNull(participant, "participant");
        if (importedWh < 0 || exportedWh < 0) {
            throw new IllegalArgumentException("metered flows of " + participant + " must not be negative");
        }
    }
}
