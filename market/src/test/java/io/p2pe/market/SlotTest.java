package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slot texts, alignment, instants and the UTC sort key the ledger's keys are built from. */
class SlotTest {
    @Test
    void parsesAnAlignedStartAndComputesItsInstantsAndKey() {
        Slot s = Slot.parse("2026-06-17T12:30+09:00", 30);
        assertEquals(Instant.parse("2026-06-17T03:30:00Z"), s.startInstant());
        assertEquals(Instant.parse("2026-06-17T04:00:00Z"), s.endInstant());
        assertEquals("20260617T0330Z", s.sortKey());
        assertEquals("2026-06-17T12:30+09:00", s.toString());
        assertEquals(30, s.lengthMinutes());
        // 13:00+09:00 = 04:00Z; the next 15-minute slot is 04:15-04:30Z.
        assertEquals(Instant.parse("2026-06-17T04:30:00Z"), Slot.parse("2026-06-17T13:00+09:00", 15).next().endInstant());
        assertEquals(Instant.parse("2026-06-17T05:00:00Z"), Slot.parse("2026-06-17T13:00+09:00", 60).endInstant());
    }

    @Test
    void nextKeepsTheOffsetAndCrossesMidnight() {
        Slot last = Slot.parse("2026-06-17T23:30+09:00", 30);
        assertEquals("2026-06-18T00:00+09:00", last.next().toString());
        assertEquals("20260617T1500Z", last.next().sortKey());
    }

    @Test
    void ordersByInstantWhateverTheOffset() {
        Slot tokyo = Slot.parse("2026-06-17T12:00+09:00", 30);
        Slot utcSame = Slot.parse("2026-06-17T03:00Z", 30);
        Slot utcLater = Slot.parse("2026-06-17T03:30Z", 30);
        assertEquals(0, tokyo.compareTo(utcSame));
        assertTrue(tokyo.compareTo(utcLater) < 0);
        assertTrue(utcLater.compareTo(tokyo) > 0);
        assertEquals(tokyo.sortKey(), utcSame.sortKey());
    }

    @Test
    void refusesBadLengthsMisalignedStartsAndOtherSpellings() {
        assertEquals("slot length must be 15, 30 or 60 minutes, got 20",
                assertThrows(IllegalArgumentException.class, () -> Slot.parse("2026-06-17T12:00+09:00", 20)).getMessage());
        assertEquals("slot start 2026-06-17T12:15+09:00 is not aligned to 30 minutes",
                assertThrows(IllegalArgumentException.class, () -> Slot.parse("2026-06-17T12:15+09:00", 30)).getMessage());
        // 12:15 is aligned to 15 minutes.
        assertEquals("20260617T0315Z", Slot.parse("2026-06-17T12:15+09:00", 15).sortKey());
        assertEquals("slot '2026-06-17T12:00:00+09:00' is not of the form 2026-06-17T12:00+09:00",
                assertThrows(IllegalArgumentException.class, () -> Slot.parse("2026-06-17T12:00:00+09:00", 30))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Slot.parse("2026-06-17 12:00", 30));
        assertThrows(NullPointerException.class, () -> new Slot(null, 30));
        assertThrows(IllegalArgumentException.class, () -> new Slot(
                java.time.OffsetDateTime.parse("2026-06-17T12:00:30+09:00"), 30), "seconds");
        assertThrows(IllegalArgumentException.class, () -> new Slot(
                java.time.OffsetDateTime.parse("2026-06-17T12:00:00.5+09:00"), 30), "nanoseconds");
    }
}
