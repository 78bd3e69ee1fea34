package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.GRID_SOLVER;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.RouterAccess;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/**
 * Nothing dropped, nothing stuck, bounded input (issue 9, items 6 and 7; docs/chaincode.md
 * "Limits"): scans that may have been cut short by the peers' range-query limit are refused,
 * late readings are settled, overflow is a coded refusal, slot length and zone cannot strand a
 * slot, arguments are measured before they are read, and open orders per participant and slot
 * are capped. Every refusal writes nothing ({@link TestNet#refused}).
 */
class LimitsTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    private static final String H3 = "RetailerOrgMSP:home-003";
    private static final String B1 = "ExchangeOrgMSP:biz-001";

    // ------------------------------------------------------------------ nothing dropped

    @Test
    void aBookThatReachesTheQueryLimitIsRefusedNotClearedInPart() {
        TestNet net = new TestNet().configured("{\"totalQueryLimit\":5}").withParticipants();
        net.stub.totalQueryLimit(5);
        net.order(HOME1, "s-1", "SELL", 500, 1500);
        net.order(HOME1, "s-2", "SELL", 500, 1600);
        net.order(HOME3, "s-1", "SELL", 500, 1700);
        net.order(HOME2, "b-1", "BUY", 800, 2000);
        net.order(BIZ1, "b-1", "BUY", 800, 2000);
        net.now = AFTER_SLOT;
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertTrue(msg.startsWith("ClearSlot: the book of slot " + SLOT + ": the scan found 5 records"), msg);
        assertTrue(msg.contains("range-query limit is 5 (market config totalQueryLimit"), msg);
        assertTrue(msg.contains("Raise ledger.state.totalQueryLimit on every peer"), msg);
        assertNull(net.stub.snapshot().get(Keys.slot(SLOT_KEY)), "the slot is not cleared, not even closed");
        // The fix the message names: both limits above the book.
        net.stub.totalQueryLimit(6);
        net.configured("{\"totalQueryLimit\":6}");
        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        assertEquals(5, cleared.get("clearing").get("orderCount").asInt());
    }

    @Test
    void aPeerLimitBelowTheConfiguredOneIsCaughtByThePositions() {
        TestNet net = new TestNet().configured().withParticipants();
        for (int i = 1; i <= 4; i++) {
            net.order(HOME1, "s-" + i, "SELL", 100, 1500);
        }
        for (int i = 1; i <= 3; i++) {
            net.order(HOME2, "b-" + i, "BUY", 100, 2000);
        }
        // The peers stop scans after 5 records; the configuration says 100000 (a misconfiguration).
        net.stub.totalQueryLimit(5);
        net.now = AFTER_SLOT;
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertTrue(msg.contains("the scan found 5 open orders, but the participants' positions count 7"), msg);
        assertNull(net.stub.snapshot().get(Keys.slot(SLOT_KEY)));
    }

    @Test
    void finalizeClearingRefusesABookThatReachesTheQueryLimit() {
        TestNet net = new TestNet().configured("{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\","
                + "\"totalQueryLimit\":3}").withParticipants();
        net.stub.totalQueryLimit(3);
        net.order(HOME1, "s-1", "SELL", 500, 1500);
        net.order(HOME2, "b-1", "BUY", 500, 2000);
        net.order(BIZ1, "b-1", "BUY", 500, 2000);
        net.now = AFTER_SLOT;
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, GRID_SOLVER, c -> net.proposals.finalizeClearing(c, SLOT));
        assertTrue(msg.startsWith("FinalizeClearing: the book of slot " + SLOT), msg);
    }

    @Test
    void settleSlotRefusesReadingsThatReachTheQueryLimit() {
        TestNet net = new TestNet().configured("{\"totalQueryLimit\":4}").withParticipants();
        net.stub.totalQueryLimit(4);
        net.order(HOME1, "s-1", "SELL", 1000, 1500);
        net.order(HOME2, "b-1", "BUY", 1000, 2100);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(H1, 0, 1000);
        net.reading(H2, 1000, 0);
        net.reading(H3, 10, 0);
        net.reading(B1, 20, 0);
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(msg.startsWith("SettleSlot: the meter readings of slot " + SLOT + ": the scan found 4 records"), msg);
        assertEquals("CLEARED", json(new String(net.stub.snapshot().get(Keys.slot(SLOT_KEY)), StandardCharsets.UTF_8))
                .get("status").asText());
        ChaincodeException query = assertThrows(ChaincodeException.class,
                () -> net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        assertTrue(query.getMessage().startsWith("BEYOND_LIMITS: GetSlot: the meter readings of slot"), query.getMessage());
    }

    // ------------------------------------------------------------------ nothing stuck

    private static TestNet tradedAndCleared(String config) {
        TestNet net = new TestNet().configured(config).withParticipants();
        net.order(HOME1, "s-1", "SELL", 1000, 1500);
        net.order(HOME2, "b-1", "BUY", 1000, 2100);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        return net;
    }

    @Test
    void aReadingAfterSettlementIsSettledByTheNextSettleSlot() {
        TestNet net = tradedAndCleared("{\"mechanism\":\"PAY_AS_BID\"}");
        net.reading(H1, 0, 600);
        net.reading(H2, 1200, 0);
        JsonNode first = json(net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT))).get("settlement");
        assertEquals(2, first.get("participants").asInt());
        // A non-trader's reading arrives after settlement: accepted.
        net.reading(H3, 700, 50);
        net.refused(ErrorCode.NOT_FOUND, AUDITOR, c -> net.settlement.getSettlement(c, H3, SLOT));
        JsonNode again = json(net.submit(RETAILER, c -> net.settlement.settleSlot(c, SLOT)));
        assertEquals(Set.of(Keys.slot(SLOT_KEY)), net.lastWrites.keySet());
        assertEquals(Set.of(TestNet.RETAILER_COLLECTION), net.lastPrivateWrites.keySet());
        assertEquals(Set.of(Keys.settlement(H3, SLOT_KEY)), net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).keySet());
        assertEquals(1, net.lastEventPayload().get("linesWritten").asInt());
        assertEquals("SlotSettled", net.lastEvent().getEventName());
        JsonNode line = json(net.evaluate(AUDITOR, c -> net.settlement.getSettlement(c, H3, SLOT)));
        assertEquals(0, line.get("deliveredWh").asLong());
        assertEquals(700, line.get("line").get("retailSuppliedWh").asLong());
        assertEquals(700L * 3000 - 50L * 850, line.get("line").get("netCost").asLong());
        assertEquals(0, line.get("line").get("savings").asLong());
        // The summary is the sum of the lines, the late one included.
        JsonNode summary = again.get("settlement");
        assertEquals(3, summary.get("participants").asInt());
        long imported = 0;
        long exported = 0;
        long net2 = 0;
        long baseline = 0;
        long savings = 0;
        long delivered = 0;
        for (String p : List.of(H1, H2, H3)) {
            JsonNode r = json(net.evaluate(AUDITOR, c -> net.settlement.getSettlement(c, p, SLOT)));
            imported += r.get("line").get("importedWh").asLong();
            exported += r.get("line").get("exportedWh").asLong();
            net2 += r.get("line").get("netCost").asLong();
            baseline += r.get("line").get("baselineCost").asLong();
            savings += r.get("line").get("savings").asLong();
            delivered += r.get("deliveredWh").asLong();
        }
        assertEquals(imported, summary.get("importedWh").asLong());
        assertEquals(exported, summary.get("exportedWh").asLong());
        assertEquals(net2, summary.get("netCost").asLong());
        assertEquals(baseline, summary.get("baselineCost").asLong());
        assertEquals(savings, summary.get("savings").asLong());
        assertEquals(first.get("savings").asLong(), summary.get("savings").asLong());
        assertEquals(delivered, summary.get("deliveredWh").asLong());
        // Nothing more to settle: a repeat writes nothing; the late reading is final like the others.
        String third = net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(net.lastWrites.isEmpty());
        assertEquals(again, json(third));
        String fix = "{\"participant\":\"" + H3 + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":1,\"exportedWh\":0,"
                + "\"meterId\":\"m-" + H3.replace(':', '-') + "\",\"reason\":\"x\"}";
        net.refused(ErrorCode.INVALID_STATE, METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, fix)));
    }

    @Test
    void overflowInSettlementIsOutOfRangeAndLeavesTheSlotAsItWas() {
        TestNet net = tradedAndCleared("{\"mechanism\":\"PAY_AS_BID\",\"retailTariff\":10000000}");
        net.reading(H1, 0, 1000);
        net.reading(H2, 1000, 0);
        net.reading(H3, 1_000_000_000_000L, 0);
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(msg.startsWith("SettleSlot: slot " + SLOT + ": the meter reading of " + H3
                + ", field 'importedWh' 1000000000000 Wh at the slot's retailTariff of 10000000 ticks"), msg);
        assertEquals("CLEARED", slotStatus(net));
        // Corrected, it settles; a late reading that overflows is refused the same way.
        String fix = "{\"participant\":\"" + H3 + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":100,\"exportedWh\":0,"
                + "\"meterId\":\"m-" + H3.replace(':', '-') + "\",\"reason\":\"meter fault\"}";
        net.submit(METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, fix)));
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        net.reading(B1, 1_000_000_000_000L, 0);
        String late = net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(late.contains("the meter reading of " + B1 + ", field 'importedWh'"), late);
        assertEquals(3, json(new String(net.stub.snapshot().get(Keys.slot(SLOT_KEY)), StandardCharsets.UTF_8))
                .get("settlement").get("participants").asInt());
    }

    @Test
    void overflowInATotalIsOutOfRangeToo() {
        // Each reading alone fits at the tariff, their sum does not.
        TestNet net = tradedAndCleared("{\"mechanism\":\"PAY_AS_BID\",\"retailTariff\":9000000}");
        net.reading(H1, 0, 1000);
        net.reading(H2, 1000, 0);
        net.reading(H3, 1_000_000_000_000L, 0);
        net.reading(B1, 1_000_000_000_000L, 0);
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(msg.startsWith("SettleSlot: slot " + SLOT + ": the settlement's amounts or totals"), msg);
        assertEquals("CLEARED", slotStatus(net));
    }

    @Test
    void overflowOfTheSegmentsTotalsIsOutOfRange() {
        ChaincodeException e = assertThrows(ChaincodeException.class,
                () -> SlotContract.total(Long.MAX_VALUE - 1, 2, "ClearSlot", SLOT, "surplus"));
        assertEquals("OUT_OF_RANGE: ClearSlot: slot " + SLOT + ": the segments' total 'surplus' is beyond the 64-bit "
                + "range of Wh and money units", e.getMessage());
    }

    @Test
    void overflowInARenewableShareIsOutOfRange() {
        TestNet net = new TestNet().configured().withParticipants();
        String[] slots = {SLOT, "2026-06-17T12:30+09:00"};
        String[] keys = {SLOT_KEY, "20260617T0330Z"};
        net.stub.begin("seed", AFTER_SLOT, OPERATOR.creator());
        for (int i = 0; i < 2; i++) {
            var line = new io.p2pe.market.settlement.SettlementLine(H2, 10, 0, 0, 0, 0, 0, 0, 0, 10, 30_000, 0, 0,
                    30_000, 30_000, 0);
            net.stub.putPrivateData(TestNet.RETAILER_COLLECTION, Keys.settlement(H2, keys[i]), Json.bytes(new io.p2pe.protocol.SettlementRecord(H2,
                    slots[i], keys[i], line, 10, 10, Long.MAX_VALUE / 2 + 1, 3000, 850, "t", "seed")));
        }
        net.stub.commit();
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, AUDITOR, c -> net.provenance.getRenewableShare(c, H2, slots[0],
                slots[1]));
        assertTrue(msg.startsWith("GetRenewableShare: the totals of " + H2 + " from " + slots[0] + " to " + slots[1]), msg);
    }

    private static String slotStatus(TestNet net) {
        return json(new String(net.stub.snapshot().get(Keys.slot(SLOT_KEY)), StandardCharsets.UTF_8)).get("status").asText();
    }

    @Test
    void slotLengthAndZoneDoNotChangeWhileASlotHasUnsettledOrders() {
        TestNet net = new TestNet().configured().withParticipants();
        net.order(HOME1, "s-1", "SELL", 1000, 1500);
        String msg = net.refused(ErrorCode.CONFLICT, OPERATOR, c -> net.config.setMarketConfig(c, "{\"slotLengthMinutes\":60}"));
        assertTrue(msg.startsWith("config: field 'slotLengthMinutes' cannot change while a slot has orders that are not "
                + "settled: slot " + SLOT + " has open orders of " + H1), msg);
        msg = net.refused(ErrorCode.CONFLICT, OPERATOR, c -> net.config.setMarketConfig(c, "{\"timeZone\":\"UTC\"}"));
        assertTrue(msg.startsWith("config: field 'timeZone'"), msg);
        net.configured("{\"retailTariff\":2900}");
        // Its only order cancelled, the slot has nothing to strand.
        net.submit(HOME1, c -> net.orders.cancelOrder(c, OrderContract.orderId(SLOT_KEY, H1, "s-1")));
        net.configured("{\"slotLengthMinutes\":60}");
        net.configured("{}");
        // Cleared but not settled: still refused; settled: allowed.
        net.order(HOME1, "s-2", "SELL", 1000, 1500);
        net.order(HOME2, "b-2", "BUY", 1000, 2100);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.CONFLICT, OPERATOR, c -> net.config.setMarketConfig(c, "{\"slotLengthMinutes\":15}"));
        net.reading(H1, 0, 1000);
        net.reading(H2, 1000, 0);
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(net.lastWrites.containsKey(Keys.position(SLOT_KEY, H1)), "settlement deletes the positions");
        assertNull(net.stub.snapshot().get(Keys.position(SLOT_KEY, H1)));
        net.configured("{\"slotLengthMinutes\":15,\"timeZone\":\"UTC\"}");
    }

    // ------------------------------------------------------------------ bounded input

    @Test
    void limitsHaveDefaultsAndRanges() {
        TestNet net = new TestNet().configured();
        JsonNode c = json(net.evaluate(HOME1, ctx -> net.config.getMarketConfig(ctx)));
        assertEquals(100_000, c.get("totalQueryLimit").asInt());
        assertEquals(65_536, c.get("maxArgumentBytes").asInt());
        assertEquals(4_194_304, c.get("maxProposalBytes").asInt());
        assertEquals(100, c.get("maxOpenOrdersPerParticipant").asInt());
        assertEquals(1_048_576, c.get("clearingChunkBytes").asInt());
        assertEquals(8, c.get("clearingChunksPerTx").asInt());
        assertEquals(2_000, c.get("settlementPageSize").asInt());
        for (String bad : List.of("{\"settlementPageSize\":0}", "{\"settlementPageSize\":50001}","{\"clearingChunkBytes\":255}", "{\"clearingChunkBytes\":16777217}",
                "{\"clearingChunksPerTx\":0}", "{\"clearingChunksPerTx\":65}","{\"totalQueryLimit\":0}", "{\"maxArgumentBytes\":1000}",
                "{\"maxArgumentBytes\":2000000}", "{\"maxArgumentBytes\":8192,\"maxProposalBytes\":4096}",
                "{\"maxProposalBytes\":40000000}", "{\"maxOpenOrdersPerParticipant\":0}",
                "{\"maxOpenOrdersPerParticipant\":1001}")) {
            net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, ctx -> net.config.setMarketConfig(ctx, bad));
        }
        // A version stored before the limits existed reads with the defaults.
        ObjectNode old = (ObjectNode) c.deepCopy();
        old.remove(List.of("totalQueryLimit", "maxArgumentBytes", "maxProposalBytes", "maxOpenOrdersPerParticipant",
                "clearingChunkBytes", "clearingChunksPerTx", "settlementPageSize"));
        MarketConfig legacy = Json.read(Json.bytes(old), MarketConfig.class);
        assertEquals(100_000, legacy.totalQueryLimit());
        assertEquals(100, legacy.maxOpenOrdersPerParticipant());
        assertEquals(1_048_576, legacy.clearingChunkBytes());
        assertEquals(8, legacy.clearingChunksPerTx());
        assertEquals(2_000, legacy.settlementPageSize());
    }

    @Test
    void aConfigurationMustFitItsOwnArgumentLimit() {
        TestNet net = new TestNet();
        StringBuilder msps = new StringBuilder("\"ExchangeOrgMSP\"");
        for (int i = 0; i < 80; i++) {
            msps.append(",\"Org").append(String.format("%02d", i)).append("-").append("x".repeat(50)).append("MSP\"");
        }
        String roles = TestNet.DEFAULT_ROLE_MSPS.replace("\"operator\":[\"ExchangeOrgMSP\"]", "\"operator\":[" + msps + "]");
        String tooSmall = "{\"maxArgumentBytes\":4096,\"roleMsps\":" + roles + "}";
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.config.setMarketConfig(c, tooSmall));
        assertTrue(msg.startsWith("config: field 'maxArgumentBytes' must be at least the size of this configuration"), msg);
        net.configured("{\"maxArgumentBytes\":8192,\"roleMsps\":" + roles + "}");
    }

    @Test
    void openOrdersPerParticipantAndSlotAreCapped() {
        TestNet net = new TestNet().configured("{\"maxOpenOrdersPerParticipant\":3}").withParticipants();
        for (int i = 1; i <= 3; i++) {
            net.order(HOME1, "s-" + i, "SELL", 100, 1500);
        }
        String fourth = orderJson("s-4", SLOT, "SELL", 100, 1500, "");
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, HOME1, c -> net.orders.submitOrder(c, fourth));
        assertTrue(msg.contains("participant " + H1 + " has 3 open orders in slot " + SLOT
                + ", the most the market allows (config maxOpenOrdersPerParticipant 3)"), msg);
        // A retry of a stored order is still answered; other participants are not affected.
        net.order(HOME1, "s-2", "SELL", 100, 1500);
        assertTrue(net.lastWrites.isEmpty());
        net.order(HOME2, "b-1", "BUY", 100, 2000);
        net.submit(HOME1, c -> net.orders.cancelOrder(c, OrderContract.orderId(SLOT_KEY, H1, "s-1")));
        net.submit(HOME1, c -> net.orders.submitOrder(c, fourth));
        Position p = Json.read(net.stub.snapshot().get(Keys.position(SLOT_KEY, H1)), Position.class);
        assertEquals(3, p.openOrders());
    }

    // Through the shim's router, as a peer invokes the chaincode: the limits apply before the method.

    private static final ContractRouter ROUTER = RouterAccess.router();
    private final InMemoryStub stub = new InMemoryStub();
    private int txCount;

    private Chaincode.Response invoke(TestIdentity who, String... args) {
        stub.begin(String.format("r%06d", ++txCount), TestNet.BEFORE_GATE, who.creator(), List.of(args));
        Chaincode.Response r = ROUTER.invoke(stub);
        if (r.getStatus() == Chaincode.Response.Status.SUCCESS) {
            stub.commit();
        } else {
            assertTrue(stub.writeSet().isEmpty(), "a refused invocation wrote state");
            stub.rollback();
        }
        return r;
    }

    private static String refusedWith(ErrorCode code, Chaincode.Response r) {
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, r.getStatus(), r.getMessage());
        assertEquals(code.name(), new String(r.getPayload(), StandardCharsets.UTF_8), r.getMessage());
        return r.getMessage();
    }

    @Test
    void aFiftyMegabyteArgumentIsRefusedWithoutBeingRead() {
        assertEquals(Chaincode.Response.Status.SUCCESS, invoke(OPERATOR, "config:SetMarketConfig", "{}").getStatus());
        // Not even well-formed JSON: were it parsed, the refusal would be MALFORMED_INPUT.
        String big = "{\"clientOrderId\":\"" + "x".repeat(50 * 1024 * 1024);
        String msg = refusedWith(ErrorCode.BEYOND_LIMITS, invoke(HOME1, "order:SubmitOrder", big));
        assertEquals("BEYOND_LIMITS: order:SubmitOrder: argument 'json' is " + (big.length()) + " bytes, more than the "
                + "limit of 65536 bytes (market config maxArgumentBytes); it was not read", msg);
        // The server goes on serving.
        assertEquals(Chaincode.Response.Status.SUCCESS, invoke(HOME1, "config:GetMarketConfig").getStatus());
    }

    @Test
    void everyArgumentOfEveryTransactionIsMeasuredInUtf8Bytes() {
        // Before the first configuration the defaults apply.
        String tooBig = "{\"retailTariff\":3000" + " ".repeat(65 * 1024) + "}";
        refusedWith(ErrorCode.BEYOND_LIMITS, invoke(OPERATOR, "config:SetMarketConfig", tooBig));
        assertEquals(Chaincode.Response.Status.SUCCESS,
                invoke(OPERATOR, "config:SetMarketConfig", "{\"maxArgumentBytes\":4096}").getStatus());
        // A query's argument, and the second argument of a transaction, named as GetMetadata names them.
        String msg = refusedWith(ErrorCode.BEYOND_LIMITS, invoke(AUDITOR, "slot:GetSlot", "x".repeat(4097)));
        assertTrue(msg.startsWith("BEYOND_LIMITS: slot:GetSlot: argument 'slot' is 4097 bytes"), msg);
        msg = refusedWith(ErrorCode.BEYOND_LIMITS, invoke(METER, "meter:BindMeter", "RetailerOrgMSP:home-001",
                "é".repeat(2049)));
        assertTrue(msg.startsWith("BEYOND_LIMITS: meter:BindMeter: argument 'meterId' is 4098 bytes"), msg);
        // At the limit, the transaction runs (and refuses the content itself).
        refusedWith(ErrorCode.INVALID_FORMAT, invoke(AUDITOR, "slot:GetSlot", "x".repeat(4096)));
    }

    @Test
    void aProposalMayBeLargerThanARecordUpToItsOwnLimit() {
        assertEquals(Chaincode.Response.Status.SUCCESS, invoke(OPERATOR, "config:SetMarketConfig",
                "{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"proposalWindowMinutes\":30}").getStatus());
        String padded = "{\"trades\":[]" + " ".repeat(100 * 1024) + "}";
        // Past the size check: refused for what it is (the slot is not closed).
        refusedWith(ErrorCode.SLOT_OPEN, invoke(GRID_SOLVER, "proposal:ProposeClearing", SLOT, padded));
        String huge = "{\"trades\":[]" + " ".repeat(5 * 1024 * 1024) + "}";
        String msg = refusedWith(ErrorCode.BEYOND_LIMITS, invoke(GRID_SOLVER, "proposal:ProposeClearing", SLOT, huge));
        assertTrue(msg.contains("argument 'proposal' is " + huge.length() + " bytes, more than the limit of 4194304 "
                + "bytes (market config maxProposalBytes)"), msg);
    }
}
