package io.p2pe.market.dr;

import io.p2pe.market.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A participant's demand-response baseline: what it would have drawn from the grid in the event's
 * slots had there been no event, computed from its own past meter readings by the "High 4 of 5
 * with same-day adjustment" method of METI's Guidelines for Energy Resource Aggregation Business
 * (ERAB guideline, the standard baseline of Japanese DR programmes; weekends and holidays "High 2
 * of 3"). docs/market-rules.md section 12 gives the rules with a worked example; the steps:
 *
 * <ol>
 *   <li><b>Candidate days</b>: going back from the day before the event day, at most
 *       {@link #LOOKBACK_DAYS} days, the first {@code N} days of the event day's kind (weekday
 *       Mon–Fri: N = 5; Saturday/Sunday: N = 3) that are not excluded (days of the participant's own
 *       DR events) and have a reading for every event slot at the same local time.</li>
 *   <li><b>Low-use days out</b>: with {@code W_d} the sum of a day's load over the event slots and
 *       {@code S = Σ W_d}: when {@code S > 0}, a day with {@code 4 · N · W_d < S} (under 25 % of the
 *       candidates' mean) is dropped.</li>
 *   <li><b>High K</b>: of the rest, the {@code K} days (4 of 5, 2 of 3) of the largest {@code W_d}
 *       (ties: the more recent day), or all of them when fewer remain.</li>
 *   <li><b>Slot baseline</b> {@code b_s = ⌊Σ_chosen load(d, s) / k⌋} (k chosen days).</li>
 *   <li><b>Same-day adjustment</b>: the window is the slots starting from 5 h to 2 h before the
 *       event's first slot (six 30-minute slots). When the event day and every chosen day have a
 *       reading for every window slot, {@code adj = ⌊Σ_w (a_w − b_w) / |window|⌋} with {@code b_w}
 *       as in step 4; otherwise {@code adj = 0} and the result says it is unadjusted.</li>
 *   <li>The baseline of slot {@code s} is {@code b_s + adj}.</li>
 * </ol>
 *
 * <p>Load is the metered net import, {@code importedWh − exportedWh} (negative when a household
 * exports), so a PV household's midday surplus counts. Exact {@code long} arithmetic, floor
 * division (rounds towards −∞, so the baseline is never above the exact mean); no floating point.
 * Public holidays are not known to the ledger and count as the weekday they fall on.
 */
public final class Baseline {
    /** How far back candidate days are looked for. */
    public static final int LOOKBACK_DAYS = 30;
    /** The same-day adjustment window: slots starting from this long before the event ... */
    static final Duration WINDOW_FROM = Duration.ofHours(5);
    /** ... to this long before it (exclusive). */
    static final Duration WINDOW_TO = Duration.ofHours(2);

    /** A participant's metered net import in a slot, or null when the slot has no reading. */
    @FunctionalInterface
    public interface Readings {
        Long netLoadWh(Slot slot);
    }

    /** Why a baseline could be computed or not. */
    public enum Status {
        /** Baseline with the same-day adjustment. */
        ADJUSTED,
        /** Baseline without it (a window reading is missing). */
        UNADJUSTED,
        /** No candidate day with readings of every event slot in the look-back period. */
        NO_BASELINE
    }

    /**
     * A computed baseline.
     *
     * @param status whether and how it was computed
     * @param method {@code HIGH_4_OF_5} or {@code HIGH_2_OF_3}
     * @param candidateDays the N candidate days, most recent first
     * @param chosenDays the days averaged, most recent first
     * @param adjustmentWh the same-day adjustment (0 when unadjusted)
     * @param slotBaselinesWh per event slot, {@code b_s + adj}, in event slot order; empty for NO_BASELINE
     */
    public record Result(Status status, String method, List<LocalDate> candidateDays, List<LocalDate> chosenDays,
                         long adjustmentWh, List<Long> slotBaselinesWh) {
        public Result {
            candidateDays = List.copyOf(candidateDays);
            chosenDays = List.copyOf(chosenDays);
            slotBaselinesWh = List.copyOf(slotBaselinesWh);
        }
    }

    private Baseline() {
    }

    /**
     * The baseline of one participant for an event's slots.
     *
     * @param eventSlots consecutive slots of one local day, in order
     * @param zone the market time zone (days and weekdays are local)
     * @param excludedDays local days of the participant's own DR events
     * @param readings the participant's recorded readings
     */
    public static Result compute(List<Slot> eventSlots, ZoneId zone, Set<LocalDate> excludedDays, Readings readings) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(excludedDays, "excludedDays");
        Objects.requireNonNull(readings, "readings");
        if (eventSlots == null || eventSlots.isEmpty()) {
            throw new IllegalArgumentException("an event has at least one slot");
        }
        LocalDate eventDay = localDay(eventSlots.get(0).startInstant(), zone);
        boolean weekend = isWeekend(eventDay);
        int n = weekend ? 3 : 5;
        int k = weekend ? 2 : 4;
        String method = weekend ? "HIGH_2_OF_3" : "HIGH_4_OF_5";

        List<LocalDate> candidates = new ArrayList<>();
        List<long[]> loads = new ArrayList<>();
        for (int back = 1; back <= LOOKBACK_DAYS && candidates.size() < n; back++) {
            LocalDate day = eventDay.minusDays(back);
            if (isWeekend(day) != weekend || excludedDays.contains(day)) {
                continue;
            }
            long[] l = loadsOn(eventSlots, back, zone, readings);
            if (l != null) {
                candidates.add(day);
                loads.add(l);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(Status.NO_BASELINE, method, List.of(), List.of(), 0, List.of());
        }

        long[] window = new long[candidates.size()];
        long total = 0;
        for (int i = 0; i < window.length; i++) {
            window[i] = sum(loads.get(i));
            total = Math.addExact(total, window[i]);
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < window.length; i++) {
            boolean lowUse = total > 0
                    && Math.multiplyExact(Math.multiplyExact(4L, window.length), window[i]) < total;
            if (!lowUse) {
                kept.add(i);
            }
        }
        // Largest window load first; equal loads: the more recent day (smaller index) first.
        kept.sort(Comparator.<Integer>comparingLong(i -> window[i]).reversed().thenComparing(Comparator.naturalOrder()));
        List<Integer> chosen = new ArrayList<>(kept.subList(0, Math.min(k, kept.size())));
        Collections.sort(chosen);
        List<LocalDate> chosenDays = new ArrayList<>();
        List<Integer> chosenBack = new ArrayList<>();
        for (int i : chosen) {
            chosenDays.add(candidates.get(i));
            chosenBack.add((int) (eventDay.toEpochDay() - candidates.get(i).toEpochDay()));
        }

        long[] base = new long[eventSlots.size()];
        for (int s = 0; s < base.length; s++) {
            long sum = 0;
            for (int i : chosen) {
                sum = Math.addExact(sum, loads.get(i)[s]);
            }
            base[s] = Math.floorDiv(sum, chosen.size());
        }

        Long adjustment = adjustment(eventSlots.get(0), chosenBack, zone, readings);
        long adj = adjustment == null ? 0 : adjustment;
        List<Long> out = new ArrayList<>();
        for (long b : base) {
            out.add(Math.addExact(b, adj));
        }
        return new Result(adjustment == null ? Status.UNADJUSTED : Status.ADJUSTED, method, candidates, chosenDays,
                adj, out);
    }

    /** The event slots' loads {@code back} days earlier at the same local time, or null if one is missing. */
    private static long[] loadsOn(List<Slot> eventSlots, int back, ZoneId zone, Readings readings) {
        long[] l = new long[eventSlots.size()];
        for (int s = 0; s < l.length; s++) {
            Long v = readings.netLoadWh(daysBefore(eventSlots.get(s), back, zone));
            if (v == null) {
                return null;
            }
            l[s] = v;
        }
        return l;
    }

    /** The same-day adjustment, or null when a window reading is missing. */
    private static Long adjustment(Slot first, List<Integer> chosenBack, ZoneId zone, Readings readings) {
        List<Slot> window = adjustmentWindow(first);
        long diff = 0;
        for (Slot w : window) {
            Long actual = readings.netLoadWh(w);
            if (actual == null) {
                return null;
            }
            long sum = 0;
            for (int back : chosenBack) {
                Long v = readings.netLoadWh(daysBefore(w, back, zone));
                if (v == null) {
                    return null;
                }
                sum = Math.addExact(sum, v);
            }
            diff = Math.addExact(diff, Math.subtractExact(actual, Math.floorDiv(sum, chosenBack.size())));
        }
        return Math.floorDiv(diff, window.size());
    }

    /** The slots starting from 5 h to 2 h (exclusive) before the event's first slot, in order. */
    public static List<Slot> adjustmentWindow(Slot first) {
        List<Slot> window = new ArrayList<>();
        Duration step = Duration.ofMinutes(first.lengthMinutes());
        long count = WINDOW_FROM.minus(WINDOW_TO).dividedBy(step);
        for (long i = 0; i < count; i++) {
            window.add(new Slot(first.start().minus(WINDOW_FROM).plus(step.multipliedBy(i)), first.lengthMinutes()));
        }
        return window;
    }

    /** The slot at the same local time {@code days} days earlier, in the slot's offset. */
    static Slot daysBefore(Slot slot, int days, ZoneId zone) {
        ZonedDateTime local = slot.start().atZoneSameInstant(zone).minusDays(days);
        return new Slot(local.toOffsetDateTime(), slot.lengthMinutes());
    }

    /** The local day of an instant. */
    public static LocalDate localDay(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s = Math.addExact(s, v);
        }
        return s;
    }
}
