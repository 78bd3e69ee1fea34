package io.p2pe.simulator;

import io.p2pe.market.Fill;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.OperatorClient;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantClient;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.sdk.SlotContext;
import io.p2pe.simulator.agents.SlotDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a simulated community through a trading day on a real network: identities and onboarding,
 * the market configuration in {@link ClockMode#LEDGER} mode, then slot after slot on the ledger
 * clock, which the operator advances through the simulated day: to 5 minutes before the slot's
 * gate closure, when the agents' orders go in (concurrently, through each participant's own SDK
 * connection); to the gate closure, when the operator closes and clears the slot; and once a
 * slot's delivery has ended, each site's meter reading (recorded by the meter identity) and the
 * operator's SettleSlot. With a gate closure lead longer than a slot, deliveries trail trading by
 * a few slots, as on a real market; the last ones follow a final advance past the day's end.
 * Every call goes through the SDK and its retry policy; no transaction carries an invented
 * timestamp.
 */
public final class TradingDay implements AutoCloseable {
    /** The market time zone of every scenario. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    /** How long before a slot's gate closure its orders go in, on the ledger clock. */
    static final Duration ORDER_LEAD = Duration.ofMinutes(5);
    /** How long after a slot's end the last meter readings arrive, on the ledger clock. */
    static final Duration METER_DELAY = Duration.ofMinutes(1);

    private final Community community;
    private final Progress progress;
    private final Map<String, P2peConnection> connections = new LinkedHashMap<>();
    private P2peConnection operator;
    private P2peConnection meter;
    /** Cleared slots whose meter readings and settlement wait for the ledger time to pass their end. */
    private final List<Delivery> undelivered = new ArrayList<>();
    private Instant ledgerTime;
    private final ExecutorService pool = Executors.newFixedThreadPool(48, r -> {
        Thread t = new Thread(r, "p2pe-simulate");
        t.setDaemon(true);
        return t;
    });
    private long orders;
    private long transactions;

    private TradingDay(Community community, Progress progress) {
        this.community = community;
        this.progress = progress;
    }

    /**
     * Connects the operator, the meter and every participant, enrolling the identities the network
     * does not have yet ({@code network.sh enroll}).
     */
    public static TradingDay connect(NetworkDirectory network, Community community, Progress progress)
            throws SimulationInputException, InterruptedException {
        TradingDay day = new TradingDay(community, progress);
        try {
            int enrolled = 0;
            for (IdentityRequest r : identities(community)) {
                if (network.ensureIdentity(r.org(), r.name(), r.role(), r.participant())) {
                    enrolled++;
                    progress.note("enrolled " + r.name() + " at " + r.org() + "'s CA (" + enrolled + " new)");
                }
            }
            List<SimParticipant> all = community.participants();
            day.operator = P2peConnection.connect(network.config("ExchangeOrg", "operator"));
            day.meter = P2peConnection.connect(network.config("GridOrg", "meter"));
            for (SimParticipant p : all) {
                day.connections.put(p.localId(), P2peConnection.connect(network.config(p.org(), p.localId())));
            }
            return day;
        } catch (io.p2pe.sdk.ConfigurationException e) {
            day.close();
            throw new SimulationInputException(e.getMessage());
        } catch (SimulationInputException | InterruptedException | RuntimeException e) {
            day.close();
            throw e;
        }
    }

    /**
     * An identity the simulation connects as.
     *
     * @param org its org
     * @param name its name in the org's connection profile
     * @param role its {@code p2pe.role}
     * @param participant its {@code p2pe.participant}, or null
     */
    public record IdentityRequest(String org, String name, String role, String participant) {
    }

    /** The operator, the meter, and every participant (the retailer with role {@code retailer}). */
    public static List<IdentityRequest> identities(Community community) {
        List<IdentityRequest> out = new ArrayList<>();
        out.add(new IdentityRequest("ExchangeOrg", "operator", "operator", null));
        out.add(new IdentityRequest("GridOrg", "meter", "meter", null));
        for (SimParticipant p : community.participants()) {
            out.add(new IdentityRequest(p.org(), p.localId(), p.inCommunity() ? "participant" : "retailer",
                    p.localId()));
        }
        return out;
    }

    /** The operator's connection. */
    public P2peConnection operator() {
        return operator;
    }

    /** A participant's own connection. */
    public ParticipantClient participant(SimParticipant p) {
        return connections.get(p.localId()).participant();
    }

    /** Registers every participant that is not registered yet (the operator onboards all orgs). */
    public void onboard() throws P2peException {
        OperatorClient op = operator.operator();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            ParticipantRegistration r = ParticipantRegistration.of(p.localId(), p.kind()).withMspId(p.mspId());
            if (p.location() != null) {
                r = r.withLocation(p.location());
            }
            if (p.pvWatts() > 0) {
                r = r.withPv(p.pvWatts(), "solar");
            }
            if (p.batteryWh() > 0) {
                r = r.withBattery(p.batteryWh());
            }
            if (p.evBatteryWh() > 0) {
                r = r.withEv(p.evBatteryWh());
            }
            ParticipantRegistration reg = r;
            String source = attestedSource(p);
            all.add(CompletableFuture.supplyAsync(() -> call(() -> {
                Participant registered = op.ensureParticipant(reg);
                if (source != null) {
                    attest(registered.id(), source);
                }
                return registered;
            }), pool));
        }
        join(all);
    }

    /**
     * The source the grid operator attests for a site's exports: solar for PV, grid mix for the
     * retailer, none for other sites (their exports, e.g. from a battery, stay unlabelled).
     */
    private static String attestedSource(SimParticipant p) {
        if (p.pvWatts() > 0) {
            return "solar";
        }
        return p.inCommunity() ? null : "grid";
    }

    /** Attests the source through the meter identity unless the ledger already holds it. */
    private void attest(String participantId, String sourceType) throws P2peException {
        OperatorClient meterClient = meter.operator();
        try {
            if (meterClient.sourceAttestation(participantId).sourceType().equals(sourceType)) {
                return;
            }
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        meterClient.attestSource(participantId, sourceType);
    }

    /**
     * Writes the market configuration for the run, keeping the settings it does not concern
     * (price limits, roles, renewable sources, order window): LEDGER clock mode, mechanism,
     * 30-minute slots, a 60-minute gate closure lead, Asia/Tokyo, the scenario's tariffs,
     * emission factor and (OPTIMAL only) wheeling. Switching a market to LEDGER mode restarts its
     * ledger clock.
     */
    public MarketSettings configure(Scenario scenario, Mechanism mechanism, Objective objective)
            throws P2peException {
        MarketSettings current = null;
        try {
            current = operator.participant().marketSettings();
        } catch (P2peException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                throw e;
            }
        }
        MarketConfigRequest.Builder b = current == null ? MarketConfigRequest.builder()
                : MarketConfigRequest.from(current);
        b.clockMode(ClockMode.LEDGER).mechanism(mechanism).slotLengthMinutes(30).gateClosureLeadMinutes(60).timeZone(ZONE.getId())
                .retailTariff(scenario.tariffs().retail()).buyBackTariff(scenario.tariffs().buyBack());
        if (mechanism == Mechanism.OPTIMAL) {
            b.objective(objective);
            if (scenario.wheelingLevels() != null) {
                b.wheelingLevels(scenario.wheelingLevels());
            }
        }
        if (scenario.gridEmissionFactor() != null) {
            b.gridEmissionFactor(scenario.gridEmissionFactor());
        }
        transactions++;
        MarketSettings market = operator.operator().configureMarket(b.build());
        String time = operator.operator().ledgerClock().ledgerTime();
        ledgerTime = time == null ? null : Instant.parse(time);
        return market;
    }

    /** The ledger time, or null while the ledger clock has not started. */
    public Instant ledgerTime() {
        return ledgerTime;
    }

    /**
     * When the trading of {@code slot} begins on the ledger clock: 5 minutes before its gate
     * closure. A day can be traded only if its first slot begins at or after the ledger time.
     */
    public static Instant tradingStart(Slot slot, MarketSettings market) {
        return market.gateClosure(slot).minus(ORDER_LEAD);
    }

    /** The slots of {@code date} from {@code fromSlot} (0 = 00:00), {@code count} of them. */
    public static List<Slot> slots(LocalDate date, int fromSlot, int count) {
        List<Slot> out = new ArrayList<>();
        ZonedDateTime start = ZonedDateTime.of(date, LocalTime.MIDNIGHT, ZONE).plusMinutes(30L * fromSlot);
        for (int i = 0; i < count; i++) {
            out.add(new Slot(start.plusMinutes(30L * i).toOffsetDateTime(), 30));
        }
        return out;
    }

    /**
     * Whether the ledger has never seen these slots: every one is OPEN with an empty book (a slot
     * traded before is closed, or has orders from a run that stopped, and part of a day may have
     * been traded by a shorter run).
     */
    public boolean unused(List<Slot> slots) throws P2peException {
        ParticipantClient op = operator.participant();
        List<CompletableFuture<?>> checks = new ArrayList<>();
        for (Slot s : slots) {
            checks.add(CompletableFuture.supplyAsync(() -> call(() -> op.slot(s).status() == SlotState.Status.OPEN
                    && op.slotBook(s).isEmpty()), pool));
        }
        return join(checks).stream().allMatch(Boolean.TRUE::equals);
    }

    /**
     * Runs the slots in order on the ledger clock, then delivers the last ones after two final
     * advances past the end of the day; the progress bar shows each slot.
     */
    public void run(List<Slot> slots, MarketSettings market) throws P2peException {
        progress.step(0, slots.size(), "trading " + slots.get(0));
        for (int i = 0; i < slots.size(); i++) {
            String status = runSlot(slots.get(i), market);
            progress.step(i + 1, slots.size(), status);
        }
        Instant end = slots.get(slots.size() - 1).endInstant();
        advanceTo(end.plus(METER_DELAY));
        advanceTo(end.plus(METER_DELAY.multipliedBy(2)));
    }

    /**
     * Records the meter readings and settles every cleared slot whose delivery had ended by the
     * current ledger time, then moves the ledger clock to {@code time} (never back). Delivering
     * only what the clock passed before, not at, this advance leaves the endorsing peers the
     * transactions in between to commit the time the readings are checked against.
     */
    private void advanceTo(Instant time) throws P2peException {
        while (ledgerTime != null && !undelivered.isEmpty()
                && !undelivered.get(0).slot().endInstant().isAfter(ledgerTime)) {
            deliver(undelivered.remove(0));
        }
        if (ledgerTime == null || time.isAfter(ledgerTime)) {
            ledgerTime = Instant.parse(operator.operator().advanceLedgerTime(time).ledgerTime());
            transactions++;
        }
    }

    private String runSlot(Slot slot, MarketSettings market) throws P2peException {
        Instant gate = market.gateClosure(slot);
        Instant now = tradingStart(slot, market);
        advanceTo(now);
        List<CompletableFuture<OrderRecord>> submitted = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            SlotContext ctx = new SlotContext(p.localId(), slot, gate, now, p.participantId(), market, List.of());
            ParticipantClient client = participant(p);
            for (OrderRequest r : p.agent().ordersFor(ctx)) {
                submitted.add(CompletableFuture.supplyAsync(() -> call(() -> client.submitOrder(r)), pool));
            }
        }
        Map<String, OrderRecord> placed = new TreeMap<>();
        for (Object o : join(new ArrayList<>(submitted))) {
            OrderRecord r = (OrderRecord) o;
            placed.put(r.orderId(), r);
        }
        orders += placed.size();
        advanceTo(gate);
        OperatorClient op = operator.operator();
        op.closeSlot(slot);
        ClearingRecord clearing = op.clearSlot(slot);
        Map<String, Map<String, Long>> fills = new TreeMap<>();
        for (Fill f : clearing.fills()) {
            OrderRecord r = placed.get(f.orderId());
            if (r != null) {
                fills.computeIfAbsent(r.participant(), k -> new TreeMap<>()).merge(r.clientOrderId(), f.filledWh(),
                        Long::sum);
            }
        }
        // The devices run through the slot now (the next slot's decisions depend on their state);
        // the meters' record of it reaches the ledger once the ledger time has passed its end.
        List<MeterReadingRequest> readings = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            SlotDelivery d = p.agent().deliver(slot, fills.getOrDefault(p.participantId(), Map.of()));
            readings.add(new MeterReadingRequest(p.participantId(), slot, d.importedWh(), d.exportedWh(),
                    "m-" + p.localId()));
        }
        undelivered.add(new Delivery(slot, readings));
        transactions += placed.size() + 2;
        Long price = clearing.clearing() == null ? null : clearing.clearing().segments().stream()
                .filter(s -> "main".equals(s.segment())).map(SlotState.Segment::clearingPrice)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        long volume = clearing.clearing() == null ? 0 : clearing.clearing().volumeWh();
        return slot.toString().substring(11, 16) + " " + placed.size() + " orders, " + Fmt.kwh(volume) + " kWh"
                + (price == null ? "" : " @ " + Fmt.price(price));
    }

    /** A cleared slot's meter readings, to record once its delivery has ended on the ledger clock. */
    private record Delivery(Slot slot, List<MeterReadingRequest> readings) {
    }

    /** Records a slot's meter readings (concurrently, as the meter identity), then settles it. */
    private void deliver(Delivery d) throws P2peException {
        OperatorClient meterClient = meter.operator();
        List<CompletableFuture<?>> recorded = new ArrayList<>();
        for (MeterReadingRequest r : d.readings()) {
            recorded.add(CompletableFuture.supplyAsync(() -> call(() -> meterClient.recordMeterReading(r)), pool));
        }
        join(recorded);
        operator.operator().settleSlot(d.slot());
        transactions += d.readings().size() + 1;
    }

    /** Orders placed so far. */
    public long orders() {
        return orders;
    }

    /** Transactions committed by the trading day so far (configuration included, onboarding not). */
    public long transactions() {
        return transactions;
    }

    /** A blocking SDK call for {@link CompletableFuture#supplyAsync}: its failure completes the future. */
    @FunctionalInterface
    interface SdkCall<T> {
        T run() throws P2peException;
    }

    static <T> T call(SdkCall<T> c) {
        try {
            return c.run();
        } catch (P2peException e) {
            throw new CompletionException(e);
        }
    }

    /** Waits for every future; the first failure is rethrown as what it was. */
    static List<Object> join(List<? extends CompletableFuture<?>> futures) throws P2peException {
        List<Object> out = new ArrayList<>();
        Throwable first = null;
        for (CompletableFuture<?> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause();
                }
            }
        }
        if (first instanceof P2peException p) {
            throw p;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        connections.values().forEach(P2peConnection::close);
        if (operator != null) {
            operator.close();
        }
        if (meter != null) {
            meter.close();
        }
    }
}
