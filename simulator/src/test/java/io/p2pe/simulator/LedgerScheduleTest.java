package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ledger times of a day with and without a proposal window: 30-minute slots, a 60-minute gate
 * closure lead, orders 5 minutes before gate closure, and the deliveries of earlier slots as
 * {@link TradingDay}'s advances would run them.
 */
class LedgerScheduleTest {
    private static final Duration LEAD = Duration.ofMinutes(60);
    private static final List<Slot> DAY = TradingDay.slots(LocalDate.of(2027, 5, 20), 20, 4);

    private static Instant at(String hhmm) {
        return Instant.parse("2027-05-20T" + hhmm + ":00Z").minus(Duration.ofHours(9));
    }

    @Test
    void aWindowEndsBeforeTheNextSlotsTradingStarts() {
        List<LedgerSchedule.SlotTimes> plan = LedgerSchedule.plan(DAY, LEAD, TradingDay.PROPOSAL_WINDOW);
        LedgerSchedule.SlotTimes ten = plan.get(0);
        assertEquals(at("08:55"), ten.tradingStart());
        assertEquals(at("09:00"), ten.gate());
        assertEquals(at("09:05"), ten.windowEnd());
        assertTrue(ten.hasWindow());
        assertEquals(at("09:25"), plan.get(1).tradingStart(), "the next slot trades after the window");
        List<Instant> all = new ArrayList<>();
        plan.forEach(t -> all.addAll(t.advances()));
        assertEquals(12, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).isAfter(all.get(i - 1)), all.toString());
        }
    }

    @Test
    void withoutAWindowTheSlotIsClearedAtGateClosure() {
        LedgerSchedule.SlotTimes t = LedgerSchedule.plan(DAY, LEAD, Duration.ZERO).get(0);
        assertFalse(t.hasWindow());
        assertEquals(List.of(at("08:55"), at("09:00")), t.advances());
    }

    @Test
    void aWindowReachingTheNextSlotsTradingIsRefused() {
        LedgerSchedule.plan(DAY, LEAD, Duration.ofMinutes(24));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSchedule.plan(DAY, LEAD, Duration.ofMinutes(25)));
        assertTrue(e.getMessage().contains("proposal window of 25 min"), e.getMessage());
        assertEquals(1, LedgerSchedule.plan(DAY.subList(0, 1), LEAD, Duration.ofMinutes(25)).size(),
                "one slot has no next slot to collide with");
    }

    @Test
    void earlierSlotsAreDeliveredOnceTheClockHasPassedTheirEnd() {
        // The day of TradingDay.run: each advance first delivers what the clock passed before it.
        List<Slot> day = TradingDay.slots(LocalDate.of(2027, 5, 20), 20, 8);
        List<LedgerSchedule.SlotTimes> plan = LedgerSchedule.plan(day, LEAD, TradingDay.PROPOSAL_WINDOW);
        List<Slot> undelivered = new ArrayList<>();
        Map<Slot, Instant> deliveredAt = new TreeMap<>(java.util.Comparator.comparing(Slot::startInstant));
        Instant[] ledger = {null};
        java.util.function.Consumer<Instant> advance = time -> {
            int due = LedgerSchedule.due(undelivered, ledger[0]);
            for (int i = 0; i < due; i++) {
                deliveredAt.put(undelivered.remove(0), ledger[0]);
            }
            if (ledger[0] == null || time.isAfter(ledger[0])) {
                ledger[0] = time;
            }
        };
        for (LedgerSchedule.SlotTimes t : plan) {
            advance.accept(t.tradingStart());
            advance.accept(t.gate());
            advance.accept(t.windowEnd());
            undelivered.add(t.slot()); // finalized at the window's end
        }
        Instant end = day.get(day.size() - 1).endInstant();
        advance.accept(end.plus(TradingDay.METER_DELAY));
        advance.accept(end.plus(TradingDay.METER_DELAY.multipliedBy(2)));
        assertEquals(day, new ArrayList<>(deliveredAt.keySet()), "every slot, in order");
        for (Map.Entry<Slot, Instant> e : deliveredAt.entrySet()) {
            assertFalse(e.getValue().isBefore(e.getKey().endInstant()), e.toString());
        }
        // 10:00-10:30 ends at 10:30, which the clock reaches at 11:30's gate closure (10:30), and is
        // delivered at the next advance, before the window of 11:30 ends.
        assertEquals(at("10:30"), deliveredAt.get(day.get(0)));
    }

    @Test
    void nothingIsDueBeforeTheClockStarts() {
        assertEquals(0, LedgerSchedule.due(DAY, null));
        assertEquals(2, LedgerSchedule.due(DAY, DAY.get(1).endInstant()));
    }
}
