package io.p2pe.chaincode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A test network over the fake peer {@link InMemoryStub}: the contracts, transactions submitted
 * (endorsed by every peer org and committed alone in a block), endorsed and then committed
 * together in one block to exercise Fabric's validation ({@link #endorse}, {@link #commitBlock}),
 * or evaluated (never committed); the peers' clock {@link #now}, a client-set proposal timestamp
 * checked against it, and the standard cast of identities of the test network's orgs.
 */
final class TestNet {
    static final String SLOT = "2026-06-17T12:00+09:00";
    static final String SLOT_KEY = "20260617T0300Z";
    /** Two hours before {@link #SLOT}: its gate (60 min lead) is open. */
    static final Instant BEFORE_GATE = Instant.parse("2026-06-17T01:00:00Z");
    /** After {@link #SLOT} ended. */
    static final Instant AFTER_SLOT = Instant.parse("2026-06-17T04:00:00Z");

    /** The default roleMsps of the configuration, as stored (sorted). */
    static final String DEFAULT_ROLE_MSPS = "{\"aggregator\":[\"RetailerOrgMSP\"],\"auditor\":[\"ExchangeOrgMSP\"],"
            + "\"meter\":[\"GridOrgMSP\"],\"operator\":[\"ExchangeOrgMSP\"],\"participant\":[\"ExchangeOrgMSP\","
            + "\"GridOrgMSP\",\"MunicipalityOrgMSP\",\"RetailerOrgMSP\"],\"retailer\":[\"RetailerOrgMSP\"],"
            + "\"solver\":[\"ExchangeOrgMSP\",\"GridOrgMSP\",\"MunicipalityOrgMSP\",\"RetailerOrgMSP\"]}";

    /** The default roleMsps with one role's MSP list replaced ({@code msps} is the text between the brackets' quotes). */
    static String roleMsps(String role, String msps) {
        return DEFAULT_ROLE_MSPS.replaceAll("\"" + role + "\":\\[[^]]*]", "\"" + role + "\":[\"" + msps + "\"]");
    }

    static final TestIdentity OPERATOR = TestIdentity.client("ExchangeOrgMSP", "operator", "operator", null);
    static final TestIdentity AUDITOR = TestIdentity.client("ExchangeOrgMSP", "auditor", "auditor", null);
    static final TestIdentity RETAILER_ADMIN = TestIdentity.admin("RetailerOrgMSP", "Admin@retailer");
    static final TestIdentity EXCHANGE_ADMIN = TestIdentity.admin("ExchangeOrgMSP", "Admin@exchange");
    static final TestIdentity METER = TestIdentity.client("GridOrgMSP", "meter", "meter", null);
    static final TestIdentity RETAILER = TestIdentity.client("RetailerOrgMSP", "retailer", "retailer", "retailer");
    static final TestIdentity HOME1 = TestIdentity.client("RetailerOrgMSP", "home-001", "participant", "home-001");
    static final TestIdentity HOME2 = TestIdentity.client("RetailerOrgMSP", "home-002", "participant", "home-002");
    static final TestIdentity HOME3 = TestIdentity.client("RetailerOrgMSP", "home-003", "participant", "home-003");
    static final TestIdentity BIZ1 = TestIdentity.client("ExchangeOrgMSP", "biz-001", "participant", "biz-001");
    static final TestIdentity GRID_SOLVER = TestIdentity.client("GridOrgMSP", "solver-grid", "solver", null);
    static final TestIdentity RETAILER_SOLVER = TestIdentity.client("RetailerOrgMSP", "solver-retail", "solver", null);

    /** The private collection of RetailerOrg's participants (the households of these tests). */
    static final String RETAILER_COLLECTION = "private-RetailerOrgMSP";
    /** The transient salt seed every submitted transaction carries (as the SDK's clients send one). */
    static final byte[] SALT = "0123456789abcdef-test-salt".getBytes(StandardCharsets.UTF_8);

    /**
     * The context of a meter transaction with {@code json} as its transient {@code reading}: the
     * chaincode takes readings from the transient map, never from arguments.
     */
    static Context withReading(Context c, String json) {
        fakePeer(c).putTransient(MeterContract.READING_FIELD, json.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** The fake peer under a transaction's context (its stub batches, {@link #run}). */
    static InMemoryStub fakePeer(Context c) {
        return (InMemoryStub) ((BatchedStub) c.getStub()).unbatched();
    }

    final InMemoryStub stub = new InMemoryStub();
    final ConfigContract config = new ConfigContract();
    final ParticipantContract participants = new ParticipantContract();
    final OrderContract orders = new OrderContract();
    final SlotContract slots = new SlotContract();
    final MeterContract meters = new MeterContract();
    final SettlementContract settlement = new SettlementContract();
    final ProvenanceContract provenance = new ProvenanceContract();
    final ProposalContract proposals = new ProposalContract();
    final DemandResponseContract dr = new DemandResponseContract();
    final PointsContract points = new PointsContract();
    final DispatchContract dispatch = new DispatchContract();

    /** The peers' clock, and the timestamp a client with a correct clock puts in its proposals. */
    Instant now = BEFORE_GATE;
    /** The peers' {@code peer.authentication.timewindow}: Fabric's default. */
    Duration timestampWindow = Duration.ofMinutes(15);
    private int txCount;

    /** What the last refused transaction had written and emitted when the chaincode threw. */
    NavigableMap<String, byte[]> refusedWrites;
    NavigableMap<String, NavigableMap<String, byte[]>> refusedPrivateWrites;
    List<ChaincodeEvent> refusedEvents;

    /** What the last submitted transaction wrote and emitted. */
    NavigableMap<String, byte[]> lastWrites;
    NavigableMap<String, byte[]> lastParameterWrites;
    /** Private writes and key-level policies of private keys, by collection. */
    NavigableMap<String, NavigableMap<String, byte[]>> lastPrivateWrites;
    NavigableMap<String, NavigableMap<String, byte[]>> lastPrivateParameterWrites;
    java.util.TreeSet<String> lastPrivateReads;
    java.util.TreeSet<String> lastReads;
    List<String> lastRanges;
    List<ChaincodeEvent> lastEvents;

    /** Submits a transaction: committed if it succeeds, dropped if it throws. */
    String submit(TestIdentity who, Function<Context, String> tx) {
        Proposal p = endorse(who, tx);
        TxValidationCode code = commitBlock(p).get(0);
        if (code != TxValidationCode.VALID) {
            throw new CommitFailed(p.txId(), code);
        }
        return p.response();
    }

    /**
     * ClearSlot by {@code who} (which answers with the slot state), then the clearing as
     * GetClearingResult answers it to {@code who}: the summary and each run's input and result texts.
     */
    String clearAndRead(TestIdentity who, String slot) {
        submit(who, c -> slots.clearSlot(c, slot));
        return evaluate(who, c -> slots.getClearingResult(c, slot));
    }

    /** The batch messages of the last transaction, as the fake peer received them. */
    FakePeerBatches lastBatches;

    /**
     * Runs a transaction method as the contract runtime does: on a {@link BatchedStub} whose
     * messages the fake peer handles as Fabric 3.1's peer does, its writes sent to the peer when
     * the method returns (P2peContract.afterTransaction).
     */
    private String run(Function<Context, String> tx) {
        lastBatches = new FakePeerBatches(stub);
        BatchedStub batched = new BatchedStub(stub, lastBatches);
        String out = tx.apply(new Context(batched));
        batched.flush();
        return out;
    }

    /** Evaluates a query: never committed, and it must not write. */
    String evaluate(TestIdentity who, Function<Context, String> tx) {
        stub.begin(String.format("q%06d", ++txCount), now, who.creator());
        try {
            String out = run(tx);
            assertTrue(stub.writeSet().isEmpty(), "a query wrote state");
            assertTrue(stub.privateWriteSet().isEmpty(), "a query wrote private data");
            return out;
        } finally {
            stub.rollback();
        }
    }

    /**
     * An endorsed transaction proposal: the simulation every endorsing peer ran against the same
     * committed state, not yet ordered into a block.
     */
    record Proposal(InMemoryStub.Endorsed endorsed, String response) {
        String txId() {
            return endorsed.simulation().txId();
        }
    }

    /** A transaction the peers validated and did not commit. */
    static final class CommitFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final TxValidationCode code;

        CommitFailed(String txId, TxValidationCode code) {
            super("transaction " + txId + " invalidated at commit: " + code);
            this.code = code;
        }
    }

    /** A proposal the endorsing peers refused before simulating it (e.g. its timestamp). */
    static final class ProposalRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProposalRefused(String message) {
            super(message);
        }
    }

    /** Endorses a proposal stamped {@link #now} by peers of every peer org (what the Gateway picks). */
    Proposal endorse(TestIdentity who, Function<Context, String> tx) {
        return endorse(who, InMemoryStub.PEER_ORGS, now, tx);
    }

    /** Endorses a proposal stamped {@link #now} by peers of {@code endorsers}. */
    Proposal endorse(TestIdentity who, Set<String> endorsers, Function<Context, String> tx) {
        return endorse(who, endorsers, now, tx);
    }

    /**
     * Endorses a proposal whose channel header carries {@code timestamp}, as the client sets it; the
     * peers' clock is {@link #now} and they refuse a timestamp outside {@link #timestampWindow} of
     * it. A chaincode refusal is thrown here, as the endorsement error the client receives; what the
     * refused simulation had written is kept in {@link #refusedWrites}.
     */
    Proposal endorse(TestIdentity who, Set<String> endorsers, Instant timestamp, Function<Context, String> tx) {
        if (Duration.between(now, timestamp).abs().compareTo(timestampWindow) > 0) {
            throw new ProposalRefused("request unauthorized due to incorrect timestamp " + timestamp
                    + " (peer time " + now + ", window " + timestampWindow + ")");
        }
        stub.begin(String.format("tx%06d", ++txCount), timestamp, who.creator());
        stub.putTransient(PrivateRecords.SALT_FIELD, SALT);
        String out;
        try {
            out = run(tx);
        } catch (RuntimeException e) {
            refusedWrites = stub.writeSet();
            refusedPrivateWrites = stub.privateWriteSet();
            refusedEvents = stub.eventsSet();
            stub.rollback();
            throw e;
        }
        lastWrites = stub.writeSet();
        lastParameterWrites = stub.parameterWriteSet();
        lastPrivateWrites = stub.privateWriteSet();
        lastPrivateParameterWrites = stub.privateParameterWriteSet();
        lastPrivateReads = stub.privateReadSet();
        lastReads = stub.readSet();
        lastRanges = stub.rangeScans();
        lastEvents = stub.eventsSet();
        assertTrue(lastEvents.size() <= 1, "at most one event per transaction");
        return new Proposal(new InMemoryStub.Endorsed(stub.endSimulation(), Set.copyOf(endorsers)), out);
    }

    /** Orders the proposals into one block and validates it; each one's validation code, in order. */
    List<TxValidationCode> commitBlock(Proposal... proposals) {
        List<InMemoryStub.Endorsed> block = new ArrayList<>();
        for (Proposal p : proposals) {
            block.add(p.endorsed());
        }
        return stub.commitBlock(block);
    }

    /**
     * Submits a transaction that must be refused with {@code code}; checks the refusal came before
     * the transaction wrote anything or emitted an event (docs/chaincode.md: every refusal happens
     * before the first putState) and returns the message after its {@code CODE: } prefix.
     */
    String refused(ErrorCode code, TestIdentity who, Function<Context, String> tx) {
        refusedWrites = null;
        ChaincodeException e = assertThrows(ChaincodeException.class, () -> submit(who, tx));
        assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
        assertTrue(e.getMessage().startsWith(code.name() + ": "), e.getMessage());
        assertEquals(List.of(), List.copyOf(refusedWrites.keySet()), "writes before the refusal " + e.getMessage());
        assertEquals(Map.of(), refusedPrivateWrites, "private writes before the refusal " + e.getMessage());
        assertEquals(List.of(), refusedEvents, "event before the refusal " + e.getMessage());
        return e.getMessage().substring(code.name().length() + 2);
    }

    static void assertStateEquals(NavigableMap<String, byte[]> expected, NavigableMap<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
    }

    /** The single event of the last submitted transaction. */
    ChaincodeEvent lastEvent() {
        assertEquals(1, lastEvents.size(), "exactly one event");
        return lastEvents.get(0);
    }

    JsonNode lastEventPayload() {
        return json(lastEvent().getPayload().toStringUtf8());
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // ------------------------------------------------------------------ common set-ups

    TestNet configured(String configJson) {
        submit(OPERATOR, c -> config.setMarketConfig(c, configJson));
        return this;
    }

    TestNet configured() {
        return configured("{}");
    }

    /** Registers a participant with its org's admin. */
    String register(TestIdentity admin, String json) {
        return submit(admin, c -> participants.registerParticipant(c, json));
    }

    /** The standard participants: three households of RetailerOrg (home-001 with PV) and a business. */
    TestNet withParticipants() {
        register(RETAILER_ADMIN, "{\"participant\":\"home-001\",\"kind\":\"HOUSEHOLD\",\"location\":"
                + "\"tokyo/setagaya/seijo/feeder-3\",\"pvWatts\":4500,\"sourceType\":\"solar\"}");
        register(RETAILER_ADMIN, "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"location\":"
                + "\"tokyo/setagaya/seijo/feeder-3\",\"ev\":true,\"evBatteryWh\":40000}");
        register(RETAILER_ADMIN, "{\"participant\":\"home-003\",\"kind\":\"HOUSEHOLD\",\"location\":"
                + "\"tokyo/setagaya/kyodo/feeder-1\",\"pvWatts\":3000,\"sourceType\":\"solar\"}");
        register(RETAILER_ADMIN, "{\"participant\":\"retailer\",\"kind\":\"RETAILER\",\"sourceType\":\"grid-mix\"}");
        register(EXCHANGE_ADMIN, "{\"participant\":\"biz-001\",\"kind\":\"BUSINESS\",\"location\":\"tokyo/setagaya\"}");
        attest("RetailerOrgMSP:home-001", "solar");
        attest("RetailerOrgMSP:home-003", "solar");
        attest("RetailerOrgMSP:retailer", "grid-mix");
        return this;
    }

    /** The grid operator attests a participant's generation source (as the registrations declare). */
    String attest(String participantId, String sourceType) {
        return submit(METER, c -> meters.attestSource(c, participantId, sourceType));
    }

    /** Submits an order for {@link #SLOT}; returns the stored record. */
    JsonNode order(TestIdentity who, String clientOrderId, String side, long wh, long price) {
        return json(submit(who, c -> orders.submitOrder(c, orderJson(clientOrderId, SLOT, side, wh, price, ""))));
    }

    static String orderJson(String clientOrderId, String slot, String side, long wh, long price, String extra) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"slot\":\"" + slot + "\",\"side\":\"" + side
                + "\",\"wh\":" + wh + ",\"price\":" + price + extra + "}";
    }

    /** The committed record under a key of the private collection of RetailerOrg's participants, or null. */
    JsonNode committedPrivate(String key) {
        byte[] v = stub.privateSnapshot(RETAILER_COLLECTION).get(key);
        return v == null ? null : json(new String(v, StandardCharsets.UTF_8));
    }

    String reading(String participant, long imported, long exported) {
        String json = "{\"participant\":\"" + participant + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"m-" + participant.replace(':', '-') + "\"}";
        return submit(METER, c -> meters.recordMeterReading(TestNet.withReading(c, json)));
    }
}
