package io.p2pe.sdk;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where an event subscription starts and how it remembers its position.
 *
 * <pre>{@code
 * EventOptions options = EventOptions.builder()
 *         .checkpointFile(Path.of("/var/lib/hems/p2pe-events.checkpoint"))
 *         .onlyMine(true)
 *         .build();
 * }</pre>
 *
 * <p>With a checkpoint file, a restarted client resumes after the last event it processed: none
 * missed, none repeated. Without one it starts at {@link Builder#startBlock(long)}, or at the
 * next block committed.
 */
public final class EventOptions {
    private final Path checkpointFile;
    private final Long startBlock;
    private final boolean onlyMine;

    private EventOptions(Builder b) {
        this.checkpointFile = b.checkpointFile;
        this.startBlock = b.startBlock;
        this.onlyMine = b.onlyMine;
    }

    /** A builder: no checkpoint file, newest blocks, every event. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options with no checkpoint, from the next block, every event. */
    public static EventOptions defaults() {
        return builder().build();
    }

    Path checkpointFile() {
        return checkpointFile;
    }

    OptionalLong startBlock() {
        return startBlock == null ? OptionalLong.empty() : OptionalLong.of(startBlock);
    }

    boolean onlyMine() {
        return onlyMine;
    }

    /** Builds {@link EventOptions}; setters reject null. */
    public static final class Builder {
        private Path checkpointFile;
        private Long startBlock;
        private boolean onlyMine;

        private Builder() {
        }

        /** The file that records the last processed event (fabric-gateway's {@code FileCheckpointer}). */
        public Builder checkpointFile(Path value) {
            this.checkpointFile = Objects.requireNonNull(value, "checkpointFile");
            return this;
        }

        /** The block to start from when there is no checkpoint yet. */
        public Builder startBlock(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("startBlock must not be negative, got " + value);
            }
            this.startBlock = value;
            return this;
        }

        /**
         * Deliver order events only for the connected participant's own orders (slot events are
         * always delivered).
         */
        public Builder onlyMine(boolean value) {
            this.onlyMine = value;
            return this;
        }

        public EventOptions build() {
            return new EventOptions(this);
        }
    }
}
