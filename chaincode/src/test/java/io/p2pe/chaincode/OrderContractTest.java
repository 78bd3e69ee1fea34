package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OrderContractTest {
    private final TestNet net = new TestNet().configured("{\"priceFloor\":0,\"priceCap\":100000}").withParticipants();

    @Test
    void submitStoresTheOrderUnderItsOwnKeysAndEmitsASealedEvent() {
        JsonNode o = net.order(HOME1, "c-1", "SELL", 1500, 1800);
        String id = o.get("orderId").asText();
        assertEquals(OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "c-1"), id);
        assertTrue(id.matches(SLOT_KEY + "-[0-9a-f]{40}") && id.length() <= 64, id);
        assertEquals("RetailerOrgMSP:home-001", o.get("participant").asText());
        assertEquals(SLOT, o.get("slot").asText());
        assertEquals("SELL", o.get("side").asText());
        assertEquals(1500, o.get("wh").asLong());
        assertEquals("solar", o.get("sourceType").asText());
        assertEquals("tokyo/setagaya/seijo/feeder-3", o.get("location").asText());
        assertEquals("OPEN", o.get("status").asText());
        assertEquals(Set.of(Keys.order(SLOT_KEY, id), Keys.ownerOrder("RetailerOrgMSP:home-001", SLOT_KEY, id),
                Keys.clientOrder("RetailerOrgMSP:home-001", "c-1"), Keys.position(SLOT_KEY, "RetailerOrgMSP:home-001")),
                net.lastWrites.keySet());
        assertEquals("OrderSubmitted", net.lastEvent().getEventName());
        JsonNode ev = net.lastEventPayload();
        assertEquals(id, ev.get("orderId").asText());
        assertFalse(ev.has("price") || ev.has("wh") || ev.has("side"), ev.toString());
    }

    @Test
    void concurrentSubmissionsOfDifferentParticipantsShareOnlyReadOnlyKeys() {
        net.order(HOME1, "c-1", "SELL", 1500, 1800);
        TreeSet<String> reads1 = net.lastReads;
        Set<String> writes1 = net.lastWrites.keySet();
        net.order(HOME2, "c-1", "BUY", 1000, 2000);
        TreeSet<String> common = new TreeSet<>(reads1);
        common.retainAll(net.lastReads);
        assertEquals(new TreeSet<>(Set.of(Keys.config(), Keys.slot(SLOT_KEY))), common);
        TreeSet<String> touched = new TreeSet<>(writes1);
        touched.retainAll(net.lastWrites.keySet());
        assertTrue(touched.isEmpty(), touched.toString());
        for (String w : writes1) {
            assertFalse(net.lastReads.contains(w), w);
        }
        assertFalse(net.lastWrites.containsKey(Keys.slot(SLOT_KEY)));
        assertTrue(net.lastRanges.isEmpty(), "no range scans in SubmitOrder");
    }

    @Test
    void retryWithSameClientOrderIdReturnsTheStoredOrderAndWritesNothing() {
        String first = net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("c-1", SLOT, "SELL", 1500, 1800, "")));
        net.now = net.now.plusSeconds(60);
        String again = net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("c-1", SLOT, "SELL", 1500, 1800, "")));
        assertEquals(first, again);
        assertTrue(net.lastWrites.isEmpty());
        assertTrue(net.lastEvents.isEmpty());
        String msg = net.refused(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, HOME1,
                c -> net.orders.submitOrder(c, orderJson("c-1", SLOT, "SELL", 1500, 1900, "")));
        assertTrue(msg.contains("'clientOrderId'"), msg);
        net.now = TestNet.AFTER_SLOT;
        assertEquals(first, net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("c-1", SLOT, "SELL", 1500, 1800, ""))));
    }

    @Test
    void marketRuleRefusalsCarryTheEnginesMessages() throws Exception {
        String id = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-002", "c-9");
        String expected = engineMessage("{\"slot\":\"" + SLOT + "\",\"mechanism\":\"UNIFORM_PRICE\",\"orders\":[{\"id\":\""
                + id + "\",\"participant\":\"RetailerOrgMSP:home-002\",\"side\":\"BUY\",\"wh\":0,\"price\":2000,"
                + "\"location\":\"tokyo/setagaya/seijo/feeder-3\"}]}");
        assertEquals(expected, net.refused(ErrorCode.OUT_OF_RANGE, HOME2,
                c -> net.orders.submitOrder(c, orderJson("c-9", SLOT, "BUY", 0, 2000, ""))));
        assertTrue(expected.contains("'wh'"), expected);
        String sideMsg = net.refused(ErrorCode.UNKNOWN_VALUE, HOME2, c -> net.orders.submitOrder(c,
                "{\"clientOrderId\":\"c-9\",\"slot\":\"" + SLOT + "\",\"side\":\"HOLD\",\"wh\":10,\"price\":10}"));
        assertTrue(sideMsg.contains("'side'"), sideMsg);
        net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                "{\"clientOrderId\":\"c-9\",\"slot\":\"" + SLOT + "\",\"side\":\"BUY\",\"wh\":\"10\",\"price\":10}"));
        net.refused(ErrorCode.MISSING_FIELD, HOME2, c -> net.orders.submitOrder(c,
                "{\"clientOrderId\":\"c-9\",\"slot\":\"" + SLOT + "\",\"side\":\"BUY\",\"wh\":10}"));
        net.refused(ErrorCode.OUT_OF_RANGE, HOME2, c -> net.orders.submitOrder(c, orderJson("c-9", SLOT, "BUY", 10,
                20_000_000, "")));
    }

    @Test
    void malformedSlotsGetTheEnginesMessage() throws Exception {
        String expected = engineMessage("{\"slot\":\"noon\",\"mechanism\":\"UNIFORM_PRICE\",\"orders\":[]}");
        assertEquals(expected, net.refused(ErrorCode.INVALID_FORMAT, HOME2,
                c -> net.orders.submitOrder(c, orderJson("c-1", "noon", "BUY", 10, 2000, ""))));
        String missing = engineMessage("{\"mechanism\":\"UNIFORM_PRICE\",\"orders\":[]}");
        assertEquals(missing, net.refused(ErrorCode.MISSING_FIELD, HOME2, c -> net.orders.submitOrder(c,
                "{\"clientOrderId\":\"c-1\",\"side\":\"BUY\",\"wh\":10,\"price\":10}")));
    }

    private static String engineMessage(String input) throws Exception {
        try {
            io.p2pe.market.Clearing.clear(MarketJson.readInput(input));
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("engine accepted " + input);
    }

    @Test
    void chaincodeRefusals() {
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "BUY", 10, 200_000, ""))).contains("price floor and cap"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", "2026-06-17T03:00Z", "BUY", 10, 2000, ""))).contains("'slot'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", "2026-06-17T03:00+00:00", "BUY", 10, 2000, ""))).contains("2026-06-17T12:00+09:00"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", "2026-06-17T12:10+09:00", "BUY", 10, 2000, ""))).contains("'slot'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", "2026-07-17T12:00+09:00", "BUY", 10, 2000, ""))).contains("within 7 days"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "SELL", 10, 2000, ",\"renewableOnly\":true"))).contains("'renewableOnly'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "BUY", 10, 2000, ",\"sourceType\":\"solar\""))).contains("'sourceType'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c 1", SLOT, "BUY", 10, 2000, ""))).contains("'clientOrderId'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "BUY", 10, 2000, ",\"colour\":\"green\""))).contains("'colour'"));
    }

    @Test
    void identityRefusals() {
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        net.refused(ErrorCode.FORBIDDEN, METER, c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        net.refused(ErrorCode.FORBIDDEN, RETAILER_ADMIN,
                c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        TestIdentity stranger = TestIdentity.client("RetailerOrgMSP", "home-404", "participant", "home-404");
        net.refused(ErrorCode.NOT_REGISTERED, stranger,
                c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        TestIdentity noAttr = TestIdentity.client("RetailerOrgMSP", "anon", "participant", null);
        net.refused(ErrorCode.NOT_REGISTERED, noAttr,
                c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        TestIdentity otherOrg = TestIdentity.client("GridOrgMSP", "home-001", "participant", "home-001");
        net.refused(ErrorCode.NOT_REGISTERED, otherOrg,
                c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
        net.submit(OPERATOR, c -> net.participants.suspendParticipant(c, "RetailerOrgMSP:home-002", "audit"));
        net.refused(ErrorCode.PARTICIPANT_SUSPENDED, HOME2,
                c -> net.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
    }

    @Test
    void notConfiguredRefusesTrading() {
        TestNet fresh = new TestNet();
        fresh.refused(ErrorCode.NOT_CONFIGURED, HOME1,
                c -> fresh.orders.submitOrder(c, orderJson("c", SLOT, "BUY", 10, 10, "")));
    }

    @Test
    void oneSidePerParticipantPerSlotWithTheEnginesMessage() {
        JsonNode sell = net.order(HOME1, "c-1", "SELL", 1500, 1800);
        net.order(HOME1, "c-2", "SELL", 500, 1900);
        String msg = net.refused(ErrorCode.BOTH_SIDES, HOME1,
                c -> net.orders.submitOrder(c, orderJson("c-3", SLOT, "BUY", 100, 2000, "")));
        // The new order is the one refused; the participant's first open order is the one it also has.
        assertTrue(msg.contains("order " + OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "c-3")
                + ": field 'participant' must be on one side per slot, \"RetailerOrgMSP:home-001\" also has SELL order "
                + sell.get("orderId").asText()), msg);
        JsonNode pos = json(new String(net.stub.snapshot().get(Keys.position(SLOT_KEY, "RetailerOrgMSP:home-001")),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, pos.get("openOrders").asInt());
        // The position counts the open orders; the refusal names an open one, never a cancelled one.
        net.submit(HOME1, c -> net.orders.cancelOrder(c, sell.get("orderId").asText()));
        String secondId = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "c-2");
        String again = net.refused(ErrorCode.BOTH_SIDES, HOME1,
                c -> net.orders.submitOrder(c, orderJson("c-3", SLOT, "BUY", 100, 2000, "")));
        assertTrue(again.endsWith("also has SELL order " + secondId), again);
        assertEquals(1, json(new String(net.stub.snapshot().get(Keys.position(SLOT_KEY, "RetailerOrgMSP:home-001")),
                java.nio.charset.StandardCharsets.UTF_8)).get("openOrders").asInt());
        // Cancelling every open order frees the other side.
        net.submit(HOME1, c -> net.orders.cancelOrder(c, secondId));
        assertTrue(net.lastWrites.get(Keys.position(SLOT_KEY, "RetailerOrgMSP:home-001")).length == 0, "deleted");
        net.order(HOME1, "c-3", "BUY", 100, 2000);
    }

    @Test
    void aPositionStoredWithItsOrderIdsReadsAsTheirCount() {
        Position legacy = Json.read(("{\"openOrderIds\":[\"a\",\"b\",\"c\"],\"participant\":\"RetailerOrgMSP:home-001\","
                + "\"side\":\"SELL\",\"slot\":\"" + SLOT + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Position.class);
        assertEquals(new Position("RetailerOrgMSP:home-001", SLOT, io.p2pe.market.Side.SELL, 3), legacy);
        assertEquals("{\"openOrders\":3,\"participant\":\"RetailerOrgMSP:home-001\",\"side\":\"SELL\",\"slot\":\"" + SLOT
                + "\"}", Json.write(legacy));
    }

    @Test
    void gateClosureByTimestampAndByTheSlotKey() {
        net.now = Instant.parse("2026-06-17T02:00:00Z");
        String msg = net.refused(ErrorCode.SLOT_CLOSED, HOME2,
                c -> net.orders.submitOrder(c, orderJson("c-1", SLOT, "BUY", 10, 2000, "")));
        assertTrue(msg.contains("2026-06-17T02:00:00Z"), msg);
        net.now = Instant.parse("2026-06-17T01:59:59Z");
        net.order(HOME2, "c-1", "BUY", 10, 2000);
        TestNet early = new TestNet().configured().withParticipants();
        early.submit(OPERATOR, c -> early.slots.closeSlot(c, SLOT));
        early.refused(ErrorCode.SLOT_CLOSED, HOME2,
                c -> early.orders.submitOrder(c, orderJson("c-1", SLOT, "BUY", 10, 2000, "")));
    }

    @Test
    void cancelOrder() {
        String id = net.order(HOME2, "c-1", "BUY", 1000, 2000).get("orderId").asText();
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.orders.cancelOrder(c, id));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.orders.cancelOrder(c, id));
        net.refused(ErrorCode.NOT_FOUND, HOME2, c -> net.orders.cancelOrder(c, SLOT_KEY + "-" + "0".repeat(40)));
        net.refused(ErrorCode.INVALID_FORMAT, HOME2, c -> net.orders.cancelOrder(c, "b1"));
        JsonNode cancelled = json(net.submit(HOME2, c -> net.orders.cancelOrder(c, id)));
        assertEquals("CANCELLED", cancelled.get("status").asText());
        assertEquals("OrderCancelled", net.lastEvent().getEventName());
        assertFalse(net.lastEventPayload().get("byOperator").asBoolean());
        net.refused(ErrorCode.INVALID_STATE, HOME2, c -> net.orders.cancelOrder(c, id));
        String id2 = net.order(HOME2, "c-2", "BUY", 1000, 2000).get("orderId").asText();
        net.submit(OPERATOR, c -> net.orders.cancelOrder(c, id2));
        assertTrue(net.lastEventPayload().get("byOperator").asBoolean());
        String id3 = net.order(HOME2, "c-3", "BUY", 1000, 2000).get("orderId").asText();
        net.now = Instant.parse("2026-06-17T02:30:00Z");
        net.refused(ErrorCode.SLOT_CLOSED, HOME2, c -> net.orders.cancelOrder(c, id3));
    }

    @Test
    void theBookIsSealedUntilClosure() {
        String id = net.order(HOME1, "c-1", "SELL", 1500, 1800).get("orderId").asText();
        net.order(HOME2, "c-1", "BUY", 1000, 2000);
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.orders.getSlotBook(c, SLOT, "", ""));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.orders.getOrder(c, id));
        assertEquals(1500, json(net.evaluate(HOME1, c -> net.orders.getOrder(c, id))).get("wh").asLong());
        assertTrue(json(net.evaluate(HOME1, c -> net.orders.getOrder(c, id))).get("filledWh").isNull());
        assertEquals(2, json(net.evaluate(AUDITOR, c -> net.orders.getSlotBook(c, SLOT, "", ""))).get("items").size());
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        JsonNode page = json(net.evaluate(HOME2, c -> net.orders.getSlotBook(c, SLOT, "1", "")));
        assertEquals(1, page.get("items").size());
        String bm = page.get("bookmark").asText();
        assertEquals(1, json(net.evaluate(HOME2, c -> net.orders.getSlotBook(c, SLOT, "1", bm))).get("items").size());
        // Closed, not cleared: another participant now reads the order, without a fill yet.
        JsonNode unsealed = json(net.evaluate(HOME2, c -> net.orders.getOrder(c, id)));
        assertEquals(id, unsealed.get("orderId").asText());
        assertEquals(1500, unsealed.get("wh").asLong());
        assertEquals(1800, unsealed.get("price").asLong());
        assertTrue(unsealed.get("filledWh").isNull());
    }

    @Test
    void listMyOrdersPagesOverOwnOrdersOnly() {
        for (int i = 0; i < 5; i++) {
            int k = i;
            net.order(HOME3, "c-" + k, "SELL", 100 + k, 1500);
        }
        net.order(BIZ1, "c-0", "BUY", 100, 2500);
        JsonNode p1 = json(net.evaluate(HOME3, c -> net.orders.listMyOrders(c, "", "2", "")));
        assertEquals(2, p1.get("items").size());
        String b1 = p1.get("bookmark").asText();
        JsonNode p2 = json(net.evaluate(HOME3, c -> net.orders.listMyOrders(c, "", "2", b1)));
        String b2 = p2.get("bookmark").asText();
        JsonNode p3 = json(net.evaluate(HOME3, c -> net.orders.listMyOrders(c, "", "2", b2)));
        assertEquals(1, p3.get("items").size());
        assertEquals("", p3.get("bookmark").asText());
        for (JsonNode p : new JsonNode[] {p1, p2, p3}) {
            for (JsonNode o : p.get("items")) {
                assertEquals("RetailerOrgMSP:home-003", o.get("participant").asText());
            }
        }
        net.refused(ErrorCode.INVALID_FORMAT, HOME3, c -> net.orders.listMyOrders(c, "", "2",
                Ledger.encodeBookmark(Keys.ownerOrder("ExchangeOrgMSP:biz-001", SLOT_KEY, "x"))));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.orders.listMyOrders(c, "", "", ""));
        net.refused(ErrorCode.NOT_REGISTERED, TestIdentity.client("RetailerOrgMSP", "anon", "participant", null),
                c -> net.orders.listMyOrders(c, "", "", ""));
    }
}
