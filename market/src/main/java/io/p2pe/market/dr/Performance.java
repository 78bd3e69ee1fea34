package io.p2pe.market.dr;

import io.p2pe.market.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A participant's measured response to a demand-response event: per slot, the baseline, the
 * metered net import, the Wh delivered in the event's direction, and the incentive points it
 * earns. docs/market-rules.md section 12.
 *
 * <p>{@code delivered_s = baseline_s − actual_s} for DOWN, {@code actual_s − baseline_s} for UP;
 * it may be negative (the participant moved the wrong way), which earns nothing and costs nothing:
 * {@code credited_s = max(0, delivered_s)} and {@code points_s = ⌊credited_s · pointsPerKwh / 1000⌋}.
 * Without a baseline nothing is credited.
 */
public final class Performance {
    /** The most points per kWh an event may offer; keeps {@code Wh · rate} far inside a long. */
    public static final long MAX_POINTS_PER_KWH = 1_000_000L;

    /**
     * One slot of the measurement.
     *
     * @param slot the event slot
     * @param baselineWh the adjusted baseline
     * @param actualWh the metered net import
     * @param deliveredWh in the event's direction, signed
     * @param creditedWh {@code max(0, deliveredWh)}
     * @param points earned in this slot
     */
    public record SlotResult(Slot slot, long baselineWh, long actualWh, long deliveredWh, long creditedWh, long points) {
    }

    /**
     * The measurement of one participant.
     *
     * @param baseline how the baseline was computed
     * @param slots per event slot; empty when there is no baseline
     * @param deliveredWh Σ delivered (signed)
     * @param creditedWh Σ credited
     * @param points Σ points
     */
    public record Result(Baseline.Result baseline, List<SlotResult> slots, long deliveredWh, long creditedWh,
                         long points) {
        public Result {
            slots = List.copyOf(slots);
        }
    }

    private Performance() {
    }

    /**
     * Measures one participant.
     *
     * @param direction the event's direction
     * @param pointsPerKwh the event's incentive rate, 0 to {@link #MAX_POINTS_PER_KWH}
     * @param eventSlots the event's slots, in order
     * @param baseline the participant's baseline for them
     * @param actualWh the participant's metered net import per event slot, in order
     * @throws ArithmeticException if a figure leaves the long range (the caller refuses the measurement)
     */
    public static Result measure(DrDirection direction, long pointsPerKwh, List<Slot> eventSlots,
                                 Baseline.Result baseline, long[] actualWh) {
        Objects.requireNonNull(direction, "direction");
        if (pointsPerKwh < 0 || pointsPerKwh > MAX_POINTS_PER_KWH) {
            throw new IllegalArgumentException("pointsPerKwh must be 0.." + MAX_POINTS_PER_KWH + ", got " + pointsPerKwh);
        }
        if (actualWh.length != eventSlots.size()) {
            throw new IllegalArgumentException("one actual per event slot: " + actualWh.length + " for " + eventSlots.size());
        }
        if (baseline.status() == Baseline.Status.NO_BASELINE) {
            return new Result(baseline, List.of(), 0, 0, 0);
        }
        List<SlotResult> slots = new ArrayList<>();
        long delivered = 0;
        long credited = 0;
        long points = 0;
        for (int s = 0; s < actualWh.length; s++) {
            long b = baseline.slotBaselinesWh().get(s);
            long d = direction == DrDirection.DOWN ? Math.subtractExact(b, actualWh[s])
                    : Math.subtractExact(actualWh[s], b);
            long c = Math.max(0, d);
            long p = Math.multiplyExact(c, pointsPerKwh) / 1000;
            slots.add(new SlotResult(eventSlots.get(s), b, actualWh[s], d, c, p));
            delivered = Math.addExact(delivered, d);
            credited = Math.addExact(credited, c);
            points = Math.addExact(points, p);
        }
        return new Result(baseline, slots, delivered, credited, points);
    }
}
