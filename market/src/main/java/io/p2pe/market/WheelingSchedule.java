package io.p2pe.market;

import java.util.List;
import java.util.Objects;

/**
 * Wheeling (network use) fees in ticks per kWh by grid distance: the fee between two locations at
 * distance {@code d} is {@code levels[min(d, levels.size() - 1)]}. {@link #FREE} charges nothing.
 */
public record WheelingSchedule(List<Long> levels) {
    public static final WheelingSchedule FREE = new WheelingSchedule(List.of(0L));

    public WheelingSchedule {
        levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("levels must not be empty");
        }
    }

    public long fee(GridLocation a, GridLocation b) {
        int d = a.distanceTo(b);
        return levels.get(Math.min(d, levels.size() - 1));
    }
}
