package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.LedgerClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market clock: closes each slot's gate when its gate closure time comes and clears it at
 * once; optionally ({@link Builder#settleAfter(Duration)}) settles each cleared slot once its
 * delivery has ended and the meter readings have had time to arrive. Each {@link #tick()} handles every slot whose gate closure has passed since the last one,
 * in order, so a clock that was stopped catches up. Both transactions are no-ops when repeated, so
 * several clocks (or a restarted one) never clear a slot twice. "Now" is the market's: in
 * {@link ClockMode#LEDGER} mode the ledger time (read at each tick; no slot is handled before the
 * operator first advances it), otherwise an injectable {@link Clock}.
 *
 * <pre>{@code
 * try (MarketClock clock = connection.operator().marketClock()
 *         .period(Duration.ofSeconds(10))
 *         .onSlot(r -> log.info("{}: {}", r.slot(), r.outcome()))
 *         .start()) {
 *     Thread.sleep(Duration.ofHours(24).toMillis());
 * }
 * }</pre>
 */
public final class MarketClock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketClock.class);

    /**
     * What happened to one slot in a tick.
     *
     * @param slot the slot
     * @param outcome {@code CLEARED}, {@code SETTLED}, or {@code FAILED} with the failure
     * @param clearing the clearing record when cleared
     * @param failure the failure, or null
     */
    public record SlotReport(Slot slot, String outcome, ClearingRecord clearing, P2peException failure) {
    }

    private final OperatorClient operator;
    private final ParticipantClient reader;
    private final Clock clock;
    private final Duration period;
    private final Consumer<SlotReport> onSlot;
    private final ScheduledExecutorService scheduler;
    private final Duration settleAfter;
    private Slot next;
    private Slot nextToSettle;

    private MarketClock(Builder b) {
        this.operator = b.operator;
        this.reader = b.reader;
        this.clock = b.clock;
        this.period = b.period;
        this.onSlot = b.onSlot;
        this.next = b.startFrom;
        this.nextToSettle = b.startFrom;
        this.settleAfter = b.settleAfter;
        this.scheduler = b.scheduled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2pe-market-clock");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Closes and clears, in order, every slot from the next unhandled one whose gate closure is
     * not after the clock's now. A slot that fails stays next, so the following tick retries it.
     *
     * @return one report per slot handled
     * @throws P2peException if the market configuration cannot be read
     */
    public synchronized List<SlotReport> tick() throws P2peException {
        MarketSettings market = reader.marketSettings();
        Instant now;
        if (market.clockMode() == ClockMode.LEDGER) {
            LedgerClock ledger = reader.ledgerClock();
            if (ledger.ledgerTime() == null) {
                return List.of();
            }
            now = Instant.parse(ledger.ledgerTime());
        } else {
            now = clock.instant();
        }
        if (next == null) {
            next = market.slotAt(now);
        }
        List<SlotReport> reports = new ArrayList<>();
        while (!market.gateClosure(next).isAfter(now)) {
            SlotReport report;
            try {
                operator.closeSlot(next);
                report = new SlotReport(next, "CLEARED", operator.clearSlot(next), null);
            } catch (P2peException e) {
                report = new SlotReport(next, "FAILED", null, e);
            }
            reports.add(report);
            onSlot.accept(report);
            if (report.failure() != null) {
                break;
            }
            next = market.next(next);
        }
        if (settleAfter != null) {
            if (nextToSettle == null) {
                nextToSettle = market.slotAt(now);
            }
            // Only slots already cleared by this clock, once delivery ended settleAfter ago.
            while (nextToSettle.compareTo(next) < 0 && !nextToSettle.endInstant().plus(settleAfter).isAfter(now)) {
                SlotReport report;
                try {
                    operator.settleSlot(nextToSettle);
                    report = new SlotReport(nextToSettle, "SETTLED", null, null);
                } catch (P2peException e) {
                    report = new SlotReport(nextToSettle, "FAILED", null, e);
                }
                reports.add(report);
                onSlot.accept(report);
                if (report.failure() != null) {
                    break;
                }
                nextToSettle = market.next(nextToSettle);
            }
        }
        return reports;
    }

    /** The next slot the clock will close and clear; null before the first tick without a start slot. */
    public synchronized Slot nextSlot() {
        return next;
    }

    private void scheduledTick() {
        try {
            tick();
        } catch (P2peException | RuntimeException e) {
            LOG.warn("market clock tick failed: {}", e.getMessage(), e);
        }
    }

    /** Stops the background ticks of a started clock. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Configures a {@link MarketClock}; setters reject null. */
    public static final class Builder {
        private final OperatorClient operator;
        private final ParticipantClient reader;
        private Clock clock = Clock.systemUTC();
        private Duration period = Duration.ofSeconds(10);
        private Consumer<SlotReport> onSlot = r -> { };
        private Slot startFrom;
        private Duration settleAfter;
        private boolean scheduled;

        Builder(OperatorClient operator, ParticipantClient reader) {
            this.operator = Objects.requireNonNull(operator, "operator");
            this.reader = Objects.requireNonNull(reader, "reader");
        }

        /** The time source, the system UTC clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How often a started clock ticks, 10 s by default. */
        public Builder period(Duration value) {
            Objects.requireNonNull(value, "period");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("period must be positive, got " + value);
            }
            this.period = value;
            return this;
        }

        /** Called with every slot report (on the ticking thread). */
        public Builder onSlot(Consumer<SlotReport> value) {
            this.onSlot = Objects.requireNonNull(value, "onSlot");
            return this;
        }

        /**
         * The first slot to handle; by default the slot containing the clock's time at the first
         * tick. Give an earlier slot to catch up after downtime.
         */
        public Builder startFrom(Slot value) {
            this.startFrom = Objects.requireNonNull(value, "startFrom");
            return this;
        }

        /**
         * Also settle each cleared slot this long after its delivery ends (time for meter
         * readings); a slot whose readings are missing is retried at the next tick.
         */
        public Builder settleAfter(Duration value) {
            Objects.requireNonNull(value, "settleAfter");
            if (value.isNegative()) {
                throw new IllegalArgumentException("settleAfter must not be negative, got " + value);
            }
            this.settleAfter = value;
            return this;
        }

        /** A clock that ticks only when {@link MarketClock#tick()} is called. */
        public MarketClock build() {
            this.scheduled = false;
            return new MarketClock(this);
        }

        /** A clock ticking every {@link #period(Duration)} on a daemon thread until closed. */
        public MarketClock start() {
            this.scheduled = true;
            MarketClock c = new MarketClock(this);
            c.scheduler.scheduleWithFixedDelay(c::scheduledTick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            return c;
        }
    }
}
