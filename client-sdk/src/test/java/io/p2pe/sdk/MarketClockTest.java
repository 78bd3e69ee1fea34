package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.LedgerClock;
import io.p2pe.protocol.SlotState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clock's schedule with an injected time source; the operator's transactions are recorded. */
class MarketClockTest {
    static final MarketSettings MARKET = new MarketSettings(1, Mechanism.UNIFORM_PRICE, null, 30, 60, 7, "Asia/Tokyo", ClockMode.TIMESTAMP,
            -1_000_000, 10_000_000, null, 3000, 850, 450, List.of("solar"), Map.of(), 0, 100_000, 65_536, 4_194_304, 100, "", "", "");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-17T00:10:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private OperatorClient operator;
    private ParticipantClient reader;

    @BeforeEach
    void setUp() throws Exception {
        operator = mock(OperatorClient.class);
        reader = mock(ParticipantClient.class);
        when(reader.marketSettings()).thenReturn(MARKET);
        when(operator.clearSlot(any())).thenReturn(new ClearingRecord("x", SlotState.Status.CLEARED, null, List.of()));
    }

    private static Slot slot(String text) {
        return Slot.parse(text, 30);
    }

    @Test
    void closesAndClearsEachSlotAtItsGateClosureAndCatchesUp() throws Exception {
        // 09:10 JST: the 09:00 slot's gate closed at 08:00; the 10:00 slot's closes at 09:00.
        MarketClock c = new MarketClock.Builder(operator, reader).clock(clock).startFrom(slot("2026-06-17T09:00+09:00"))
                .build();

        List<MarketClock.SlotReport> first = c.tick();
        assertEquals(List.of(slot("2026-06-17T09:00+09:00"), slot("2026-06-17T09:30+09:00"),
                slot("2026-06-17T10:00+09:00")), first.stream().map(MarketClock.SlotReport::slot).toList());
        assertEquals(slot("2026-06-17T10:30+09:00"), c.nextSlot());

        assertEquals(List.of(), c.tick());
        now.set(Instant.parse("2026-06-17T00:30:00Z"));
        assertEquals(List.of(slot("2026-06-17T10:30+09:00")),
                c.tick().stream().map(MarketClock.SlotReport::slot).toList());
        verify(operator).closeSlot(slot("2026-06-17T10:30+09:00"));
        verify(operator).clearSlot(slot("2026-06-17T10:30+09:00"));
    }

    @Test
    void failedSlotIsRetriedAtTheNextTick() throws Exception {
        Slot s = slot("2026-06-17T10:00+09:00");
        when(operator.closeSlot(s)).thenThrow(new TransportException("down", null, "UNAVAILABLE", false, null))
                .thenReturn(null);
        MarketClock c = new MarketClock.Builder(operator, reader).clock(clock).startFrom(s).build();

        List<MarketClock.SlotReport> r1 = c.tick();
        assertEquals("FAILED", r1.get(0).outcome());
        assertEquals(s, c.nextSlot());
        verify(operator, never()).clearSlot(s);

        assertEquals("CLEARED", c.tick().get(0).outcome());
    }

    @Test
    void settlesClearedSlotsAfterDeliveryAndTheGracePeriod() throws Exception {
        Slot s = slot("2026-06-17T09:00+09:00");
        MarketClock c = new MarketClock.Builder(operator, reader).clock(clock).startFrom(s)
                .settleAfter(Duration.ofMinutes(15)).build();
        c.tick();
        verify(operator, never()).settleSlot(any());

        now.set(Instant.parse("2026-06-17T00:45:00Z")); // 09:45 JST: 09:00 slot ended 09:30, + 15 min
        List<MarketClock.SlotReport> r = c.tick();
        assertEquals("SETTLED", r.get(r.size() - 1).outcome());
        verify(operator).settleSlot(s);
        verify(operator, never()).settleSlot(slot("2026-06-17T09:30+09:00"));
    }

    @Test
    void inLedgerModeTheLedgerTimeIsNowAndTheWallClockIsIgnored() throws Exception {
        MarketSettings ledger = new MarketSettings(1, Mechanism.UNIFORM_PRICE, null, 30, 60, 7, "Asia/Tokyo",
                ClockMode.LEDGER, -1_000_000, 10_000_000, null, 3000, 850, 450, List.of("solar"), Map.of(), 0, 100_000, 65_536, 4_194_304, 100, "", "", "");
        when(reader.marketSettings()).thenReturn(ledger);
        when(reader.ledgerClock()).thenReturn(new LedgerClock(ClockMode.LEDGER, null, null));
        now.set(Instant.parse("2030-01-01T00:00:00Z")); // the wall clock is far ahead: it must not count
        MarketClock c = new MarketClock.Builder(operator, reader).clock(clock).startFrom(slot("2026-06-17T09:00+09:00"))
                .build();
        assertEquals(List.of(), c.tick(), "no slot before the ledger clock is started");

        when(reader.ledgerClock()).thenReturn(new LedgerClock(ClockMode.LEDGER, "2026-06-17T00:00:00Z", "tx"));
        assertEquals(List.of(slot("2026-06-17T09:00+09:00"), slot("2026-06-17T09:30+09:00"),
                slot("2026-06-17T10:00+09:00")), c.tick().stream().map(MarketClock.SlotReport::slot).toList(),
                "ledger time 09:00 JST: the gates up to the 10:00 slot's have closed");
        verify(operator, never()).closeSlot(slot("2026-06-17T10:30+09:00"));
    }
}
