package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.OrderRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TradingAgent} for a participant: at each round, for every upcoming slot (up to
 * {@link Builder#horizonSlots(int)} ahead) whose gate closes later than the safety margin from
 * now and that the agent has not yet been asked about, it calls the agent and submits its orders.
 * Submission is idempotent on client order ids, so a round repeated after a failure or restart
 * never duplicates an order placed with ids derived from the slot
 * ({@link SlotContext#clientOrderId(int)}).
 *
 * <pre>{@code
 * try (AgentRunner runner = AgentRunner.builder(connection.participant(), "pv-agent", myAgent)
 *         .horizonSlots(4)
 *         .start()) {
 *     runner.awaitTermination();
 * }
 * }</pre>
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    /**
     * What one round did for one slot.
     *
     * @param slot the slot
     * @param placed the orders on the ledger after submission (existing ones for repeated ids)
     * @param failures one line per order or agent failure; empty when all went well
     */
    public record SlotRound(Slot slot, List<OrderRecord> placed, List<String> failures) {
        public SlotRound {
            placed = List.copyOf(placed);
            failures = List.copyOf(failures);
        }
    }

    private final ParticipantClient participant;
    private final String agentName;
    private final TradingAgent agent;
    private final Clock clock;
    private final int horizonSlots;
    private final Duration safetyMargin;
    private final Set<Slot> done = new TreeSet<>();
    private final ScheduledExecutorService scheduler;

    private AgentRunner(Builder b, boolean scheduled) {
        this.participant = b.participant;
        this.agentName = b.agentName;
        this.agent = b.agent;
        this.clock = b.clock;
        this.horizonSlots = b.horizonSlots;
        this.safetyMargin = b.safetyMargin;
        this.scheduler = scheduled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2pe-agent-" + b.agentName);
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * @param participant the participant's client
     * @param agentName 1–20 characters of {@code [A-Za-z0-9._-]}; prefixes derived client order ids
     * @param agent the trading logic
     */
    public static Builder builder(ParticipantClient participant, String agentName, TradingAgent agent) {
        return new Builder(participant, agentName, agent);
    }

    /**
     * One round: asks the agent about each slot it has not handled yet whose gate closes after
     * now plus the safety margin, within the horizon, and submits the orders.
     *
     * @throws P2peException if the market configuration or the participant's orders cannot be read
     */
    public synchronized List<SlotRound> runOnce() throws P2peException {
        String me = participant.participantId();
        if (me == null) {
            throw new ConfigurationException("the connected certificate names no participant (attribute p2pe.participant)",
                    null);
        }
        MarketSettings market = participant.marketSettings();
        Instant now = clock.instant();
        List<SlotRound> rounds = new ArrayList<>();
        Slot slot = market.firstOpenSlot(now.plus(safetyMargin));
        for (int i = 0; i < horizonSlots; i++, slot = market.next(slot)) {
            if (done.contains(slot)) {
                continue;
            }
            SlotRound round = runSlot(market, slot, now, me);
            rounds.add(round);
            if (round.failures().isEmpty()) {
                done.add(slot);
            }
        }
        done.removeIf(s -> market.gateClosure(s).isBefore(now));
        return rounds;
    }

    private SlotRound runSlot(MarketSettings market, Slot slot, Instant now, String me) throws P2peException {
        SlotContext ctx = new SlotContext(agentName, slot, market.gateClosure(slot), now, me, market,
                participant.myOrders(slot));
        List<OrderRequest> requests;
        try {
            requests = List.copyOf(agent.ordersFor(ctx));
        } catch (RuntimeException e) {
            return new SlotRound(slot, List.of(), List.of("agent failed: " + e));
        }
        List<OrderRecord> placed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (OrderRequest r : requests) {
            if (!r.slot().equals(slot)) {
                failures.add(r.clientOrderId() + ": agent returned an order for slot " + r.slot() + " when asked about "
                        + slot);
                continue;
            }
            try {
                placed.add(participant.submitOrder(r));
            } catch (P2peException e) {
                failures.add(r.clientOrderId() + ": " + e.getMessage());
            }
        }
        return new SlotRound(slot, placed, failures);
    }

    private void scheduledRound() {
        try {
            for (SlotRound r : runOnce()) {
                r.failures().forEach(f -> LOG.warn("{} {}: {}", agentName, r.slot(), f));
            }
        } catch (P2peException | RuntimeException e) {
            LOG.warn("{}: round failed: {}", agentName, e.getMessage(), e);
        }
    }

    /** Blocks until {@link #close()} (from another thread). */
    public void awaitTermination() throws InterruptedException {
        if (scheduler != null) {
            while (!scheduler.awaitTermination(1, TimeUnit.HOURS)) {
                LOG.debug("{} still running", agentName);
            }
        }
    }

    /** Stops a started runner. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Configures an {@link AgentRunner}; setters reject null. */
    public static final class Builder {
        private final ParticipantClient participant;
        private final String agentName;
        private final TradingAgent agent;
        private Clock clock = Clock.systemUTC();
        private int horizonSlots = 4;
        private Duration safetyMargin = Duration.ofMinutes(1);
        private Duration period = Duration.ofSeconds(30);

        private Builder(ParticipantClient participant, String agentName, TradingAgent agent) {
            this.participant = Objects.requireNonNull(participant, "participant");
            this.agentName = Objects.requireNonNull(agentName, "agentName");
            this.agent = Objects.requireNonNull(agent, "agent");
            if (!agentName.matches("[A-Za-z0-9._-]{1,20}")) {
                throw new IllegalArgumentException("agentName must be 1-20 characters of [A-Za-z0-9._-], got \""
                        + agentName + "\"");
            }
        }

        /** The time source, the system UTC clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How many upcoming open slots to trade, 4 by default. */
        public Builder horizonSlots(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("horizonSlots must be at least 1, got " + value);
            }
            this.horizonSlots = value;
            return this;
        }

        /** Skip slots whose gate closes sooner than this, 1 minute by default (time to commit). */
        public Builder safetyMargin(Duration value) {
            this.safetyMargin = Objects.requireNonNull(value, "safetyMargin");
            return this;
        }

        /** How often a started runner runs a round, 30 s by default. */
        public Builder period(Duration value) {
            Objects.requireNonNull(value, "period");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("period must be positive, got " + value);
            }
            this.period = value;
            return this;
        }

        /** A runner that runs a round only when {@link AgentRunner#runOnce()} is called. */
        public AgentRunner build() {
            return new AgentRunner(this, false);
        }

        /** A runner running a round every {@link #period(Duration)} on a daemon thread until closed. */
        public AgentRunner start() {
            AgentRunner r = new AgentRunner(this, true);
            r.scheduler.scheduleWithFixedDelay(r::scheduledRound, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            return r;
        }
    }
}
