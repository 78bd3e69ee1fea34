package io.p2pe.simulator;

import io.p2pe.market.Fill;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.market.dr.Baseline;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import io.p2pe.protocol.OrderBookMode;
import io.p2pe.sdk.SealedBookClient;
import io.p2pe.sdk.SealedOrders;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.DrEventRequest;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingBatch;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.OperatorClient;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantClient;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.sdk.SlotContext;
import io.p2pe.sdk.solver.CompetitionOutcome;
import io.p2pe.sdk.solver.SolverRunner;
import io.p2pe.sdk.solver.SubmittedProposal;
import io.p2pe.simulator.agents.BatteryAgent;
import io.p2pe.simulator.agents.SimulatedAgent;
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
 * With {@link Clearing#PROPOSALS} the slot is not cleared at gate closure: after closing it each
 * of the day's solvers ({@link SimSolver}, one per peer org, through its own connection) reads the
 * book and proposes a matching, the clock moves on to the end of the proposal window
 * ({@link #PROPOSAL_WINDOW} after gate closure), and the operator's ClearSlot finalizes the slot
 * (the same transaction as FinalizeClearing): the best proposal or the engine's own result becomes
 * its clearing. Every call goes through the SDK and its retry policy; no transaction carries an
 * invented timestamp.
 */
public final class TradingDay implements AutoCloseable {
    /** The market time zone of every scenario. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    /** How long before a slot's gate closure its orders go in, on the ledger clock. */
    static final Duration ORDER_LEAD = Duration.ofMinutes(5);
    /** How long after a slot's end the last meter readings arrive, on the ledger clock. */
    static final Duration METER_DELAY = Duration.ofMinutes(1);
    /** The proposal window after gate closure with {@link Clearing#PROPOSALS}, on the ledger clock. */
    static final Duration PROPOSAL_WINDOW = Duration.ofMinutes(5);
    /**
     * How often finalizing is tried again while an endorsing peer still has the ledger time before
     * the window's end ({@code PROPOSAL_WINDOW_OPEN}: it has not committed the advance yet), and
     * the first wait (doubling, up to {@link #FINALIZE_MAX_WAIT}).
     */
    static final int FINALIZE_ATTEMPTS = 8;
    static final Duration FINALIZE_FIRST_WAIT = Duration.ofMillis(250);
    static final Duration FINALIZE_MAX_WAIT = Duration.ofSeconds(4);

    private final Community community;
    private final Progress progress;
    private final Clearing clearing;
    private final List<SimSolver> solvers;
    /** The solvers' connections, by solver name. */
    private final Map<String, P2peConnection> solverConnections = new LinkedHashMap<>();
    /** What each solver did, by slot (in slot order), then in solver order. */
    private final Map<String, List<ReportData.Attempt>> attempts = new LinkedHashMap<>();
    private final Map<String, P2peConnection> connections = new LinkedHashMap<>();
    private P2peConnection operator;
    private P2peConnection meter;
    /** The virtual power plant's aggregator, when an event dispatches batteries. */
    private P2peConnection aggregator;
    /** The org of the simulation's aggregator: the retailer's platform bids and dispatches for households. */
    static final String AGGREGATOR_ORG = "RetailerOrg";
    /** Cleared slots whose meter readings and settlement wait for the ledger time to pass their end. */
    private final List<Delivery> undelivered = new ArrayList<>();
    private Instant ledgerTime;
    private int proposalWindowMinutes;
    private final ExecutorService pool = Executors.newFixedThreadPool(48, r -> {
        Thread t = new Thread(r, "p2pe-simulate");
        t.setDaemon(true);
        return t;
    });
    private long orders;
    private long transactions;
    private final List<ReportData.DrOutcome> drOutcomes = new ArrayList<>();
    /** (participant id, slot, instructed Wh) of every battery dispatch of the day. */
    private final List<Object[]> dispatchedSlots = new ArrayList<>();
    /** Days of readings recorded before the day for each enrolled participant's DR baseline. */
    static final int HISTORY_DAYS = 7;

    private TradingDay(Community community, Progress progress, Clearing clearing, List<SimSolver> solvers) {
        this.community = community;
        this.progress = progress;
        this.clearing = clearing;
        this.solvers = clearing == Clearing.PROPOSALS ? List.copyOf(solvers) : List.of();
    }

    /** Set by {@link #useSealedBook}: the network whose org admins seal and reveal; null = an OPEN book. */
    private NetworkDirectory sealingNetwork;
    /** Each participant org's admin connection with its sealing private key, by org (SEALED days). */
    private final Map<String, SealingAgent> sealingAgents = new TreeMap<>();

    private record SealingAgent(P2peConnection admin, Map<String, java.security.PrivateKey> keys) {
    }

    /**
     * Trades the day with a SEALED order book (docs/privacy.md): {@link #configure} sets
     * {@code orderBook: SEALED} and has the admin of every org with participants publish a fresh
     * sealing key; the participants' SDK seals their orders; after each CloseSlot every such org's
     * admin reveals its participants' orders before the operator clears.
     */
    public void useSealedBook(NetworkDirectory network) {
        this.sealingNetwork = network;
    }

    /**
     * Connects the operator, the meter, every participant and (with {@link Clearing#PROPOSALS})
     * every solver, enrolling the identities the network does not have yet ({@code network.sh enroll}).
     */
    public static TradingDay connect(NetworkDirectory network, Community community, Progress progress,
                                     Clearing clearing, List<SimSolver> solvers)
            throws SimulationInputException, InterruptedException {
        TradingDay day = new TradingDay(community, progress, clearing, solvers);
        try {
            int enrolled = 0;
            for (IdentityRequest r : identities(community, day.solvers)) {
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
            for (SimSolver s : day.solvers) {
                day.solverConnections.put(s.name(), P2peConnection.connect(network.config(s.org(), s.name())));
            }
            if (community.dispatchesBatteries()) {
                day.aggregator = P2peConnection.connect(network.config(AGGREGATOR_ORG, community.aggregatorLocalId()));
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

    /**
     * The operator, the meter, every participant (the retailer with role {@code retailer}) and
     * every solver (role {@code solver}).
     */
    public static List<IdentityRequest> identities(Community community, List<SimSolver> solvers) {
        List<IdentityRequest> out = new ArrayList<>();
        out.add(new IdentityRequest("ExchangeOrg", "operator", "operator", null));
        out.add(new IdentityRequest("GridOrg", "meter", "meter", null));
        for (SimParticipant p : community.participants()) {
            out.add(new IdentityRequest(p.org(), p.localId(), p.inCommunity() ? "participant" : "retailer",
                    p.localId()));
        }
        for (SimSolver s : solvers) {
            out.add(new IdentityRequest(s.org(), s.name(), "solver", null));
        }
        if (community.dispatchesBatteries()) {
            out.add(new IdentityRequest(AGGREGATOR_ORG, community.aggregatorLocalId(), "aggregator",
                    community.aggregatorLocalId()));
        }
        return out;
    }

    /** The proposal window the day ran with, minutes after gate closure (0 without proposals). */
    public int proposalWindowMinutes() {
        return proposalWindowMinutes;
    }

    /** How the day's slots are cleared. */
    public Clearing clearing() {
        return clearing;
    }

    /** The solvers that compete (none with {@link Clearing#BUILT_IN}). */
    public List<SimSolver> solvers() {
        return solvers;
    }

    /** What each solver did for a slot, in solver order (empty for a slot without competition). */
    public List<ReportData.Attempt> attempts(Slot slot) {
        return attempts.getOrDefault(slot.toString(), List.of());
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
        if (community.dispatchesBatteries()) {
            all.add(CompletableFuture.supplyAsync(() -> call(() -> op.ensureParticipant(ParticipantRegistration
                    .of(community.aggregatorLocalId(), "BUSINESS").withMspId(AGGREGATOR_ORG + "MSP"))), pool));
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

    /**
     * Attests the source through the meter identity unless the ledger already holds it. The
     * registration was just committed on the operator's gateway peer; GridOrg's peers may be a
     * block behind and answer NOT_FOUND for the participant for a moment, so that refusal is
     * asked again for up to about 10 s.
     */
    private void attest(String participantId, String sourceType) throws P2peException {
        OperatorClient meterClient = meter.operator();
        afterPeersCatchUp(ErrorCode.NOT_FOUND, "attesting " + participantId, () -> {
            try {
                if (meterClient.sourceAttestation(participantId).sourceType().equals(sourceType)) {
                    return null;
                }
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
            return meterClient.attestSource(participantId, sourceType);
        });
    }

    /**
     * A call whose refusal with {@code code} may only mean that the endorsing peer has not committed
     * the last block yet (a registration, the last clock advance), asked again for up to 10 s.
     */
    static <T> T afterPeersCatchUp(ErrorCode code, String what, SdkCall<T> call) throws P2peException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != code || attempt == 20) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.p2pe.sdk.TransportException(what + ": interrupted", null, null, false, e);
            }
        }
    }

    /**
     * Writes the market configuration for the run, keeping the settings it does not concern
     * (price limits, roles, renewable sources, order window): LEDGER clock mode, mechanism,
     * 30-minute slots, a 60-minute gate closure lead, Asia/Tokyo, the scenario's tariffs,
     * emission factor, (OPTIMAL only) wheeling, and the proposal window: {@link #PROPOSAL_WINDOW}
     * with {@link Clearing#PROPOSALS}, none otherwise (so ClearSlot clears at gate closure).
     * Switching a market to LEDGER mode restarts its ledger clock.
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
                .retailTariff(scenario.tariffs().retail()).buyBackTariff(scenario.tariffs().buyBack())
                .proposalWindowMinutes(clearing == Clearing.PROPOSALS ? (int) PROPOSAL_WINDOW.toMinutes() : 0);
        if (mechanism == Mechanism.OPTIMAL) {
            b.objective(objective);
            if (scenario.wheelingLevels() != null) {
                b.wheelingLevels(scenario.wheelingLevels());
            }
        }
        if (scenario.gridEmissionFactor() != null) {
            b.gridEmissionFactor(scenario.gridEmissionFactor());
        }
        b.orderBook(sealingNetwork != null ? OrderBookMode.SEALED : OrderBookMode.OPEN);
        transactions++;
        MarketSettings market = operator.operator().configureMarket(b.build());
        if (sealingNetwork != null && sealingAgents.isEmpty()) {
            publishSealingKeys();
        }
        String time = operator.operator().ledgerClock().ledgerTime();
        ledgerTime = time == null ? null : Instant.parse(time);
        return market;
    }

    private void publishSealingKeys() throws P2peException {
        java.util.TreeSet<String> orgs = new java.util.TreeSet<>();
        for (SimParticipant p : community.participants()) {
            orgs.add(p.org());
        }
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        for (String org : orgs) {
            P2peConnection admin;
            try {
                admin = P2peConnection.connect(sealingNetwork.config(org, "Admin"));
            } catch (SimulationInputException e) {
                throw new IllegalStateException("sealed book: " + e.getMessage(), e);
            }
            java.security.KeyPair key = SealedOrders.newSealingKeyPair();
            String keyId = "sim-" + org + "-" + stamp;
            sealingAgents.put(org, new SealingAgent(admin, Map.of(keyId, key.getPrivate())));
            admin.sealedBook().setSealingKey(keyId, (java.security.interfaces.ECPublicKey) key.getPublic());
            transactions++;
        }
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
        // The window as the ledger configured it (the slots freeze it at closing); none without proposals.
        proposalWindowMinutes = clearing == Clearing.PROPOSALS ? market.proposalWindowMinutes() : 0;
        Duration window = Duration.ofMinutes(proposalWindowMinutes);
        List<LedgerSchedule.SlotTimes> plan = LedgerSchedule.plan(slots,
                Duration.ofMinutes(market.gateClosureLeadMinutes()), window);
        advanceTo(plan.get(0).tradingStart());
        List<DeclaredEvent> events = declareDemandResponse(slots, market);
        progress.step(0, slots.size(), "trading " + slots.get(0));
        for (int i = 0; i < slots.size(); i++) {
            String status = runSlot(plan.get(i), market);
            progress.step(i + 1, slots.size(), status);
        }
        Instant end = slots.get(slots.size() - 1).endInstant();
        advanceTo(end.plus(METER_DELAY));
        advanceTo(end.plus(METER_DELAY.multipliedBy(2)));
        measureDemandResponse(events);
    }

    /** A DR event declared on the ledger for the day. */
    private record DeclaredEvent(Community.DrPlan plan, String eventId, List<Slot> slots) {
    }

    /**
     * Declares the community's DR events whose slots the day trades (the operator, enrolment until
     * the first event slot's gate closure), records each enrolled participant's readings of the
     * seven days before (its base profile without the event, in the event's slots and the
     * baseline's same-day adjustment window) and enrols it.
     */
    private List<DeclaredEvent> declareDemandResponse(List<Slot> slots, MarketSettings market) throws P2peException {
        List<DeclaredEvent> out = new ArrayList<>();
        LocalDate date = slots.get(0).start().toLocalDate();
        for (Community.DrPlan e : community.drEvents()) {
            List<Slot> eventSlots = slots(date, e.fromSlot(), e.toSlot() - e.fromSlot() + 1);
            if (!slots.containsAll(eventSlots)) {
                progress.note("demand response: event " + e.id() + " (" + eventSlots.get(0) + ") is outside the "
                        + "traded slots; not declared");
                continue;
            }
            String eventId = date.toString().replace("-", "") + "-" + e.id();
            try {
                operator.demandResponse().declare(DrEventRequest.builder().eventId(eventId).direction(e.direction())
                        .slots(eventSlots.get(0), eventSlots.get(eventSlots.size() - 1)).targetWh(e.targetWh())
                        .pointsPerKwh(e.pointsPerKwh()).enrolmentDeadline(market.gateClosure(eventSlots.get(0)))
                        .build());
            } catch (EndorsementRejectedException x) {
                if (x.errorCode().orElse(null) != ErrorCode.ALREADY_EXISTS) {
                    throw x;
                }
            }
            transactions++;
            List<MeterReadingRequest> history = new ArrayList<>();
            List<Slot> baselineSlots = new ArrayList<>(Baseline.adjustmentWindow(eventSlots.get(0)));
            baselineSlots.addAll(eventSlots);
            for (String pid : e.enrolled()) {
                long[] net = community.baseNetWh(pid);
                if (net == null) {
                    continue;
                }
                for (int back = 1; back <= HISTORY_DAYS; back++) {
                    for (Slot s : baselineSlots) {
                        Slot past = new Slot(s.start().minusDays(back), s.lengthMinutes());
                        long v = net[SimulatedAgent.slotIndex(past)];
                        history.add(new MeterReadingRequest(pid, past, Math.max(0, v), Math.max(0, -v),
                                "m-" + pid.substring(pid.indexOf(':') + 1)));
                    }
                }
            }
            // One participant's readings one after the other: each rewrites its meter binding, so two
            // in one block would conflict; different participants' go in parallel.
            OperatorClient meterClient = meter.operator();
            Map<String, List<MeterReadingRequest>> byParticipant = new TreeMap<>();
            for (MeterReadingRequest r : history) {
                byParticipant.computeIfAbsent(r.participant(), k -> new ArrayList<>()).add(r);
            }
            List<CompletableFuture<?>> recorded = new ArrayList<>();
            for (List<MeterReadingRequest> mine : byParticipant.values()) {
                recorded.add(CompletableFuture.supplyAsync(() -> call(() -> {
                    for (MeterReadingRequest r : mine) {
                        recordUnlessRecorded(meterClient, r);
                    }
                    return null;
                }), pool));
            }
            join(recorded);
            List<CompletableFuture<?>> enrolled = new ArrayList<>();
            for (String pid : e.enrolled()) {
                P2peConnection c = connections.get(pid.substring(pid.indexOf(':') + 1));
                enrolled.add(CompletableFuture.supplyAsync(() -> call(() -> c.demandResponse().enrol(eventId)), pool));
            }
            join(enrolled);
            transactions += history.size() + e.enrolled().size() + dispatch(e, eventId, eventSlots);
            progress.note("demand response: " + eventId + " " + e.direction() + " " + eventSlots.get(0) + " … "
                    + eventSlots.get(eventSlots.size() - 1) + ", target " + Fmt.kwh(e.targetWh()) + " kWh, "
                    + e.enrolled().size() + " enrolled (" + history.size() + " history readings)");
            out.add(new DeclaredEvent(e, eventId, eventSlots));
        }
        return out;
    }

    /**
     * The aggregator dispatches the event's batteries (each owner authorises it first): in every
     * event slot DISCHARGE (DOWN) or CHARGE (UP) {@code dispatchPermille} of the battery's power,
     * and the battery's controller is told the same instruction.
     *
     * @return the transactions sent
     */
    private int dispatch(Community.DrPlan e, String eventId, List<Slot> eventSlots) throws P2peException {
        int sent = 0;
        String aggregatorId = AGGREGATOR_ORG + "MSP:" + community.aggregatorLocalId();
        for (String pid : e.dispatched()) {
            SimParticipant owner = community.participants().stream().filter(p -> p.participantId().equals(pid))
                    .findFirst().orElseThrow();
            BatteryAgent battery = (BatteryAgent) owner.agent();
            connections.get(owner.localId()).participant().authorizeAggregator(aggregatorId);
            long wh = battery.powerW() / 2 * e.dispatchPermille() / 1000;
            boolean discharge = e.direction() == io.p2pe.market.dr.DrDirection.DOWN;
            for (Slot s : eventSlots) {
                aggregator.demandResponse().dispatchBattery(pid, s, discharge ? BatteryDispatch.Direction.DISCHARGE
                        : BatteryDispatch.Direction.CHARGE, wh, eventId);
                battery.instruct(SimulatedAgent.slotIndex(s), discharge ? -wh : wh);
                dispatchedSlots.add(new Object[] {pid, s, wh});
                sent++;
            }
            sent++;
        }
        return sent;
    }

    /** A history reading; one recorded already (an earlier run's day) stays as it is. */
    private static MeterReading recordUnlessRecorded(OperatorClient meterClient, MeterReadingRequest r)
            throws P2peException {
        try {
            return meterClient.recordMeterReading(r);
        } catch (EndorsementRejectedException x) {
            if (x.errorCode().orElse(null) == ErrorCode.ALREADY_EXISTS) {
                return null;
            }
            throw x;
        }
    }

    /**
     * Measures every enrolled participant of the declared events (GridOrg's meter identity) once
     * the day is metered, and closes the events (the operator); what the ledger returns is the
     * report's demand-response section.
     */
    private void measureDemandResponse(List<DeclaredEvent> events) throws P2peException {
        for (DeclaredEvent e : events) {
            List<CompletableFuture<DrPerformance>> measured = new ArrayList<>();
            for (String pid : e.plan().enrolled()) {
                measured.add(CompletableFuture.supplyAsync(() -> call(() -> afterPeersCatchUp(
                        ErrorCode.INVALID_STATE, "measuring " + pid, () -> meter.demandResponse()
                                .measure(e.eventId(), pid))), pool));
            }
            List<ReportData.DrParticipant> people = new ArrayList<>();
            for (Object o : join(new ArrayList<>(measured))) {
                DrPerformance p = (DrPerformance) o;
                long baseline = 0;
                long actual = 0;
                for (DrPerformance.Slot s : p.slots()) {
                    baseline += s.baselineWh();
                    actual += s.actualWh();
                }
                people.add(new ReportData.DrParticipant(p.participant(), p.baselineStatus(), baseline, actual,
                        p.creditedWh(), p.points()));
            }
            List<ReportData.DispatchRow> dispatches = new ArrayList<>();
            for (Object[] d : dispatchedSlots) {
                Slot s = (Slot) d[1];
                if (e.slots().contains(s)) {
                    BatteryDispatch r = afterPeersCatchUp(ErrorCode.MISSING_METER_READING, "recording a dispatch response",
                            () -> meter.demandResponse().recordDispatchResponse((String) d[0], s));
                    dispatches.add(new ReportData.DispatchRow(r.participant(), r.slot(), r.direction().name(), r.wh(),
                            r.response().respondedWh()));
                    transactions++;
                }
            }
            DrEvent closed = afterPeersCatchUp(ErrorCode.INVALID_STATE, "closing " + e.eventId(),
                    () -> operator.demandResponse().close(e.eventId()));
            transactions += people.size() + 1;
            DrEvent.Result r = closed.result();
            drOutcomes.add(new ReportData.DrOutcome(closed.eventId(), closed.direction().name(), e.slots().get(0).toString(),
                    e.slots().get(e.slots().size() - 1).toString(), closed.targetWh(), closed.pointsPerKwh(),
                    r.enrolled(), r.measured(), r.deliveredWh(), r.creditedWh(), r.pointsIssued(), people, dispatches));
            progress.note("demand response: " + closed.eventId() + " delivered " + Fmt.kwh(r.creditedWh()) + " of "
                    + Fmt.kwh(closed.targetWh()) + " kWh, " + r.pointsIssued() + " points to " + r.measured()
                    + " participants");
        }
    }

    /** Every battery's day so far, from its controller. */
    public List<ReportData.BatteryRow> batteries() {
        List<ReportData.BatteryRow> out = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            if (p.agent() instanceof BatteryAgent b) {
                BatteryAgent.Usage u = b.usage();
                out.add(new ReportData.BatteryRow(p.participantId(), u.capacityWh(), u.throughputWh(), u.cyclesPermille(),
                        u.depthOfDischargePermille(), u.minSocWh(), u.maxSocWh()));
            }
        }
        return out;
    }

    /** The day's DR events as the ledger closed them (empty without events). */
    public List<ReportData.DrOutcome> demandResponse() {
        return List.copyOf(drOutcomes);
    }

    /**
     * Records the meter readings and settles every cleared slot whose delivery had ended by the
     * current ledger time, then moves the ledger clock to {@code time} (never back). Delivering
     * only what the clock passed before, not at, this advance leaves the endorsing peers the
     * transactions in between to commit the time the readings are checked against.
     */
    private void advanceTo(Instant time) throws P2peException {
        int due = LedgerSchedule.due(undelivered.stream().map(Delivery::slot).toList(), ledgerTime);
        for (int i = 0; i < due; i++) {
            deliver(undelivered.remove(0));
        }
        if (ledgerTime == null || time.isAfter(ledgerTime)) {
            ledgerTime = Instant.parse(operator.operator().advanceLedgerTime(time).ledgerTime());
            transactions++;
        }
    }

    private String runSlot(LedgerSchedule.SlotTimes times, MarketSettings market) throws P2peException {
        Slot slot = times.slot();
        Instant gate = times.gate();
        Instant now = times.tradingStart();
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
        int sealedLeft = 0;
        for (Map.Entry<String, SealingAgent> a : sealingAgents.entrySet()) {
            SealedBookClient.RevealReport report = a.getValue().admin().sealedBook().revealSlot(slot, a.getValue().keys());
            transactions += report.transactions();
            sealedLeft += report.sealedUnderKeys() - report.opened().size() - report.rejected().size();
            if (report.sealedUnderKeys() != report.opened().size() || !report.undecryptable().isEmpty()) {
                progress.note("sealed book: " + a.getKey() + " revealed " + report.opened().size() + " of "
                        + report.sealedUnderKeys() + " sealed orders of " + slot + " (" + report.rejected().size()
                        + " REJECTED, " + report.undecryptable().size() + " undecryptable)");
            }
        }
        if (sealedLeft > 0) {
            // The reveal window must pass before ClearSlot clears without the unrevealed orders.
            advanceTo(gate.plusSeconds(market.revealWindowSeconds()));
        }
        ClearingRecord clearing;
        String won = "";
        if (times.hasWindow()) {
            List<ReportData.Attempt> tried = propose(slot);
            attempts.put(slot.toString(), tried);
            transactions += tried.stream().filter(a -> a.score() != null).count();
            advanceTo(times.windowEnd());
            clearing = finalizeAfterWindow(slot);
            won = ", won by " + winner(slot);
        } else {
            // A SEALED book: the operator's peer may not have committed the orgs' reveals yet (each
            // reveal waited for its own org's peer) and then still counts sealed orders.
            clearing = sealingAgents.isEmpty() ? op.clearSlot(slot) : retryWhileWindowOpen(() -> op.clearSlot(slot),
                    FINALIZE_ATTEMPTS, FINALIZE_FIRST_WAIT, FINALIZE_MAX_WAIT, TradingDay::sleep);
        }
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
                + (price == null ? "" : " @ " + Fmt.price(price)) + won;
    }

    /**
     * Every solver proposes for the closed slot at once, each through its own connection. Nothing
     * a solver meets is fatal to the day (the engine's own result always competes): a refusal
     * (e.g. {@code PROPOSAL_NOT_BETTER}), a method that cannot handle the book or a failed call
     * is recorded as its attempt and reported.
     */
    private List<ReportData.Attempt> propose(Slot slot) {
        List<CompletableFuture<ReportData.Attempt>> all = new ArrayList<>();
        for (SimSolver s : solvers) {
            SolverRunner runner = SolverRunner.builder(solverConnections.get(s.name()), s.impl()).build();
            all.add(CompletableFuture.supplyAsync(() -> attempt(s, () -> runner.solve(slot)), pool));
        }
        List<ReportData.Attempt> out = new ArrayList<>();
        for (CompletableFuture<ReportData.Attempt> f : all) {
            out.add(f.join());
        }
        return out;
    }

    /** A proposal call that returns the stored proposal, or empty when the slot took none. */
    @FunctionalInterface
    interface ProposeCall {
        java.util.Optional<SubmittedProposal> run() throws P2peException;
    }

    /** One solver's attempt, as the report shows it. */
    static ReportData.Attempt attempt(SimSolver s, ProposeCall call) {
        try {
            return call.run().map(p -> new ReportData.Attempt(s.name(), "proposed", null, new ReportData.Score(
                    p.score().minSurplusRate(), p.score().surplus(), p.score().volumeWh())))
                    .orElseGet(() -> new ReportData.Attempt(s.name(), "skipped", "the slot was not CLOSED any more",
                            null));
        } catch (EndorsementRejectedException e) {
            return new ReportData.Attempt(s.name(), "refused " + e.errorCode().map(Enum::name).orElse("(no code)"),
                    oneLine(e.chaincodeMessage()), null);
        } catch (P2peException | RuntimeException e) {
            return new ReportData.Attempt(s.name(), "failed", oneLine(e.getClass().getSimpleName() + ": "
                    + e.getMessage()), null);
        }
    }

    private static String oneLine(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ");
    }

    /**
     * The operator's ClearSlot once the window has ended: it finalizes the competition. Right
     * after the clock's advance an endorsing peer that has not committed it yet still sees the
     * window open and refuses {@code PROPOSAL_WINDOW_OPEN}, which changes nothing: it is tried again.
     */
    private ClearingRecord finalizeAfterWindow(Slot slot) throws P2peException {
        OperatorClient op = operator.operator();
        return retryWhileWindowOpen(() -> op.clearSlot(slot), FINALIZE_ATTEMPTS, FINALIZE_FIRST_WAIT,
                FINALIZE_MAX_WAIT, TradingDay::sleep);
    }

    /** Waits, for {@link #retryWhileWindowOpen}. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /**
     * Runs {@code call}, again after a doubling wait while it is refused {@code PROPOSAL_WINDOW_OPEN}
     * or {@code REVEAL_WINDOW_OPEN} (the endorsing peer has not committed the last proposals or
     * reveals, or the clock), at most {@code attempts} times; the last refusal, or any other
     * failure, is thrown.
     */
    static <T> T retryWhileWindowOpen(SdkCall<T> call, int attempts, Duration firstWait, Duration maxWait,
                                      Sleeper sleeper) throws P2peException {
        Duration wait = firstWait;
        for (int i = 1; ; i++) {
            try {
                return call.run();
            } catch (EndorsementRejectedException e) {
                ErrorCode code = e.errorCode().orElse(null);
                if (i >= attempts || (code != ErrorCode.PROPOSAL_WINDOW_OPEN && code != ErrorCode.REVEAL_WINDOW_OPEN)) {
                    throw e;
                }
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to finalize", e);
            }
            wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
        }
    }

    /** The winner of a finalized slot's competition for the progress line, read from the ledger. */
    private String winner(Slot slot) {
        try {
            CompetitionOutcome o = operator.solver().proposals(slot).outcome();
            if (o == null || o.winner() == null) {
                return "(no outcome recorded)";
            }
            SimSolver s = Competitions.solverOf(o.winner(), solvers);
            return s != null ? s.name() : o.winner().isBuiltIn() ? CompetitionOutcome.BUILT_IN : o.winner().solverMsp();
        } catch (P2peException e) {
            return "(outcome unreadable: " + oneLine(e.getMessage()) + ")";
        }
    }

    /** A cleared slot's meter readings, to record once its delivery has ended on the ledger clock. */
    private record Delivery(Slot slot, List<MeterReadingRequest> readings) {
    }

    /**
     * Records a slot's meter readings as the meter identity, in RecordMeterReadings transactions
     * (a batch that is retried skips what it had stored), then settles it, every page.
     */
    private void deliver(Delivery d) throws P2peException {
        if (!d.readings().isEmpty()) {
            afterPeersCatchUp(ErrorCode.INVALID_STATE, "recording the readings of " + d.slot(),
                    () -> meter.operator().recordMeterReadings(d.readings()));
        }
        SlotState settled = operator.operator().settleSlot(d.slot());
        transactions += (d.readings().size() + MeterReadingBatch.MAX_READINGS - 1) / MeterReadingBatch.MAX_READINGS
                + settled.settlement().pages();
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
        solverConnections.values().forEach(P2peConnection::close);
        if (operator != null) {
            operator.close();
        }
        if (meter != null) {
            meter.close();
        }
        if (aggregator != null) {
            aggregator.close();
        }
        sealingAgents.values().forEach(a -> a.admin().close());
    }
}
