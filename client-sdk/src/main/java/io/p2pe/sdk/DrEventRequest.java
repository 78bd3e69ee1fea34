package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.market.dr.DrDirection;
import java.time.Instant;
import java.util.Objects;

/**
 * A demand-response event to declare: build it with {@link #builder()}; every field is required.
 *
 * <pre>{@code
 * DrEventRequest down = DrEventRequest.builder()
 *         .eventId("2026-06-17-evening").direction(DrDirection.DOWN)
 *         .slots(firstSlot, lastSlot).targetWh(50_000).pointsPerKwh(100)
 *         .enrolmentDeadline(firstSlot.startInstant().minus(Duration.ofHours(2)))
 *         .build();
 * }</pre>
 */
public final class DrEventRequest {
    private final String eventId;
    private final DrDirection direction;
    private final Slot fromSlot;
    private final Slot toSlot;
    private final long targetWh;
    private final long pointsPerKwh;
    private final Instant enrolmentDeadline;

    private DrEventRequest(Builder b) {
        this.eventId = Objects.requireNonNull(b.eventId, "eventId");
        this.direction = Objects.requireNonNull(b.direction, "direction");
        this.fromSlot = Objects.requireNonNull(b.fromSlot, "fromSlot");
        this.toSlot = Objects.requireNonNull(b.toSlot, "toSlot");
        this.enrolmentDeadline = Objects.requireNonNull(b.enrolmentDeadline, "enrolmentDeadline");
        if (b.targetWh == null) {
            throw new NullPointerException("targetWh");
        }
        if (b.pointsPerKwh == null) {
            throw new NullPointerException("pointsPerKwh");
        }
        this.targetWh = b.targetWh;
        this.pointsPerKwh = b.pointsPerKwh;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String eventId() {
        return eventId;
    }

    public DrDirection direction() {
        return direction;
    }

    public Slot fromSlot() {
        return fromSlot;
    }

    public Slot toSlot() {
        return toSlot;
    }

    public long targetWh() {
        return targetWh;
    }

    public long pointsPerKwh() {
        return pointsPerKwh;
    }

    public Instant enrolmentDeadline() {
        return enrolmentDeadline;
    }

    /** The chaincode's argument. */
    record Wire(String eventId, DrDirection direction, String fromSlot, String toSlot, long targetWh,
                long pointsPerKwh, String enrolmentDeadline) {
    }

    Wire wire() {
        return new Wire(eventId, direction, fromSlot.toString(), toSlot.toString(), targetWh, pointsPerKwh,
                enrolmentDeadline.toString());
    }

    /** Collects the fields; {@link #build()} checks every one is set. */
    public static final class Builder {
        private String eventId;
        private DrDirection direction;
        private Slot fromSlot;
        private Slot toSlot;
        private Long targetWh;
        private Long pointsPerKwh;
        private Instant enrolmentDeadline;

        private Builder() {
        }

        /** 1-64 characters of {@code [A-Za-z0-9._-]}. */
        public Builder eventId(String eventId) {
            this.eventId = Objects.requireNonNull(eventId, "eventId");
            return this;
        }

        public Builder direction(DrDirection direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** The event's first and last slot (inclusive), on one local day, at most 12 slots. */
        public Builder slots(Slot from, Slot to) {
            this.fromSlot = Objects.requireNonNull(from, "from");
            this.toSlot = Objects.requireNonNull(to, "to");
            return this;
        }

        public Builder targetWh(long targetWh) {
            this.targetWh = targetWh;
            return this;
        }

        public Builder pointsPerKwh(long pointsPerKwh) {
            this.pointsPerKwh = pointsPerKwh;
            return this;
        }

        /** After the market time and not after the first slot's start. */
        public Builder enrolmentDeadline(Instant deadline) {
            this.enrolmentDeadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        public DrEventRequest build() {
            return new DrEventRequest(this);
        }
    }
}
