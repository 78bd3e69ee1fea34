package io.p2pe.market.dr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p2pe.market.Slot;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Worked examples of docs/market-rules.md section 12, computed by hand in the comments. */
class BaselineTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Wednesday 17 June 2026, 17:00 and 17:30 JST. */
    private static final List<Slot> EVENING = List.of(slot("2026-06-17T17:00"), slot("2026-06-17T17:30"));
    private static final String[] WINDOW = {"12:00", "12:30", "13:00", "13:30", "14:00", "14:30"};

    private final TreeMap<String, Long> readings = new TreeMap<>();

    private static Slot slot(String local) {
        return Slot.parse(local + "+09:00", 30);
    }

    private void read(String day, String time, long netWh) {
        readings.put(slot(day + "T" + time).sortKey(), netWh);
    }

    private void evening(String day, long at1700, long at1730) {
        read(day, "17:00", at1700);
        read(day, "17:30", at1730);
    }

    private void window(String day, long each) {
        for (String t : WINDOW) {
            read(day, t, each);
        }
    }

    private Baseline.Result baseline(List<Slot> slots, Set<LocalDate> excluded) {
        return Baseline.compute(slots, TOKYO, excluded, s -> readings.get(s.sortKey()));
    }

    /**
     * The worked example. Weekdays back from Wed 17 June: Tue 16, Mon 15 (excluded: a DR day of
     * the participant), Fri 12, Thu 11, Wed 10, Tue 9 → candidates 16, 12, 11, 10, 9 (N = 5; the
     * weekend 13/14 is skipped). Window loads W: 1020, 1240, 200, 920, 1080; S = 4460; low use is
     * 4·5·W < 4460, i.e. W < 223: Thu 11 out. The 4 highest of the other 4: all of them.
     * b(17:00) = ⌊(500+600+450+550)/4⌋ = 525, b(17:30) = ⌊(520+640+470+530)/4⌋ = 540.
     * Window 12:00–14:30: chosen days 300 each; event day 331 at 12:00 and 330 otherwise:
     * Σ(a − b) = 31 + 5·30 = 181, adj = ⌊181/6⌋ = 30. Baselines 555 and 570.
     */
    private void workedExample() {
        evening("2026-06-16", 500, 520);
        evening("2026-06-15", 9_000, 9_000);
        evening("2026-06-12", 600, 640);
        evening("2026-06-11", 100, 100);
        evening("2026-06-10", 450, 470);
        evening("2026-06-09", 550, 530);
        evening("2026-06-08", 5_000, 5_000);
        for (String d : List.of("2026-06-16", "2026-06-12", "2026-06-10", "2026-06-09")) {
            window(d, 300);
        }
        window("2026-06-17", 330);
        read("2026-06-17", "12:00", 331);
    }

    @Test
    void high4Of5WithSameDayAdjustment() {
        workedExample();
        Baseline.Result b = baseline(EVENING, Set.of(LocalDate.parse("2026-06-15")));
        assertEquals(Baseline.Status.ADJUSTED, b.status());
        assertEquals("HIGH_4_OF_5", b.method());
        assertEquals(List.of(LocalDate.parse("2026-06-16"), LocalDate.parse("2026-06-12"), LocalDate.parse("2026-06-11"),
                LocalDate.parse("2026-06-10"), LocalDate.parse("2026-06-09")), b.candidateDays());
        assertEquals(List.of(LocalDate.parse("2026-06-16"), LocalDate.parse("2026-06-12"), LocalDate.parse("2026-06-10"),
                LocalDate.parse("2026-06-09")), b.chosenDays());
        assertEquals(30, b.adjustmentWh());
        assertEquals(List.of(555L, 570L), b.slotBaselinesWh());
    }

    @Test
    void downPerformanceAndPoints() {
        workedExample();
        Baseline.Result b = baseline(EVENING, Set.of(LocalDate.parse("2026-06-15")));
        // Actual 400 and 600: delivered 555 − 400 = 155 and 570 − 600 = −30; credited 155 and 0;
        // at 50 points/kWh: ⌊155·50/1000⌋ = ⌊7.75⌋ = 7 and 0.
        Performance.Result p = Performance.measure(DrDirection.DOWN, 50, EVENING, b, new long[] {400, 600});
        assertEquals(List.of(new Performance.SlotResult(EVENING.get(0), 555, 400, 155, 155, 7),
                new Performance.SlotResult(EVENING.get(1), 570, 600, -30, 0, 0)), p.slots());
        assertEquals(125, p.deliveredWh());
        assertEquals(155, p.creditedWh());
        assertEquals(7, p.points());
        // UP on the same figures: −155 and +30; 30·50/1000 = 1.5 → 1 point.
        Performance.Result up = Performance.measure(DrDirection.UP, 50, EVENING, b, new long[] {400, 600});
        assertEquals(-125, up.deliveredWh());
        assertEquals(30, up.creditedWh());
        assertEquals(1, up.points());
    }

    @Test
    void withoutTheExclusionTheHighDayIsAveragedIn() {
        workedExample();
        // Mon 15 counts now: candidates 16, 15, 12, 11, 10; W = 1020, 18000, 1240, 200, 920; S = 21380;
        // low use: 20·W < 21380 ⇔ W < 1069: 11 and 10 and 16 out; chosen 15 and 12.
        // b(17:00) = ⌊(9000+600)/2⌋ = 4800, b(17:30) = ⌊(9000+640)/2⌋ = 4820. Mon 15 has no window
        // readings: unadjusted.
        Baseline.Result b = baseline(EVENING, Set.of());
        assertEquals(List.of(LocalDate.parse("2026-06-15"), LocalDate.parse("2026-06-12")), b.chosenDays());
        assertEquals(Baseline.Status.UNADJUSTED, b.status());
        assertEquals(0, b.adjustmentWh());
        assertEquals(List.of(4800L, 4820L), b.slotBaselinesWh());
    }

    @Test
    void equalDaysKeepTheMoreRecent() {
        // Six weekdays of equal load: candidates are the five most recent (16, 15, 12, 11, 10), the
        // four chosen the four most recent of them.
        for (String d : List.of("2026-06-16", "2026-06-15", "2026-06-12", "2026-06-11", "2026-06-10", "2026-06-09")) {
            evening(d, 100, 100);
        }
        Baseline.Result b = baseline(EVENING, Set.of());
        assertEquals(List.of(LocalDate.parse("2026-06-16"), LocalDate.parse("2026-06-15"), LocalDate.parse("2026-06-12"),
                LocalDate.parse("2026-06-11")), b.chosenDays());
        assertEquals(List.of(100L, 100L), b.slotBaselinesWh());
    }

    @Test
    void weekendsUseHigh2Of3OfWeekendDays() {
        // Sunday 21 June 12:00: weekend days back are Sat 20, Sun 14, Sat 13 (N = 3); loads −400
        // (a PV household exporting), −100, −300; S = −800 ≤ 0, so no low-use exclusion; the two
        // highest: −100 (14) and −300 (13): b = ⌊−400/2⌋ = −200.
        List<Slot> noon = List.of(slot("2026-06-21T12:00"));
        read("2026-06-20", "12:00", -400);
        read("2026-06-19", "12:00", 5_000);
        read("2026-06-14", "12:00", -100);
        read("2026-06-13", "12:00", -300);
        read("2026-06-07", "12:00", 7_000);
        Baseline.Result b = baseline(noon, Set.of());
        assertEquals("HIGH_2_OF_3", b.method());
        assertEquals(List.of(LocalDate.parse("2026-06-20"), LocalDate.parse("2026-06-14"), LocalDate.parse("2026-06-13")),
                b.candidateDays());
        assertEquals(List.of(LocalDate.parse("2026-06-14"), LocalDate.parse("2026-06-13")), b.chosenDays());
        assertEquals(List.of(-200L), b.slotBaselinesWh());
        // Floor division rounds towards −∞: −100 and −301 → ⌊−401/2⌋ = −201.
        read("2026-06-13", "12:00", -301);
        assertEquals(List.of(-201L), baseline(noon, Set.of()).slotBaselinesWh());
    }

    @Test
    void fewerCandidatesThanNStillGiveABaselineAndNoneGiveNone() {
        evening("2026-06-16", 800, 900);
        Baseline.Result one = baseline(EVENING, Set.of());
        assertEquals(List.of(LocalDate.parse("2026-06-16")), one.chosenDays());
        assertEquals(List.of(800L, 900L), one.slotBaselinesWh());
        // A day missing one event slot is no candidate; a day 31 days back is out of the look-back.
        readings.clear();
        read("2026-06-16", "17:00", 800);
        evening("2026-05-15", 800, 900);
        Baseline.Result none = baseline(EVENING, Set.of());
        assertEquals(Baseline.Status.NO_BASELINE, none.status());
        assertEquals(List.of(), none.slotBaselinesWh());
        Performance.Result p = Performance.measure(DrDirection.DOWN, 50, EVENING, none, new long[] {0, 0});
        assertEquals(0, p.points());
        assertEquals(List.of(), p.slots());
        // Mon 18 May is exactly 30 days back: inside the look-back.
        evening("2026-05-18", 700, 700);
        assertEquals(List.of(LocalDate.parse("2026-05-18")), baseline(EVENING, Set.of()).chosenDays());
    }

    @Test
    void theAdjustmentWindowIsFiveToTwoHoursBefore() {
        assertEquals(List.of(slot("2026-06-17T12:00"), slot("2026-06-17T12:30"), slot("2026-06-17T13:00"),
                slot("2026-06-17T13:30"), slot("2026-06-17T14:00"), slot("2026-06-17T14:30")),
                Baseline.adjustmentWindow(EVENING.get(0)));
        assertEquals(3, Baseline.adjustmentWindow(Slot.parse("2026-06-17T17:00+09:00", 60)).size());
        assertEquals(12, Baseline.adjustmentWindow(Slot.parse("2026-06-17T17:00+09:00", 15)).size());
    }

    @Test
    void refusals() {
        assertThrows(IllegalArgumentException.class, () -> baseline(List.of(), Set.of()));
        Baseline.Result b = baseline(EVENING, Set.of());
        assertThrows(IllegalArgumentException.class,
                () -> Performance.measure(DrDirection.DOWN, -1, EVENING, b, new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> Performance.measure(DrDirection.DOWN, Performance.MAX_POINTS_PER_KWH + 1, EVENING, b,
                        new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> Performance.measure(DrDirection.DOWN, 1, EVENING, b, new long[] {0}));
    }
}
