package io.p2pe.chaincode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A one-peer test network: the contracts over an {@link InMemoryStub}, transactions submitted
 * (committed when they succeed) or evaluated (never committed), a settable clock for tx
 * timestamps, and the standard cast of identities of the test network's orgs.
 */
final class TestNet {
    static final String SLOT = "2026-06-17T12:00+09:00";
    static final String SLOT_KEY = "20260617T0300Z";
    /** Two hours before {@link #SLOT}: its gate (60 min lead) is open. */
    static final Instant BEFORE_GATE = Instant.parse("2026-06-17T01:00:00Z");
    /** After {@link #SLOT} ended. */
    static final Instant AFTER_SLOT = Instant.parse("2026-06-17T04:00:00Z");

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

    final InMemoryStub stub = new InMemoryStub();
    final ConfigContract config = new ConfigContract();
    final ParticipantContract participants = new ParticipantContract();
    final OrderContract orders = new OrderContract();
    final SlotContract slots = new SlotContract();
    final MeterContract meters = new MeterContract();
    final SettlementContract settlement = new SettlementContract();
    final ProvenanceContract provenance = new ProvenanceContract();
    final ProposalContract proposals = new ProposalContract();

    Instant now = BEFORE_GATE;
    private int txCount;

    /** What the last submitted transaction wrote and emitted. */
    NavigableMap<String, byte[]> lastWrites;
    NavigableMap<String, byte[]> lastParameterWrites;
    java.util.TreeSet<String> lastReads;
    List<String> lastRanges;
    List<ChaincodeEvent> lastEvents;

    /** Submits a transaction: committed if it succeeds, dropped if it throws. */
    String submit(TestIdentity who, Function<Context, String> tx) {
        stub.begin(String.format("tx%06d", ++txCount), now, who.creator());
        try {
            String out = tx.apply(new Context(stub));
            lastWrites = stub.writeSet();
            lastParameterWrites = stub.parameterWriteSet();
            lastReads = stub.readSet();
            lastRanges = stub.rangeScans();
            lastEvents = stub.eventsSet();
            assertTrue(lastEvents.size() <= 1, "at most one event per transaction");
            stub.commit();
            return out;
        } catch (RuntimeException e) {
            stub.rollback();
            throw e;
        }
    }

    /** Evaluates a query: never committed, and it must not write. */
    String evaluate(TestIdentity who, Function<Context, String> tx) {
        stub.begin(String.format("q%06d", ++txCount), now, who.creator());
        try {
            String out = tx.apply(new Context(stub));
            assertTrue(stub.writeSet().isEmpty(), "a query wrote state");
            return out;
        } finally {
            stub.rollback();
        }
    }

    /**
     * Submits a transaction that must be refused with {@code code}; checks the committed state is
     * unchanged and returns the message after its {@code CODE: } prefix.
     */
    String refused(ErrorCode code, TestIdentity who, Function<Context, String> tx) {
        NavigableMap<String, byte[]> before = stub.snapshot();
        ChaincodeException e = assertThrows(ChaincodeException.class, () -> submit(who, tx));
        assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
        assertTrue(e.getMessage().startsWith(code.name() + ": "), e.getMessage());
        assertStateEquals(before, stub.snapshot());
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
        return this;
    }

    /** Submits an order for {@link #SLOT}; returns the stored record. */
    JsonNode order(TestIdentity who, String clientOrderId, String side, long wh, long price) {
        return json(submit(who, c -> orders.submitOrder(c, orderJson(clientOrderId, SLOT, side, wh, price, ""))));
    }

    static String orderJson(String clientOrderId, String slot, String side, long wh, long price, String extra) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"slot\":\"" + slot + "\",\"side\":\"" + side
                + "\",\"wh\":" + wh + ",\"price\":" + price + extra + "}";
    }

    String reading(String participant, long imported, long exported) {
        String json = "{\"participant\":\"" + participant + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"m-" + participant.replace(':', '-') + "\"}";
        return submit(METER, c -> meters.recordMeterReading(c, json));
    }
}
