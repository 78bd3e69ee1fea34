package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.BIZ1;
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
import static org.hyperledger.fabric.protos.peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.PHANTOM_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.Test;

/**
 * The chaincode's rules that rest on Fabric's block validation rather than on the chaincode's own
 * checks (docs/chaincode.md, key schema and slot lifecycle): transactions endorsed against the same
 * committed state and then ordered into one block, as concurrent clients produce them.
 *
 * <p>Each test names the line whose removal makes it fail; each was checked by removing it.
 */
class FabricValidationTest {
    private static final String HOME1_ID = "RetailerOrgMSP:home-001";
    /** Gate closure of {@link TestNet#SLOT} (03:00Z) with the default 60-minute lead. */
    private static final Instant GATE = Instant.parse("2026-06-17T02:00:00Z");
    private static final Set<String> EXCHANGE_AND_RETAILER = Set.of("ExchangeOrgMSP", "RetailerOrgMSP");
    private static final Set<String> GRID_AND_EXCHANGE = Set.of("GridOrgMSP", "ExchangeOrgMSP");

    private final TestNet net = new TestNet().configured("{\"priceFloor\":0,\"priceCap\":100000}").withParticipants();

    private Function<Context, String> order(String clientOrderId, String side, long wh, long price) {
        return c -> net.orders.submitOrder(c, orderJson(clientOrderId, SLOT, side, wh, price, ""));
    }

    private List<String> committedOrderKeys() {
        List<String> keys = new ArrayList<>();
        String prefix = Keys.prefix(Keys.ORDER, SLOT_KEY).toString();
        for (String k : net.stub.snapshot().keySet()) {
            if (k.startsWith(prefix)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private JsonNode committed(String key) {
        byte[] v = net.stub.snapshot().get(key);
        return v == null ? null : json(new String(v, StandardCharsets.UTF_8));
    }

    /**
     * Each proposal alone passes the chaincode's BOTH_SIDES check (neither sees a position of
     * home-001); the position key both read as absent and both write is what invalidates the
     * second. Checked: with {@code OrderContract.submitOrder}'s {@code Ledger.get(stub, positionKey, ...)}
     * replaced by {@code null} (a blind write of the position), both commit VALID and this fails.
     */
    @Test
    void oneSidePerParticipantHoldsForABuyAndASellOfOneParticipantInOneBlock() {
        TestNet.Proposal buy = net.endorse(HOME1, order("c-buy", "BUY", 1000, 2000));
        String buyId = json(buy.response()).get("orderId").asText();
        TestNet.Proposal sell = net.endorse(HOME1, order("c-sell", "SELL", 500, 1500));
        // Another participant's order in the same block touches none of home-001's keys.
        TestNet.Proposal other = net.endorse(HOME2, order("c-1", "SELL", 700, 1500));
        String otherId = json(other.response()).get("orderId").asText();

        assertEquals(List.of(VALID, MVCC_READ_CONFLICT, VALID), net.commitBlock(buy, sell, other));

        assertEquals(List.of(Keys.order(SLOT_KEY, buyId), Keys.order(SLOT_KEY, otherId)).stream().sorted(
                InMemoryStub.UTF8_ORDER).toList(), committedOrderKeys());
        JsonNode position = committed(Keys.position(SLOT_KEY, HOME1_ID));
        assertEquals("BUY", position.get("side").asText());
        assertEquals(1, position.get("openOrders").asInt());
        assertEquals(null, committed(Keys.clientOrder(HOME1_ID, "c-sell")), "nothing of the SELL committed");
        // The client's retry is endorsed against the new state and refused by the chaincode itself.
        net.refused(ErrorCode.BOTH_SIDES, HOME1, order("c-sell", "SELL", 500, 1500));
    }

    /**
     * Two BUYs of one participant in one block conflict too (the position key counts open orders);
     * the second succeeds when retried. Checked as above (blind position write): both commit and
     * the position counts both orders.
     */
    @Test
    void twoOrdersOfOneParticipantInOneBlockConflictAndTheRetryCommits() {
        TestNet.Proposal first = net.endorse(HOME1, order("c-1", "BUY", 1000, 2000));
        TestNet.Proposal second = net.endorse(HOME1, order("c-2", "BUY", 400, 1900));
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(first, second));
        String secondId = json(net.submit(HOME1, order("c-2", "BUY", 400, 1900))).get("orderId").asText();
        JsonNode position = committed(Keys.position(SLOT_KEY, HOME1_ID));
        assertEquals(2, position.get("openOrders").asInt());
        assertEquals(List.of(Keys.order(SLOT_KEY, json(first.response()).get("orderId").asText()),
                Keys.order(SLOT_KEY, secondId)).stream().sorted(InMemoryStub.UTF8_ORDER).toList(), committedOrderKeys());
    }

    /**
     * The order is stamped an hour before gate closure, so the chaincode's timestamp guard passes;
     * only its read of the absent {@code slot~S} key, which CloseSlot writes, invalidates it, in the
     * same block as the close or in any later one. Checked: with {@code OrderContract.requireOpen}'s
     * {@code SlotContract.state(stub, slotKey)} read replaced by {@code null}, the order commits
     * VALID and this fails.
     */
    @Test
    void closeSlotInvalidatesAnOrderEndorsedBeforeItButCommittedAfter() {
        net.order(HOME2, "c-1", "SELL", 1000, 1500);
        TestNet.Proposal sameBlock = net.endorse(HOME1, order("c-1", "BUY", 1000, 2000));
        TestNet.Proposal nextBlock = net.endorse(HOME3, order("c-1", "BUY", 600, 2100));
        TestNet.Proposal close = net.endorse(OPERATOR, c -> net.slots.closeSlot(c, SLOT));

        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(close, sameBlock));
        assertEquals(List.of(MVCC_READ_CONFLICT), net.commitBlock(nextBlock));

        net.now = GATE.plusSeconds(60);
        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        // Only home-002's SELL is in the book: no BUY, no trade.
        assertEquals(1, cleared.get("clearing").get("orderCount").asInt());
        assertEquals(0, cleared.get("clearing").get("volumeWh").asLong());
    }

    /**
     * An order stamped a minute before gate closure (within the peers' 15-minute window) commits
     * first in the block; ClearSlot, endorsed after the gate, closed the slot and scanned
     * {@code order~S~*} without it. Fabric re-runs the scan at commit and finds the new key, so the
     * clearing is invalidated instead of silently leaving a valid order out; its retry clears both.
     * Checked: with the range loop of {@code InMemoryStub.mvccCheck} removed (no phantom check), the
     * clearing commits VALID with orderCount 1 and this fails.
     */
    @Test
    void anOrderCommittedBeforeClearSlotInTheSameBlockInvalidatesTheClearing() {
        net.order(HOME2, "c-1", "SELL", 1000, 1500);
        net.now = GATE.plusSeconds(5 * 60);
        TestNet.Proposal late = net.endorse(HOME1, InMemoryStub.PEER_ORGS, GATE.minusSeconds(60),
                order("c-1", "BUY", 1000, 2000));
        TestNet.Proposal clear = net.endorse(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertEquals(1, json(clear.response()).get("clearing").get("orderCount").asInt());

        assertEquals(List.of(VALID, PHANTOM_READ_CONFLICT), net.commitBlock(late, clear));
        assertEquals(null, committed(Keys.slot(SLOT_KEY)), "the slot is still open (nothing of ClearSlot committed)");

        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        // SELL 1000 Wh at 1500, BUY 1000 Wh at 2000: all 1000 Wh trade.
        assertEquals(2, cleared.get("clearing").get("orderCount").asInt());
        assertEquals(1000, cleared.get("clearing").get("volumeWh").asLong());
    }

    /**
     * A cancellation committed after ClearSlot's endorsement changes the version of a key in its
     * scan: the clearing of the cancelled order is invalidated. Checked as above (no phantom check).
     */
    @Test
    void aCancellationCommittedBeforeClearSlotInTheSameBlockInvalidatesTheClearing() {
        net.order(HOME2, "c-1", "SELL", 1000, 1500);
        String buyId = net.order(HOME1, "c-1", "BUY", 1000, 2000).get("orderId").asText();
        net.now = GATE.plusSeconds(5 * 60);
        TestNet.Proposal cancel = net.endorse(HOME1, InMemoryStub.PEER_ORGS, GATE.minusSeconds(60),
                c -> net.orders.cancelOrder(c, buyId));
        TestNet.Proposal clear = net.endorse(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertEquals(List.of(VALID, PHANTOM_READ_CONFLICT), net.commitBlock(cancel, clear));
        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        assertEquals(1, cleared.get("clearing").get("orderCount").asInt());
        assertEquals(0, cleared.get("clearing").get("volumeWh").asLong());
    }

    /**
     * SettleSlot scans the slot's readings ({@code meter~S~*}); a reading committed after its
     * endorsement, earlier in the same block, is found by the re-run of the scan at commit, so the
     * settlement never leaves out a committed reading. Checked as above (no phantom check): the
     * settlement commits without home-003's line and this fails.
     */
    @Test
    void aReadingCommittedBeforeSettleSlotInTheSameBlockInvalidatesTheSettlement() {
        net.order(HOME1, "c-1", "SELL", 1000, 1500);
        net.order(HOME2, "c-1", "BUY", 1000, 2100);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(HOME1_ID, 0, 1000);
        net.reading("RetailerOrgMSP:home-002", 1000, 0);
        String home3 = "RetailerOrgMSP:home-003";
        String late = "{\"participant\":\"" + home3 + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":100,"
                + "\"exportedWh\":0,\"meterId\":\"m-3\"}";
        TestNet.Proposal reading = net.endorse(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, late)));
        TestNet.Proposal settle = net.endorse(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));

        assertEquals(List.of(VALID, PHANTOM_READ_CONFLICT), net.commitBlock(reading, settle));
        assertEquals(null, net.committedPrivate(Keys.settlement(home3, SLOT_KEY)));
        assertEquals("CLEARED", committed(Keys.slot(SLOT_KEY)).get("status").asText());

        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertEquals(100, net.committedPrivate(Keys.settlement(home3, SLOT_KEY)).get("line").get("retailSuppliedWh").asLong());
    }

    /**
     * Every meter record is in the {@code meter} collection, whose endorsement policy (GridOrg and
     * one of ExchangeOrg, RetailerOrg) Fabric checks for every write of it. Endorsed by ExchangeOrg
     * and RetailerOrg (the chaincode policy, 2 of 3, is met) a correction or a next reading fails at
     * commit; a correction also needs the household's own org (the reading key's key-level policy,
     * which replaces the collection's for it). Checked: with the collection's
     * {@code endorsementPolicy} removed from network/chaincode/collections_config.json, the
     * ExchangeOrg+RetailerOrg next reading commits VALID and this fails.
     */
    @Test
    void aMeterReadingEndorsedWithoutGridOrgIsRejectedAtCommit() {
        net.now = AFTER_SLOT;
        net.reading(HOME1_ID, 420, 0);
        String correction = "{\"participant\":\"" + HOME1_ID + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":400,"
                + "\"exportedWh\":0,\"meterId\":\"m-RetailerOrgMSP-home-001\",\"reason\":\"register rollover\"}";
        String nextSlot = "{\"participant\":\"" + HOME1_ID + "\",\"slot\":\"2026-06-17T12:30+09:00\",\"importedWh\":"
                + "380,\"exportedWh\":0,\"meterId\":\"m-RetailerOrgMSP-home-001\"}";
        net.now = AFTER_SLOT.plusSeconds(3600);

        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.correctMeterReading(TestNet.withReading(c, correction)))));
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.recordMeterReading(TestNet.withReading(c, nextSlot)))));
        JsonNode unchanged = net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID));
        assertEquals(420, unchanged.get("importedWh").asLong());
        assertEquals(0, unchanged.get("revision").asInt());
        assertEquals(null, net.committedPrivate(Keys.meter("20260617T0330Z", HOME1_ID)));
        assertEquals(null, committed(Keys.metered("20260617T0330Z", HOME1_ID)));

        // The reading key itself needs GridOrg and the household's own org (RetailerOrg).
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, GRID_AND_EXCHANGE, c -> net.meters.correctMeterReading(TestNet.withReading(c, correction)))));
        assertEquals(List.of(VALID), net.commitBlock(
                net.endorse(METER, Set.of("GridOrgMSP", "RetailerOrgMSP"),
                        c -> net.meters.correctMeterReading(TestNet.withReading(c, correction)))));
        JsonNode corrected = net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID));
        assertEquals(400, corrected.get("importedWh").asLong());
        assertEquals(1, corrected.get("revision").asInt());
        assertEquals(List.of(VALID), net.commitBlock(
                net.endorse(METER, GRID_AND_EXCHANGE, c -> net.meters.recordMeterReading(TestNet.withReading(c, nextSlot)))));
    }

    /**
     * The first reading of a participant never metered (no key of it exists, so no key-level policy
     * can apply): Fabric validates a creating write of a collection key against the collection's
     * policy, so it needs GridOrg. Nothing was written: the honest reading of the same slot is then
     * the first. Checked as above: without the collection's policy this commits VALID.
     */
    @Test
    void aFirstMeterReadingEndorsedWithoutGridOrgIsRejectedAtCommit() {
        net.now = AFTER_SLOT;
        String forged = "{\"participant\":\"" + HOME1_ID + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":9999,"
                + "\"exportedWh\":0,\"meterId\":\"m-1\"}";
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.recordMeterReading(TestNet.withReading(c, forged)))));
        assertEquals(null, net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID)));
        assertEquals(null, net.committedPrivate(Keys.meterBinding(HOME1_ID)));
        assertEquals(null, committed(Keys.metered(SLOT_KEY, HOME1_ID)));

        String honest = forged.replace("9999", "400");
        assertEquals(List.of(VALID), net.commitBlock(
                net.endorse(METER, Set.of("GridOrgMSP", "RetailerOrgMSP"), c -> net.meters.recordMeterReading(TestNet.withReading(c, honest)))));
        assertEquals(400, json(net.evaluate(METER, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)))
                .get("importedWh").asLong());
    }

    /**
     * A renewable label forged by two orgs: the first attestation of a participant (home-002 has
     * none) endorsed without GridOrg fails at commit, and its SELL orders stay {@code unspecified}.
     * Checked as above.
     */
    @Test
    void aFirstSourceAttestationEndorsedWithoutGridOrgIsRejectedAtCommit() {
        String home2 = "RetailerOrgMSP:home-002";
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.attestSource(c, home2, "solar"))));
        assertEquals(null, net.committedPrivate(Keys.source(home2)));
        JsonNode order = net.order(HOME2, "s-1", "SELL", 100, 1000);
        assertEquals("unspecified", order.get("sourceType").asText());

        assertEquals(List.of(VALID), net.commitBlock(
                net.endorse(METER, GRID_AND_EXCHANGE, c -> net.meters.attestSource(c, home2, "solar"))));
        assertEquals("solar", net.order(HOME2, "s-2", "SELL", 100, 1000).get("sourceType").asText());
    }

    /**
     * A first binding (biz-001 was never metered) and a meter exchange (BindMeter) endorsed without
     * GridOrg are rejected at commit; with GridOrg they commit. Checked as above.
     */
    @Test
    void aMeterBindingEndorsedWithoutGridOrgIsRejectedAtCommit() {
        String biz = "ExchangeOrgMSP:biz-001";
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.bindMeter(c, biz, "m-forged"))));
        assertEquals(null, net.committedPrivate(Keys.meterBinding(biz)));

        net.now = AFTER_SLOT;
        net.reading(HOME1_ID, 420, 0);
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), net.commitBlock(
                net.endorse(METER, EXCHANGE_AND_RETAILER, c -> net.meters.bindMeter(c, HOME1_ID, "m-2"))));
        assertEquals("m-RetailerOrgMSP-home-001", net.committedPrivate(Keys.meterBinding(HOME1_ID)).get("meterId").asText());
        assertEquals(List.of(VALID), net.commitBlock(
                net.endorse(METER, GRID_AND_EXCHANGE, c -> net.meters.bindMeter(c, HOME1_ID, "m-2"))));
        assertEquals("m-2", net.committedPrivate(Keys.meterBinding(HOME1_ID)).get("meterId").asText());
    }

    /**
     * SettleSlot reads each reading of the slot by key in the collection; a correction committed
     * after its endorsement, earlier in the same block, changes the version read, so the settlement
     * is invalidated (MVCC on private reads, through their hashes) and never settles a replaced
     * value. Checked: with the fake peer's private read versions not recorded, both commit VALID and
     * home-002's line is the uncorrected one.
     */
    @Test
    void aCorrectionCommittedBeforeSettleSlotInTheSameBlockInvalidatesTheSettlement() {
        net.order(HOME1, "c-1", "SELL", 1000, 1500);
        net.order(HOME2, "c-1", "BUY", 1000, 2100);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(HOME1_ID, 0, 1000);
        net.reading("RetailerOrgMSP:home-002", 1000, 0);
        String correction = "{\"participant\":\"RetailerOrgMSP:home-002\",\"slot\":\"" + SLOT + "\",\"importedWh\":1200,"
                + "\"exportedWh\":0,\"meterId\":\"m-RetailerOrgMSP-home-002\",\"reason\":\"register rollover\"}";
        TestNet.Proposal fix = net.endorse(METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, correction)));
        TestNet.Proposal settle = net.endorse(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));

        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(fix, settle));
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertEquals(200, net.committedPrivate(Keys.settlement("RetailerOrgMSP:home-002", SLOT_KEY)).get("line")
                .get("retailSuppliedWh").asLong());
    }

    /** Five orders in SLOT, then peers and configuration that stop a scan after three records. */
    private void fiveOrdersBehindAQueryLimitOfThree() {
        net.order(HOME1, "c-1", "SELL", 1000, 1500);
        net.order(HOME2, "c-1", "BUY", 300, 2000);
        net.order(HOME3, "c-1", "BUY", 300, 2000);
        net.order(BIZ1, "c-1", "BUY", 300, 2000);
        net.order(RETAILER, "c-1", "SELL", 1000, 1600);
        net.stub.totalQueryLimit(3);
        net.configured("{\"totalQueryLimit\":3}");
    }

    /**
     * The rule: a book larger than the peers' totalQueryLimit is cleared whole or refused with a
     * code; Fabric itself stops a non-paginated scan silently at the limit (see
     * {@link InMemoryStubTest#aScanStopsSilentlyAtTheTotalQueryLimit}). Here the configuration
     * states the peers' limit, so ClearSlot refuses the book (LimitsTest has the misconfigured case).
     */
    @Test
    void clearSlotNeverClearsPartOfABookPastTheQueryLimit() {
        fiveOrdersBehindAQueryLimitOfThree();
        net.now = GATE.plusSeconds(60);
        net.refused(ErrorCode.BEYOND_LIMITS, OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertEquals(null, committed(Keys.slot(SLOT_KEY)));
    }

    /**
     * The peer caps paged queries at its totalQueryLimit as well: GetSlotBook's pages stay below
     * it, so a reader paging with a large page size still gets the whole book, never a short page
     * that looks like the last one.
     */
    @Test
    void aPagedBookPastTheQueryLimitIsCompleteWithALargePageSize() {
        fiveOrdersBehindAQueryLimitOfThree();
        java.util.Set<String> ids = new java.util.TreeSet<>();
        String bookmark = "";
        int pages = 0;
        do {
            String b = bookmark;
            JsonNode page = TestNet.json(net.evaluate(OPERATOR, c -> net.orders.getSlotBook(c, SLOT, "500", b)));
            page.path("items").forEach(o -> ids.add(o.path("orderId").asText()));
            bookmark = page.path("bookmark").asText("");
            pages++;
        } while (!bookmark.isEmpty());
        assertEquals(5, ids.size(), ids.toString());
        assertEquals(3, pages, "pages of totalQueryLimit - 1 = 2 orders");
    }
}
