package io.p2pe.market;

import java.util.List;
import java.util.Objects;

/**
 * A participant's place in the grid: a path of segments from region to feeder, written
 * {@code tokyo/setagaya/seijo/feeder-3}. {@link #NONE} has no segments.
 */
public record GridLocation(List<String> segments) {
    public static final GridLocation NONE = new GridLocation(List.of());

    public GridLocation {
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    }

    /**
     * Parses a path. Segments must be non-empty; callers validate the text first (see
     * {@code OrderValidator}) so this only splits.
     */
    public static GridLocation parse(String path) {
        if (path == null || path.isEmpty()) {
            return NONE;
        }
        return new GridLocation(List.of(path.split("/", -1)));
    }

    /** Grid distance {@code n − c}: longer path's segment count minus the shared prefix length. */
    public int distanceTo(GridLocation other) {
        int n = Math.max(segments.size(), other.segments.size());
        int shared = 0;
        int limit = Math.min(segments.size(), other.segments.size());
        while (shared < limit && segments.get(shared).equals(other.segments.get(shared))) {
            shared++;
        }
        return n - shared;
    }

    public boolean isNone() {
        return segments.isEmpty();
    }

    /** The path as written, or the empty string for {@link #NONE}. */
    public String path() {
        return String.join("/", segments);
    }

    @Override
    public String toString() {
        return path();
    }
}
