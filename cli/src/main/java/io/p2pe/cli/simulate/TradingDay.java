package io.p2pe.cli.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.cli.RefusedInputException;
import io.p2pe.market.Fill;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OperatorClient;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantClient;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.sdk.SlotContext;
import io.p2pe.sdk.agents.SlotDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
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
 * the market configuration, then per slot the agents' orders (submitted concurrently through each
 * participant's own SDK connection), the operator's CloseSlot and ClearSlot, each site's meter
 * reading recorded by the meter identity, and the operator's SettleSlot. Slots run back to back:
 * the day lies in the future, so gate closure by time never interferes, and the operator, being
 * the market clock, closes each slot when its orders are in. Meter readings and settlement carry
 * the simulated delivery time ({@link DeliveryTimeGateway}).
 */
public final class TradingDay implements AutoCloseable {
    /** The market time zone of every scenario. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Community community;
    private final Progress progress;
    private final Map<String, P2peConnection> connections = new LinkedHashMap<>();
    private P2peConnection operator;
    private DeliveryTimeGateway meter;
    private DeliveryTimeGateway settler;
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
            throws RefusedInputException, InterruptedException {
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
            day.meter = DeliveryTimeGateway.open(network.config("GridOrg", "meter"));
            day.settler = DeliveryTimeGateway.open(network.config("ExchangeOrg", "operator"));
            for (SimParticipant p : all) {
                day.connections.put(p.localId(), P2peConnection.connect(network.config(p.org(), p.localId())));
            }
            return day;
        } catch (io.p2pe.sdk.ConfigurationException e) {
            day.close();
            throw new RefusedInputException(e.getMessage());
        } catch (RefusedInputException | InterruptedException | RuntimeException e) {
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
    public void onboard() throws P2peException, LedgerRefusal {
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
            all.add(CompletableFuture.supplyAsync(() -> call(() -> whenPeersAgree(() -> op.ensureParticipant(reg))), pool));
        }
        join(all);
    }

    /**
     * Writes the market configuration for the run, keeping the settings it does not concern
     * (price limits, roles, renewable sources): mechanism, 30-minute slots, a 60-minute gate
     * closure lead, Asia/Tokyo, the scenario's tariffs, emission factor and (OPTIMAL only)
     * wheeling, and an order window reaching the simulated day.
     */
    public MarketSettings configure(Scenario scenario, Mechanism mechanism, Objective objective, LocalDate day)
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
        b.mechanism(mechanism).slotLengthMinutes(30).gateClosureLeadMinutes(60).timeZone(ZONE.getId())
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
        long ahead = ChronoUnit.DAYS.between(LocalDate.now(ZONE), day) + 2;
        int window = current == null ? 7 : current.orderWindowDays();
        b.orderWindowDays((int) Math.min(366, Math.max(window, ahead)));
        transactions++;
        return operator.operator().configureMarket(b.build());
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
    public boolean unused(List<Slot> slots) throws P2peException, LedgerRefusal {
        ParticipantClient op = operator.participant();
        List<CompletableFuture<?>> checks = new ArrayList<>();
        for (Slot s : slots) {
            checks.add(CompletableFuture.supplyAsync(() -> call(() -> op.slot(s).status() == SlotState.Status.OPEN
                    && op.slotBook(s).isEmpty()), pool));
        }
        return join(checks).stream().allMatch(Boolean.TRUE::equals);
    }

    /** Runs the slots in order; the progress bar shows each one. */
    public void run(List<Slot> slots, MarketSettings market) throws P2peException, LedgerRefusal {
        progress.step(0, slots.size(), "trading " + slots.get(0));
        for (int i = 0; i < slots.size(); i++) {
            String status = runSlot(slots.get(i), market);
            progress.step(i + 1, slots.size(), status);
        }
    }

    private String runSlot(Slot slot, MarketSettings market) throws P2peException, LedgerRefusal {
        Instant gate = market.gateClosure(slot);
        Instant now = gate.minus(Duration.ofMinutes(5));
        List<CompletableFuture<OrderRecord>> submitted = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            SlotContext ctx = new SlotContext(p.localId(), slot, gate, now, p.participantId(), market, List.of());
            ParticipantClient client = participant(p);
            for (OrderRequest r : p.agent().ordersFor(ctx)) {
                submitted.add(CompletableFuture.supplyAsync(() -> call(() -> whenPeersAgree(() -> client.submitOrder(r))),
                        pool));
            }
        }
        Map<String, OrderRecord> placed = new TreeMap<>();
        for (Object o : join(new ArrayList<>(submitted))) {
            OrderRecord r = (OrderRecord) o;
            placed.put(r.orderId(), r);
        }
        orders += placed.size();
        OperatorClient op = operator.operator();
        whenPeersAgree(() -> op.closeSlot(slot));
        ClearingRecord clearing = whenPeersAgree(() -> op.clearSlot(slot));
        Map<String, Map<String, Long>> fills = new TreeMap<>();
        for (Fill f : clearing.fills()) {
            OrderRecord r = placed.get(f.orderId());
            if (r != null) {
                fills.computeIfAbsent(r.participant(), k -> new TreeMap<>()).merge(r.clientOrderId(), f.filledWh(),
                        Long::sum);
            }
        }
        Instant metered = slot.endInstant().plus(Duration.ofMinutes(1));
        List<CompletableFuture<?>> readings = new ArrayList<>();
        for (SimParticipant p : community.participants()) {
            SlotDelivery d = p.agent().deliver(slot, fills.getOrDefault(p.participantId(), Map.of()));
            ObjectNode reading = JSON.createObjectNode().put("participant", p.participantId())
                    .put("slot", slot.toString()).put("importedWh", d.importedWh())
                    .put("exportedWh", d.exportedWh()).put("meterId", "m-" + p.localId());
            readings.add(CompletableFuture.supplyAsync(() -> refusal(() -> meter.submit("meter", "RecordMeterReading",
                    metered, reading.toString())), pool));
        }
        join(readings);
        settler.submit("settlement", "SettleSlot", slot.endInstant().plus(Duration.ofMinutes(5)), slot.toString());
        transactions += placed.size() + 3 + community.participants().size();
        Long price = clearing.clearing() == null ? null : clearing.clearing().segments().stream()
                .filter(s -> "main".equals(s.segment())).map(SlotState.Segment::clearingPrice)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        long volume = clearing.clearing() == null ? 0 : clearing.clearing().volumeWh();
        return slot.toString().substring(11, 16) + " " + placed.size() + " orders, " + Fmt.kwh(volume) + " kWh"
                + (price == null ? "" : " @ " + Fmt.price(price));
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

    /**
     * Runs an idempotent SDK call, again after a short pause while its endorsements differ
     * because one endorsing peer has not committed the previous step's block yet (the gateway
     * waits for the commit on its own peer only). The SDK treats that outcome (gRPC ABORTED,
     * "ProposalResponsePayloads do not match") as final; here it is known to pass within moments.
     */
    static <T> T whenPeersAgree(SdkCall<T> c) throws P2peException {
        for (int attempt = 1; ; attempt++) {
            try {
                return c.run();
            } catch (P2peException e) {
                if (attempt >= 6 || e.getMessage() == null
                        || !e.getMessage().contains("ProposalResponsePayloads do not match")) {
                    throw e;
                }
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static <T> T call(SdkCall<T> c) {
        try {
            return c.run();
        } catch (P2peException e) {
            throw new CompletionException(e);
        }
    }

    /** A blocking delivery-time call for {@link CompletableFuture#supplyAsync}. */
    @FunctionalInterface
    interface RefusableCall<T> {
        T run() throws LedgerRefusal;
    }

    static <T> T refusal(RefusableCall<T> c) {
        try {
            return c.run();
        } catch (LedgerRefusal e) {
            throw new CompletionException(e);
        }
    }

    /** Waits for every future; the first failure is rethrown as what it was. */
    static List<Object> join(List<? extends CompletableFuture<?>> futures) throws P2peException, LedgerRefusal {
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
        if (first instanceof LedgerRefusal r) {
            throw r;
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
        if (settler != null) {
            settler.close();
        }
    }
}
