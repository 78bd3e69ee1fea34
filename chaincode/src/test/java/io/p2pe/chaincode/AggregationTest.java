package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.Test;

/**
 * Aggregated submission: households authorise an aggregator on the ledger, which submits their
 * orders in one SubmitOrders transaction, each order checked exactly as SubmitOrder checks it.
 */
class AggregationTest {
    static final TestIdentity AGG = TestIdentity.client("RetailerOrgMSP", "agg-1", "aggregator", "agg-1");
    static final TestIdentity AGG2 = TestIdentity.client("RetailerOrgMSP", "agg-2", "aggregator", "agg-2");
    static final String AGG_ID = "RetailerOrgMSP:agg-1";
    static final String AGG2_ID = "RetailerOrgMSP:agg-2";
    static final String H1 = "RetailerOrgMSP:home-001";
    static final String H2 = "RetailerOrgMSP:home-002";
    static final String H3 = "RetailerOrgMSP:home-003";

    private final TestNet net = aggregationNet("{\"priceFloor\":0,\"priceCap\":100000}");

    static TestNet aggregationNet(String config) {
        TestNet net = new TestNet().configured(config).withParticipants();
        net.register(RETAILER_ADMIN, "{\"participant\":\"agg-1\",\"kind\":\"BUSINESS\"}");
        net.register(RETAILER_ADMIN, "{\"participant\":\"agg-2\",\"kind\":\"BUSINESS\"}");
        return net;
    }

    private String authorize(TestIdentity household, String aggregator) {
        return net.submit(household, c -> net.orders.authorizeAggregator(c, aggregator));
    }

    static String batchOrder(String participant, String clientOrderId, String side, long wh, long price) {
        return orderJson(clientOrderId, SLOT, side, wh, price, ",\"participant\":\"" + participant + "\"");
    }

    static String batch(String... orders) {
        return "{\"orders\":[" + String.join(",", orders) + "]}";
    }

    private Function<Context, String> submitOrders(String batch) {
        return c -> net.orders.submitOrders(c, batch);
    }

    @Test
    void aBatchStoresEveryOrderAsItsHouseholdsOwnWithOneEventListingThem() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG_ID);
        JsonNode out = json(net.submit(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 1500, 1800),
                batchOrder(H2, "c-1", "BUY", 1000, 2000), batchOrder(H1, "c-2", "SELL", 500, 1700)))));
        JsonNode orders = out.get("orders");
        assertEquals(3, orders.size());
        String id1 = OrderContract.orderId(SLOT_KEY, H1, "c-1");
        String id2 = OrderContract.orderId(SLOT_KEY, H2, "c-1");
        String id3 = OrderContract.orderId(SLOT_KEY, H1, "c-2");
        assertEquals(List.of(id1, id2, id3), List.of(orders.get(0).get("orderId").asText(),
                orders.get(1).get("orderId").asText(), orders.get(2).get("orderId").asText()));
        assertEquals(H1, orders.get(0).get("participant").asText());
        assertEquals("solar", orders.get(0).get("sourceType").asText(), "the household's attested source");
        assertEquals("tokyo/setagaya/seijo/feeder-3", orders.get(1).get("location").asText());
        // Four keys per order, each position once, with both of home-001's orders.
        Set<String> expected = new TreeSet<>(List.of(Keys.order(SLOT_KEY, id1), Keys.order(SLOT_KEY, id2),
                Keys.order(SLOT_KEY, id3), Keys.ownerOrder(H1, SLOT_KEY, id1), Keys.ownerOrder(H2, SLOT_KEY, id2),
                Keys.ownerOrder(H1, SLOT_KEY, id3), Keys.clientOrder(H1, "c-1"), Keys.clientOrder(H2, "c-1"),
                Keys.clientOrder(H1, "c-2"), Keys.position(SLOT_KEY, H1), Keys.position(SLOT_KEY, H2)));
        assertEquals(expected, new TreeSet<>(net.lastWrites.keySet()));
        JsonNode position = json(new String(net.lastWrites.get(Keys.position(SLOT_KEY, H1)), StandardCharsets.UTF_8));
        assertEquals(2, position.get("openOrders").asInt(), "home-001's two orders of the batch: " + id1 + ", " + id3);
        assertEquals("OrdersSubmitted", net.lastEvent().getEventName());
        JsonNode ev = net.lastEventPayload();
        assertEquals(AGG_ID, ev.get("aggregator").asText());
        assertEquals(3, ev.get("orders").size());
        assertEquals(id2, ev.get("orders").get(1).get("orderId").asText());
        assertEquals(H2, ev.get("orders").get(1).get("participant").asText());
        assertFalse(ev.get("orders").get(1).has("price") || ev.get("orders").get(1).has("side"), ev.toString());
        // The household lists it as its own and cancels it itself.
        JsonNode mine = json(net.evaluate(HOME2, c -> net.orders.listMyOrders(c, "", "", "")));
        assertEquals(id2, mine.get("items").get(0).get("orderId").asText());
        net.submit(HOME2, c -> net.orders.cancelOrder(c, id2));
        assertNull(net.stub.snapshot().get(Keys.position(SLOT_KEY, H2)), "its last order cancelled");
    }

    @Test
    void anOrderOfTheBatchIsTheSameRecordAsThroughSubmitOrder() {
        authorize(HOME1, AGG_ID);
        JsonNode viaBatch = json(net.submit(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 1500, 1800)))))
                .get("orders").get(0);
        TestNet single = aggregationNet("{\"priceFloor\":0,\"priceCap\":100000}");
        JsonNode direct = json(single.submit(HOME1, c -> single.orders.submitOrder(c,
                orderJson("c-1", SLOT, "SELL", 1500, 1800, ""))));
        for (String f : List.of("orderId", "clientOrderId", "participant", "slot", "slotKey", "side", "wh", "price",
                "location", "sourceType", "renewableOnly", "status", "submittedAt")) {
            assertEquals(direct.get(f), viaBatch.get(f), f);
        }
    }

    @Test
    void aHouseholdThatDidNotAuthoriseTheAggregatorIsRefusedAtItsIndex() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG2_ID);
        String msg = net.refused(ErrorCode.FORBIDDEN, AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                batchOrder(H2, "c-1", "BUY", 100, 2000))));
        assertEquals("orders[1]: SubmitOrders: " + H2 + " has not authorised aggregator " + AGG_ID + " (or has revoked it)",
                msg);
        // Not even an unregistered household is distinguishable from an unauthorising one.
        msg = net.refused(ErrorCode.FORBIDDEN, AGG, submitOrders(batch(batchOrder("RetailerOrgMSP:nobody", "c-1",
                "BUY", 100, 2000))));
        assertTrue(msg.startsWith("orders[0]: SubmitOrders: RetailerOrgMSP:nobody has not authorised"), msg);
    }

    @Test
    void aRevokedAggregatorIsRefusedAndMayNoLongerCancel() {
        authorize(HOME1, AGG_ID);
        JsonNode stored = json(net.submit(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800)))));
        String id = stored.get("orders").get(0).get("orderId").asText();
        JsonNode revoked = json(net.submit(HOME1, c -> net.orders.revokeAggregator(c, AGG_ID)));
        assertEquals(AGG_ID, revoked.get("aggregator").asText());
        assertEquals(List.of(Keys.aggregation(H1, AGG_ID)), List.copyOf(net.lastWrites.keySet()), "the key deleted");
        assertEquals("AggregatorRevoked", net.lastEvent().getEventName());
        String msg = net.refused(ErrorCode.FORBIDDEN, AGG, submitOrders(batch(batchOrder(H1, "c-2", "SELL", 100, 1800))));
        assertEquals("orders[0]: SubmitOrders: " + H1 + " has not authorised aggregator " + AGG_ID + " (or has revoked it)",
                msg);
        // A retry of the stored order is refused too: the aggregator no longer speaks for home-001.
        net.refused(ErrorCode.FORBIDDEN, AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800))));
        msg = net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.orders.cancelOrder(c, id));
        assertEquals("CancelOrder: " + H1 + " has not authorised aggregator " + AGG_ID + " (or has revoked it)", msg);
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.orders.revokeAggregator(c, AGG_ID));
        // The order stays the household's.
        assertEquals("OPEN", json(net.evaluate(HOME1, c -> net.orders.getOrder(c, id))).get("status").asText());
    }

    @Test
    void anAuthorisedAggregatorCancelsTheHouseholdsOrder() {
        authorize(HOME1, AGG_ID);
        String id = net.order(HOME1, "c-1", "SELL", 100, 1800).get("orderId").asText();
        JsonNode cancelled = json(net.submit(AGG, c -> net.orders.cancelOrder(c, id)));
        assertEquals("CANCELLED", cancelled.get("status").asText());
        assertTrue(cancelled.get("cancelledBy").asText().contains("CN=agg-1"), cancelled.toString());
        JsonNode ev = net.lastEventPayload();
        assertEquals(AGG_ID, ev.get("aggregator").asText());
        assertFalse(ev.get("byOperator").asBoolean());
        // Another household's order is not the aggregator's to cancel.
        String other = net.order(HOME2, "c-1", "BUY", 100, 1800).get("orderId").asText();
        net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.orders.cancelOrder(c, other));
    }

    @Test
    void authorisationIsTheHouseholdsOwnKeyAndIdempotent() {
        JsonNode a = json(authorize(HOME1, AGG_ID));
        assertEquals(H1, a.get("participant").asText());
        assertEquals(AGG_ID, a.get("aggregator").asText());
        assertEquals(List.of(Keys.aggregation(H1, AGG_ID)), List.copyOf(net.lastWrites.keySet()));
        assertEquals("AggregatorAuthorized", net.lastEvent().getEventName());
        net.now = net.now.plusSeconds(60);
        assertEquals(a, json(authorize(HOME1, AGG_ID)));
        assertTrue(net.lastWrites.isEmpty());
        assertTrue(net.lastEvents.isEmpty());
    }

    @Test
    void authorisationRefusals() {
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.orders.authorizeAggregator(c, "RetailerOrgMSP:nobody"));
        String msg = net.refused(ErrorCode.CONFLICT, HOME1, c -> net.orders.authorizeAggregator(c, H1));
        assertEquals("AuthorizeAggregator: field 'aggregatorId' names the caller itself, " + H1, msg);
        // biz-001 is ExchangeOrg's: roleMsps.aggregator names only RetailerOrgMSP.
        msg = net.refused(ErrorCode.CONFLICT, HOME1, c -> net.orders.authorizeAggregator(c, "ExchangeOrgMSP:biz-001"));
        assertTrue(msg.contains("which may not hold role aggregator"), msg);
        // Only a household with its trading role authorises; the aggregator cannot authorise itself for it.
        net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.orders.authorizeAggregator(c, AGG2_ID));
        net.refused(ErrorCode.FORBIDDEN, RETAILER_ADMIN, c -> net.orders.authorizeAggregator(c, AGG_ID));
        net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.orders.revokeAggregator(c, AGG_ID));
    }

    @Test
    void onlyAnAcceptedRegisteredActiveAggregatorSubmits() {
        authorize(HOME1, AGG_ID);
        String b = batch(batchOrder(H1, "c-1", "SELL", 100, 1800));
        String msg = net.refused(ErrorCode.FORBIDDEN, HOME1, submitOrders(b));
        assertTrue(msg.startsWith("SubmitOrders needs role aggregator"), msg);
        // A GridOrg CA can mint an aggregator certificate, but GridOrgMSP may not hold the role.
        TestIdentity gridAgg = TestIdentity.client("GridOrgMSP", "agg-1", "aggregator", "agg-1");
        net.refused(ErrorCode.FORBIDDEN, gridAgg, submitOrders(b));
        TestIdentity unregistered = TestIdentity.client("RetailerOrgMSP", "agg-9", "aggregator", "agg-9");
        net.refused(ErrorCode.NOT_REGISTERED, unregistered, submitOrders(b));
        net.submit(RETAILER_ADMIN, c -> net.participants.suspendParticipant(c, AGG_ID, "audit"));
        msg = net.refused(ErrorCode.PARTICIPANT_SUSPENDED, AGG, submitOrders(b));
        assertEquals("SubmitOrders: aggregator " + AGG_ID + " is suspended", msg);
        net.submit(RETAILER_ADMIN, c -> net.participants.reinstateParticipant(c, AGG_ID, "ok"));
        net.submit(RETAILER_ADMIN, c -> net.participants.suspendParticipant(c, H1, "audit"));
        msg = net.refused(ErrorCode.PARTICIPANT_SUSPENDED, AGG, submitOrders(b));
        assertEquals("orders[0]: SubmitOrders: participant " + H1 + " is suspended", msg);
        // The config moves the role to another org: the same certificate no longer counts.
        net.submit(RETAILER_ADMIN, c -> net.participants.reinstateParticipant(c, H1, "ok"));
        net.configured("{\"priceFloor\":0,\"priceCap\":100000,\"roleMsps\":"
                + TestNet.roleMsps("aggregator", "MunicipalityOrgMSP") + "}");
        net.refused(ErrorCode.FORBIDDEN, AGG, submitOrders(b));
    }

    @Test
    void batchSizeAndShape() {
        authorize(HOME1, AGG_ID);
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= OrderContract.MAX_BATCH_ORDERS; i++) {
            many.add(batchOrder(H1, "c-" + i, "SELL", 100, 1800));
        }
        String msg = net.refused(ErrorCode.BEYOND_LIMITS, AGG, submitOrders(batch(many.toArray(String[]::new))));
        assertEquals("batch: field 'orders' holds 201 orders, more than the 200 one SubmitOrders may submit; split the "
                + "batch", msg);
        net.refused(ErrorCode.OUT_OF_RANGE, AGG, submitOrders(batch()));
        net.refused(ErrorCode.MISSING_FIELD, AGG, submitOrders("{}"));
        net.refused(ErrorCode.INVALID_FORMAT, AGG, submitOrders("{\"orders\":{}}"));
        net.refused(ErrorCode.INVALID_FORMAT, AGG, submitOrders("{\"orders\":[],\"extra\":1}"));
        net.refused(ErrorCode.MALFORMED_INPUT, AGG, submitOrders("[" + batchOrder(H1, "c-1", "SELL", 100, 1800) + "]"));
        msg = net.refused(ErrorCode.MALFORMED_INPUT, AGG, submitOrders("{\"orders\":[" + batchOrder(H1, "c-1", "SELL",
                100, 1800) + ",7]}"));
        assertEquals("orders[1]: order must be a JSON object", msg);
    }

    @Test
    void aBadFieldAtIndexKIsRefusedWithSubmitOrdersMessageAndNothingIsWritten() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG_ID);
        String bad = OrderContract.orderId(SLOT_KEY, H2, "c-3");
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                batchOrder(H2, "c-2", "BUY", 100, 1800), batchOrder(H2, "c-3", "BUY", 0, 1800))));
        assertEquals("orders[2]: order " + bad + ": field 'wh' must be between 1 and 1000000000, got 0", msg);
        String direct = net.refused(ErrorCode.OUT_OF_RANGE, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-3", SLOT, "BUY", 0, 1800, "")));
        assertEquals("orders[2]: " + direct, msg, "exactly SubmitOrder's message after the index");
        msg = net.refused(ErrorCode.MISSING_FIELD, AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                orderJson("c-2", SLOT, "BUY", 100, 1800, ""))));
        assertEquals("orders[1]: order: field 'participant' is required", msg);
        msg = net.refused(ErrorCode.INVALID_FORMAT, AGG, submitOrders(batch(orderJson("c-2", SLOT, "BUY", 100, 1800,
                ",\"participant\":\"" + H2 + "\",\"colour\":\"red\""))));
        assertTrue(msg.startsWith("orders[0]: order: field 'colour' is not recognised"), msg);
        msg = net.refused(ErrorCode.OUT_OF_RANGE, AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 100001))));
        assertTrue(msg.startsWith("orders[0]: order ") && msg.contains("field 'price' must be between 0 and 100000"), msg);
        net.refused(ErrorCode.UNKNOWN_VALUE, AGG, submitOrders(batch(batchOrder(H1, "c-1", "HOLD", 100, 1800))));
        assertTrue(net.stub.snapshot().keySet().stream().noneMatch(k -> k.startsWith(Keys.prefix(Keys.ORDER).toString())),
                "no order stored");
    }

    @Test
    void aDuplicatedOrderInTheBatchIsRefused() {
        authorize(HOME1, AGG_ID);
        String o = batchOrder(H1, "c-1", "SELL", 100, 1800);
        String msg = net.refused(ErrorCode.DUPLICATE_ORDER_ID, AGG, submitOrders(batch(o, o)));
        assertEquals("orders[1]: order " + OrderContract.orderId(SLOT_KEY, H1, "c-1") + ": field 'clientOrderId' \"c-1\" of "
                + H1 + " appears twice in the transaction", msg);
        // Also when the first is a retry of a stored order.
        net.submit(AGG, submitOrders(batch(o)));
        net.refused(ErrorCode.DUPLICATE_ORDER_ID, AGG, submitOrders(batch(o, o)));
    }

    @Test
    void oneSidePerSlotAcrossTheBatchAndWithStoredOrders() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG_ID);
        String msg = net.refused(ErrorCode.BOTH_SIDES, AGG, submitOrders(batch(batchOrder(H1, "c-1", "BUY", 100, 1800),
                batchOrder(H2, "c-1", "BUY", 100, 1800), batchOrder(H1, "c-2", "SELL", 100, 1800))));
        assertTrue(msg.startsWith("orders[2]: "), msg);
        assertTrue(msg.contains(OrderContract.orderId(SLOT_KEY, H1, "c-2")), msg);
        net.order(HOME2, "c-9", "SELL", 100, 1800);
        msg = net.refused(ErrorCode.BOTH_SIDES, AGG, submitOrders(batch(batchOrder(H1, "c-1", "BUY", 100, 1800),
                batchOrder(H2, "c-1", "BUY", 100, 1800))));
        String direct = net.refused(ErrorCode.BOTH_SIDES, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "BUY", 100, 1800, "")));
        assertEquals("orders[1]: " + direct, msg);
    }

    @Test
    void afterGateClosureTheBatchIsRefused() {
        authorize(HOME1, AGG_ID);
        String b = batch(batchOrder(H1, "c-1", "SELL", 100, 1800));
        net.now = java.time.Instant.parse("2026-06-17T02:00:00Z");
        String msg = net.refused(ErrorCode.SLOT_CLOSED, AGG, submitOrders(b));
        assertEquals("orders[0]: SubmitOrders: gate closure of slot " + SLOT + " was at 2026-06-17T02:00:00Z; the market "
                + "time is the transaction timestamp 2026-06-17T02:00:00Z", msg);
        net.now = TestNet.BEFORE_GATE;
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        msg = net.refused(ErrorCode.SLOT_CLOSED, AGG, submitOrders(b));
        assertEquals("orders[0]: SubmitOrders: slot " + SLOT + " is CLOSED", msg);
    }

    @Test
    void overTheOpenOrderLimitWithStoredAndBatchedOrders() {
        TestNet small = aggregationNet("{\"priceFloor\":0,\"priceCap\":100000,\"maxOpenOrdersPerParticipant\":2}");
        small.submit(HOME1, c -> small.orders.authorizeAggregator(c, AGG_ID));
        small.order(HOME1, "c-0", "SELL", 100, 1800);
        String msg = small.refused(ErrorCode.BEYOND_LIMITS, AGG, c -> small.orders.submitOrders(c,
                batch(batchOrder(H1, "c-1", "SELL", 100, 1800), batchOrder(H1, "c-2", "SELL", 100, 1800))));
        assertEquals("orders[1]: order " + OrderContract.orderId(SLOT_KEY, H1, "c-2") + ": participant " + H1 + " has 2 "
                + "open orders in slot " + SLOT + ", the most the market allows (config maxOpenOrdersPerParticipant 2); "
                + "cancel one or combine quantities into fewer orders", msg);
        JsonNode ok = json(small.submit(AGG, c -> small.orders.submitOrders(c,
                batch(batchOrder(H1, "c-1", "SELL", 100, 1800)))));
        assertEquals(1, ok.get("orders").size());
    }

    @Test
    void aRetriedBatchReturnsTheStoredOrdersAndWritesOnlyWhatIsNew() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG_ID);
        String first = net.submit(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                batchOrder(H2, "c-1", "BUY", 100, 1900))));
        net.now = net.now.plusSeconds(60);
        String again = net.submit(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                batchOrder(H2, "c-1", "BUY", 100, 1900))));
        assertEquals(first, again);
        assertTrue(net.lastWrites.isEmpty());
        assertTrue(net.lastEvents.isEmpty());
        // A household's own order, then a batch that holds it and a new one.
        String own = net.order(HOME3, "c-7", "SELL", 100, 1800).toString();
        authorize(HOME3, AGG_ID);
        JsonNode mixed = json(net.submit(AGG, submitOrders(batch(batchOrder(H3, "c-7", "SELL", 100, 1800),
                batchOrder(H3, "c-8", "SELL", 200, 1800)))));
        assertEquals(json(own), mixed.get("orders").get(0));
        String newId = OrderContract.orderId(SLOT_KEY, H3, "c-8");
        assertEquals(new TreeSet<>(List.of(Keys.order(SLOT_KEY, newId), Keys.ownerOrder(H3, SLOT_KEY, newId),
                Keys.clientOrder(H3, "c-8"), Keys.position(SLOT_KEY, H3))), new TreeSet<>(net.lastWrites.keySet()));
        assertEquals(1, net.lastEventPayload().get("orders").size());
        String msg = net.refused(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, AGG, submitOrders(batch(
                batchOrder(H3, "c-8", "SELL", 201, 1800))));
        assertTrue(msg.startsWith("orders[0]: order: field 'clientOrderId' \"c-8\" was already used"), msg);
    }

    /**
     * Two aggregators' batches for different households share no written key and commit in one
     * block; one aggregator's two batches for the same household and slot conflict on its position
     * (MVCC), as two SubmitOrders of the household itself would; a revocation ordered before a batch
     * in the same block invalidates it (the batch read the authorisation key).
     */
    @Test
    void mvccBetweenBatches() {
        authorize(HOME1, AGG_ID);
        authorize(HOME2, AGG2_ID);
        authorize(HOME3, AGG_ID);
        TestNet.Proposal a = net.endorse(AGG, submitOrders(batch(batchOrder(H1, "c-1", "SELL", 100, 1800),
                batchOrder(H3, "c-1", "SELL", 100, 1800))));
        TestNet.Proposal b = net.endorse(AGG2, submitOrders(batch(batchOrder(H2, "c-1", "BUY", 100, 1800))));
        assertEquals(List.of(VALID, VALID), net.commitBlock(a, b));

        TestNet.Proposal first = net.endorse(AGG, submitOrders(batch(batchOrder(H1, "c-2", "SELL", 100, 1800))));
        TestNet.Proposal second = net.endorse(AGG, submitOrders(batch(batchOrder(H1, "c-3", "SELL", 100, 1800),
                batchOrder(H3, "c-3", "SELL", 100, 1800))));
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(first, second));
        assertNull(net.stub.snapshot().get(Keys.clientOrder(H3, "c-3")), "all or nothing: nothing of the second");

        TestNet.Proposal revoke = net.endorse(HOME3, c -> net.orders.revokeAggregator(c, AGG_ID));
        TestNet.Proposal late = net.endorse(AGG, submitOrders(batch(batchOrder(H3, "c-4", "SELL", 100, 1800))));
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(revoke, late));
    }
}
