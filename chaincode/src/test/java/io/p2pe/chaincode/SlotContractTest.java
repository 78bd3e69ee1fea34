package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Clearing;
import io.p2pe.market.MarketJson;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotContractTest {
    /** After SLOT's gate closure (11:00 JST), before it starts. */
    private static final Instant AFTER_GATE = Instant.parse("2026-06-17T02:10:00Z");

    private final TestNet net = new TestNet().configured().withParticipants();

    private static void book(List<Runnable> orders) {
        orders.forEach(Runnable::run);
    }

    private List<Runnable> standardOrders(TestNet n) {
        return List.of(
                () -> n.order(HOME1, "s-1", "SELL", 2000, 1500),
                () -> n.order(HOME3, "s-1", "SELL", 1000, 1700),
                () -> n.order(RETAILER, "s-1", "SELL", 5000, 2600),
                () -> n.order(HOME2, "b-1", "BUY", 1800, 2200),
                () -> n.order(BIZ1, "b-1", "BUY", 1500, 1900));
    }

    @Test
    void operatorClosesEarlyOthersOnlyAfterGateClosure() {
        net.refused(ErrorCode.SLOT_OPEN, HOME1, c -> net.slots.closeSlot(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.slots.closeSlot(c, SLOT));
        JsonNode open = json(net.evaluate(HOME1, c -> net.slots.getSlot(c, SLOT)));
        assertEquals("OPEN", open.get("status").asText());
        assertEquals("2026-06-17T02:00:00Z", open.get("gateClosure").asText());
        JsonNode closed = json(net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT)));
        assertEquals("CLOSED", closed.get("status").asText());
        assertEquals(1, closed.get("terms").get("configVersion").asLong());
        assertEquals(Set.of(Keys.slot(SLOT_KEY)), net.lastWrites.keySet());
        assertEquals("SlotClosed", net.lastEvent().getEventName());
        String again = net.submit(HOME1, c -> net.slots.closeSlot(c, SLOT));
        assertEquals(closed.toString(), json(again).toString());
        assertTrue(net.lastWrites.isEmpty());
        TestNet late = new TestNet().configured().withParticipants();
        late.now = AFTER_GATE;
        late.submit(METER, c -> late.slots.closeSlot(c, SLOT));
    }

    @Test
    void clearSlotStoresTheEnginesExactInputAndOutput() throws Exception {
        book(standardOrders(net));
        net.refused(ErrorCode.SLOT_OPEN, OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.now = AFTER_GATE;
        JsonNode answer = json(net.submit(HOME2, c -> net.slots.clearSlot(c, SLOT)));
        assertEquals("CLEARED", answer.get("status").asText());
        assertEquals(1, answer.get("clearing").get("resultChunksPublished").asInt());
        assertTrue(net.lastWrites.containsKey(Keys.slot(SLOT_KEY)), "closed and cleared in one transaction");
        // The input is not stored (the orders are): the slot state and the result's one piece are.
        assertEquals(Set.of(Keys.slot(SLOT_KEY), Keys.clearingResultChunk(SLOT_KEY, "main", 0)),
                net.lastWrites.keySet());
        JsonNode ev = net.lastEventPayload();
        JsonNode out = json(net.evaluate(HOME2, c -> net.slots.getClearingResult(c, SLOT)));
        assertEquals(1, out.get("segments").size());
        JsonNode main = out.get("segments").get(0);
        assertEquals("main", main.get("segment").asText());
        String input = main.get("input").asText();
        String result = main.get("result").asText();
        // What `p2pe market clear --input` prints for the rebuilt input.
        assertEquals(MarketJson.writeResult(Clearing.clear(MarketJson.readInput(input))), result);
        assertEquals(result, new String(net.stub.snapshot().get(Keys.clearingResultChunk(SLOT_KEY, "main", 0)),
                java.nio.charset.StandardCharsets.UTF_8));
        JsonNode seg = out.get("clearing").get("segments").get(0);
        assertEquals(result.length(), seg.get("resultBytes").asLong());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(result.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                seg.get("resultChunkDigests").get(0).asText());
        JsonNode r = json(result);
        assertEquals(5, r.get("fills").size());
        // Supply up to 1700: 2000 + 1000 Wh; demand from 1900: 1800 + 1500 Wh; the retailer's 2600
        // is above every bid. The largest tradable volume is min(3000, 3300) = 3000 Wh.
        assertEquals(3000, r.get("volumeWh").asLong());
        assertEquals(r.get("inputDigest").asText(), seg.get("inputDigest").asText());
        assertEquals(5, ev.get("orderCount").asInt());
        assertEquals(r.get("volumeWh").asLong(), ev.get("volumeWh").asLong());
        assertEquals(r.get("inputDigest").asText(), ev.get("segments").get(0).get("inputDigest").asText());
        JsonNode state = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        assertEquals("CLEARED", state.get("status").asText());
        assertEquals(r.get("volumeWh").asLong(), state.get("clearing").get("volumeWh").asLong());
        // Fills show on the orders.
        String id = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "s-1");
        JsonNode o = json(net.evaluate(HOME1, c -> net.orders.getOrder(c, id)));
        assertTrue(r.get("fills").findValues("orderId").stream().map(JsonNode::asText).toList().contains(id));
        // home-001's 2000 Wh at 1500 is below the clearing price: filled whole.
        assertEquals(2000, o.get("filledWh").asLong());
        // Price priority: home-002's bid at 2200 whole (1800 Wh), biz-001's at 1900 gets the rest (1200 Wh).
        assertEquals(1800, json(net.evaluate(HOME2, c -> net.orders.getOrder(c,
                OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-002", "b-1")))).get("filledWh").asLong());
        assertEquals(1200, json(net.evaluate(BIZ1, c -> net.orders.getOrder(c,
                OrderContract.orderId(SLOT_KEY, "ExchangeOrgMSP:biz-001", "b-1")))).get("filledWh").asLong());
        assertEquals(0, json(net.evaluate(RETAILER, c -> net.orders.getOrder(c,
                OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:retailer", "s-1")))).get("filledWh").asLong());
    }

    @Test
    void repeatingClearSlotIsANoOp() {
        book(standardOrders(net));
        net.now = AFTER_GATE;
        String first = net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        String second = net.submit(HOME1, c -> net.slots.clearSlot(c, SLOT));
        assertEquals(first, second);
        assertTrue(net.lastWrites.isEmpty());
        assertTrue(net.lastEvents.isEmpty());
        com.fasterxml.jackson.databind.node.ObjectNode slot =
                (com.fasterxml.jackson.databind.node.ObjectNode) json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        slot.remove("metering");
        assertEquals(json(first), slot, "ClearSlot answers with the slot state");
    }

    @Test
    void clearingWriteSetDoesNotDependOnSubmissionOrder() {
        TestNet a = new TestNet().configured().withParticipants();
        TestNet b = new TestNet().configured().withParticipants();
        List<Runnable> ordersA = standardOrders(a);
        List<Runnable> ordersB = standardOrders(b);
        book(ordersA);
        for (int i = ordersB.size() - 1; i >= 0; i--) {
            ordersB.get(i).run();
        }
        a.now = AFTER_GATE;
        b.now = AFTER_GATE;
        String outA = a.submit(OPERATOR, c -> a.slots.clearSlot(c, SLOT));
        NavigableMap<String, byte[]> writesA = a.lastWrites;
        String outB = b.submit(OPERATOR, c -> b.slots.clearSlot(c, SLOT));
        NavigableMap<String, byte[]> writesB = b.lastWrites;
        assertEquals(outA, outB);
        assertEquals(writesA.keySet(), writesB.keySet());
        for (Map.Entry<String, byte[]> e : writesA.entrySet()) {
            assertArrayEquals(e.getValue(), writesB.get(e.getKey()), e.getKey());
        }
        assertArrayEquals(a.lastEvent().getPayload().toByteArray(), b.lastEvent().getPayload().toByteArray());
    }

    @Test
    void cancelledOrdersAreLeftOut() {
        book(standardOrders(net));
        String id = OrderContract.orderId(SLOT_KEY, "ExchangeOrgMSP:biz-001", "b-1");
        net.submit(BIZ1, c -> net.orders.cancelOrder(c, id));
        net.now = AFTER_GATE;
        JsonNode out = json(net.clearAndRead(OPERATOR, SLOT));
        String input = out.get("segments").get(0).get("input").asText();
        assertFalse(input.contains(id), input);
        assertEquals(4, out.get("clearing").get("orderCount").asInt());
    }

    @Test
    void renewableOnlyBuysClearFirstAgainstRenewableSells() throws Exception {
        net.order(HOME1, "s-1", "SELL", 1000, 1500);
        net.order(RETAILER, "s-1", "SELL", 5000, 1000);
        net.submit(HOME2, c -> net.orders.submitOrder(c, orderJson("b-1", SLOT, "BUY", 1500, 2500,
                ",\"renewableOnly\":true")));
        net.order(BIZ1, "b-1", "BUY", 2000, 2400);
        net.now = AFTER_GATE;
        JsonNode out = json(net.clearAndRead(OPERATOR, SLOT));
        assertEquals(2, out.get("segments").size());
        JsonNode green = out.get("segments").get(0);
        JsonNode main = out.get("segments").get(1);
        assertEquals("renewable", green.get("segment").asText());
        assertEquals("main", main.get("segment").asText());
        String home2 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-002", "b-1");
        String home1 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "s-1");
        String retailer = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:retailer", "s-1");
        JsonNode greenInput = json(green.get("input").asText());
        assertEquals(2, greenInput.get("orders").size());
        assertFalse(green.get("input").asText().contains(retailer));
        JsonNode greenResult = json(green.get("result").asText());
        assertEquals(1000, greenResult.get("volumeWh").asLong());
        assertEquals(home2, greenResult.get("trades").get(0).get("buyOrderId").asText());
        assertEquals(home1, greenResult.get("trades").get(0).get("sellOrderId").asText());
        assertFalse(main.get("input").asText().contains(home2), "renewable-only BUYs stay out of main");
        assertFalse(main.get("input").asText().contains(home1), "home-001 sold out in the renewable segment");
        for (JsonNode seg : out.get("segments")) {
            assertEquals(MarketJson.writeResult(Clearing.clear(MarketJson.readInput(seg.get("input").asText()))),
                    seg.get("result").asText());
        }
        JsonNode o = json(net.evaluate(HOME2, c -> net.orders.getOrder(c, home2)));
        assertEquals(1000, o.get("filledWh").asLong());
    }

    @Test
    void clearSlotRefusals() {
        net.now = AFTER_GATE;
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, METER, c -> net.slots.clearSlot(c, SLOT));
        net.submit(OPERATOR, c -> net.participants.suspendParticipant(c, "RetailerOrgMSP:home-001", "x"));
        net.refused(ErrorCode.PARTICIPANT_SUSPENDED, HOME1, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.NOT_FOUND, AUDITOR, c -> net.slots.getClearingResult(c, SLOT));
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.slots.clearSlot(c, "tomorrow"));
    }

    @Test
    void emptyBookClearsToNothing() {
        net.now = AFTER_GATE;
        JsonNode out = json(net.clearAndRead(OPERATOR, SLOT));
        assertEquals(0, out.get("clearing").get("volumeWh").asLong());
        assertTrue(json(out.get("segments").get(0).get("result").asText()).get("clearingPrice").isNull());
    }
}
