package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.AUDITOR;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One seller (home-001, solar) and one buyer (home-002), PAY_AS_BID: 1000 Wh at
 * floor((2100 + 1500) / 2) = 1800 ticks. Meters: home-001 exported 600 (400 short), home-002
 * imported 1200 (200 beyond its contract), home-003 only imported 100. Tariffs 3000 / 850.
 */
class SettlementContractTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    private static final String H3 = "RetailerOrgMSP:home-003";
    private static final String NEXT = "2026-06-17T12:30+09:00";

    private final TestNet net = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\"}").withParticipants();

    private void tradeAndClear(String slot, long sellWh, long buyWh) {
        net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("s-" + slot.substring(11, 16), slot, "SELL", sellWh, 1500, "")));
        net.submit(HOME2, c -> net.orders.submitOrder(c, orderJson("b-" + slot.substring(11, 16), slot, "BUY", buyWh, 2100, "")));
        Instant saved = net.now;
        net.now = AFTER_SLOT.plusSeconds(7200);
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, slot));
        net.now = saved;
    }

    private void read(String slot, String participant, long imported, long exported) {
        String json = "{\"participant\":\"" + participant + "\",\"slot\":\"" + slot + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"m-" + participant.replace(':', '-') + "\"}";
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, json)));
    }

    private JsonNode settledScenario() {
        tradeAndClear(SLOT, 1000, 1000);
        net.now = AFTER_SLOT;
        read(SLOT, H1, 0, 600);
        read(SLOT, H2, 1200, 0);
        read(SLOT, H3, 100, 0);
        return json(net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT)));
    }

    @Test
    void participationPointsAreCreditedOncePerTraderAndSlotWhenTheProgrammeSetsARate() {
        net.submit(OPERATOR, c -> net.dr.setDrProgram(c, "{\"declarerRoles\":[\"operator\"],"
                + "\"participationPointsPerKwh\":10}"));
        settledScenario();
        // home-001 sold and home-002 bought 1,000 Wh: ⌊1000·10/1000⌋ = 10 points each; home-003 only
        // drew from the retailer: no entry.
        for (String p : new String[] {H1, H2}) {
            JsonNode b = json(net.evaluate(AUDITOR, c -> net.points.getPointsBalance(c, p)));
            assertEquals(10, b.get("points").asLong(), p);
            assertEquals(10, b.get("credited").asLong(), p);
            JsonNode e = json(net.evaluate(AUDITOR, c -> net.points.listPointsEntries(c, p, "", ""))).get("items");
            assertEquals(1, e.size());
            assertEquals("MARKET_CREDIT", e.get(0).get("kind").asText());
            assertEquals("market~" + SLOT_KEY, e.get(0).get("entryId").asText());
            assertEquals(SLOT, e.get(0).get("slot").asText());
        }
        assertEquals(0, json(net.evaluate(AUDITOR, c -> net.points.getPointsBalance(c, H3))).get("points").asLong());
    }

    @Test
    void withoutAParticipationRateSettlementTouchesNoPoints() {
        settledScenario();
        assertTrue(net.lastWrites.keySet().stream().noneMatch(k -> k.contains(Keys.POINTS_BALANCE)),
                net.lastWrites.keySet().toString());
    }

    @Test
    void settlementLinesFollowTheFormulas() {
        JsonNode state = settledScenario();
        assertEquals("SETTLED", state.get("status").asText());
        JsonNode buyer = json(net.evaluate(HOME2, c -> net.settlement.getSettlement(c, H2, SLOT))).get("line");
        assertEquals(1000, buyer.get("boughtWh").asLong());
        assertEquals(1_800_000, buyer.get("p2pCost").asLong());
        assertEquals(200, buyer.get("retailSuppliedWh").asLong());
        assertEquals(600_000, buyer.get("retailCost").asLong());
        assertEquals(0, buyer.get("imbalanceWh").asLong());
        assertEquals(2_400_000, buyer.get("netCost").asLong());
        assertEquals(3_600_000, buyer.get("baselineCost").asLong());
        assertEquals(1_200_000, buyer.get("savings").asLong());
        JsonNode seller = json(net.evaluate(HOME1, c -> net.settlement.getSettlement(c, H1, SLOT))).get("line");
        assertEquals(1_800_000, seller.get("p2pRevenue").asLong());
        assertEquals(400, seller.get("imbalanceWh").asLong());
        assertEquals(400, seller.get("retailSuppliedWh").asLong());
        assertEquals(-600_000, seller.get("netCost").asLong());
        assertEquals(-510_000, seller.get("baselineCost").asLong());
        assertEquals(90_000, seller.get("savings").asLong());
        JsonNode retailOnly = json(net.evaluate(AUDITOR, c -> net.settlement.getSettlement(c, H3, SLOT))).get("line");
        assertEquals(300_000, retailOnly.get("netCost").asLong());
        assertEquals(0, retailOnly.get("savings").asLong());
        JsonNode summary = state.get("settlement");
        assertEquals(3, summary.get("participants").asInt());
        assertEquals(1_290_000, summary.get("savings").asLong());
        assertEquals(600, summary.get("renewableDeliveredWh").asLong());
        assertEquals("SlotSettled", net.lastEvent().getEventName());
        assertEquals(1_290_000, net.lastEventPayload().get("savings").asLong());
    }

    @Test
    void provenanceIsScaledByWhatWasDelivered() {
        settledScenario();
        JsonNode p = json(net.evaluate(HOME2, c -> net.provenance.getProvenance(c, H2, SLOT))).get("provenance");
        assertEquals(1000, p.get("contractedWh").asLong());
        assertEquals(600, p.get("deliveredWh").asLong());
        assertEquals(600, p.get("renewableWh").asLong());
        assertEquals(270_000, p.get("co2AvoidedMg").asLong());
        JsonNode src = p.get("sources").get(0);
        assertEquals(H1, src.get("generator").asText());
        assertEquals("solar", src.get("sourceType").asText());
        assertEquals("tokyo/setagaya/seijo/feeder-3", src.get("location").asText());
        assertEquals(OrderContract.orderId(SLOT_KEY, H1, "s-12:00"), src.get("sellOrderId").asText());
        JsonNode d = json(net.evaluate(HOME1, c -> net.provenance.listDeliveriesByGenerator(c, H1, SLOT, SLOT, "", "")));
        assertEquals(600, d.get("items").get(0).get("deliveries").get("renewableWh").asLong());
        assertEquals(600, d.get("items").get(0).get("deliveries").get("exportedWh").asLong());
        JsonNode share = json(net.evaluate(HOME2, c -> net.provenance.getRenewableShare(c, H2, SLOT, NEXT)));
        assertEquals(1200, share.get("importedWh").asLong());
        assertEquals(600, share.get("renewableWh").asLong());
        assertEquals(5000, share.get("renewableShareBasisPoints").asLong());
        assertEquals(1, share.get("settledSlots").asLong());
        net.refused(ErrorCode.NOT_FOUND, AUDITOR, c -> net.provenance.getProvenance(c, H3, SLOT));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.provenance.getProvenance(c, H2, SLOT));
        net.refused(ErrorCode.FORBIDDEN, HOME3, c -> net.provenance.getRenewableShare(c, H2, SLOT, NEXT));
        net.refused(ErrorCode.OUT_OF_RANGE, HOME2, c -> net.provenance.getRenewableShare(c, H2, NEXT, SLOT));
    }

    @Test
    void periodQueriesScanOnlyTheRequestedSlots() {
        tradeAndClear(SLOT, 1000, 1000);
        tradeAndClear(NEXT, 500, 500);
        tradeAndClear("2026-06-17T13:00+09:00", 700, 700);
        net.now = Instant.parse("2026-06-17T05:00:00Z");
        for (String s : new String[] {SLOT, NEXT, "2026-06-17T13:00+09:00"}) {
            read(s, H1, 0, 2000);
            read(s, H2, 2000, 0);
            net.submit(OPERATOR, c -> net.settlement.settleSlot(c, s));
        }
        JsonNode two = json(net.evaluate(HOME2, c -> net.provenance.listProvenanceByConsumer(c, H2, NEXT,
                "2026-06-17T13:00+09:00", "", "")));
        assertEquals(2, two.get("items").size());
        assertEquals(NEXT, two.get("items").get(0).get("slot").asText());
        JsonNode p1 = json(net.evaluate(HOME2, c -> net.settlement.listSettlements(c, H2, SLOT,
                "2026-06-17T13:00+09:00", "2", "")));
        assertEquals(2, p1.get("items").size());
        String bm = p1.get("bookmark").asText();
        JsonNode p2 = json(net.evaluate(HOME2, c -> net.settlement.listSettlements(c, H2, SLOT,
                "2026-06-17T13:00+09:00", "2", bm)));
        assertEquals(1, p2.get("items").size());
        assertEquals("", p2.get("bookmark").asText());
        JsonNode one = json(net.evaluate(HOME2, c -> net.settlement.listSettlements(c, H2, SLOT, SLOT, "1", "")));
        assertEquals(1, one.get("items").size());
        assertEquals("", one.get("bookmark").asText(), "no next page past toSlot");
        JsonNode share = json(net.evaluate(AUDITOR, c -> net.provenance.getRenewableShare(c, H2, SLOT,
                "2026-06-17T13:00+09:00")));
        assertEquals(3, share.get("settledSlots").asLong());
        assertEquals(2200, share.get("renewableWh").asLong());
    }

    @Test
    void settlementWriteSetDoesNotDependOnTheOrderOfReadings() {
        TestNet a = new TestNet().configured().withParticipants();
        TestNet b = new TestNet().configured().withParticipants();
        for (TestNet n : new TestNet[] {a, b}) {
            twoSellersTwoBuyersCleared(n);
        }
        String[][] readings = {{H1, "0", "1700"}, {H2, "2000", "0"}, {H3, "10", "900"}, {"ExchangeOrgMSP:biz-001",
                "500", "0"}};
        for (String[] r : readings) {
            a.reading(r[0], Long.parseLong(r[1]), Long.parseLong(r[2]));
        }
        for (int i = readings.length - 1; i >= 0; i--) {
            b.reading(readings[i][0], Long.parseLong(readings[i][1]), Long.parseLong(readings[i][2]));
        }
        String outA = a.submit(OPERATOR, c -> a.settlement.settleSlot(c, SLOT));
        var writesA = a.lastWrites;
        var privateA = a.lastPrivateWrites;
        String outB = b.submit(OPERATOR, c -> b.settlement.settleSlot(c, SLOT));
        assertEquals(outA, outB);
        assertEquals(writesA.keySet(), b.lastWrites.keySet());
        writesA.forEach((k, v) -> assertArrayEquals(v, b.lastWrites.get(k), k));
        assertEquals(privateA.keySet(), b.lastPrivateWrites.keySet());
        privateA.forEach((coll, m) -> m.forEach((k, v) -> assertArrayEquals(v, b.lastPrivateWrites.get(coll).get(k), k)));
        // Each record in the collection of its participant's org, none on the public state.
        assertTrue(privateA.get(TestNet.RETAILER_COLLECTION).containsKey(Keys.provenance(H2, SLOT_KEY)));
        assertTrue(privateA.get(TestNet.RETAILER_COLLECTION).containsKey(Keys.delivery(H1, SLOT_KEY)));
        assertTrue(privateA.get("private-ExchangeOrgMSP").containsKey(Keys.settlement("ExchangeOrgMSP:biz-001", SLOT_KEY)));
        assertEquals(Set.of(Keys.settlement("ExchangeOrgMSP:biz-001", SLOT_KEY), Keys.provenance("ExchangeOrgMSP:biz-001",
                SLOT_KEY)), privateA.get("private-ExchangeOrgMSP").keySet());
        assertTrue(writesA.keySet().stream().noneMatch(k -> k.startsWith("\u0000settlement") || k.startsWith("\u0000provenance")
                || k.startsWith("\u0000delivery")), writesA.keySet().toString());
    }

    @Test
    void settleSlotRefusalsAndRepeat() {
        net.now = AFTER_SLOT;
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        net.now = TestNet.BEFORE_GATE;
        tradeAndClear(SLOT, 1000, 1000);
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        net.now = AFTER_SLOT;
        read(SLOT, H1, 0, 600);
        JsonNode metering = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT))).get("metering");
        assertEquals(false, metering.get("metered").asBoolean());
        assertEquals("[\"" + H2 + "\"]", metering.get("missing").toString());
        String msg = net.refused(ErrorCode.MISSING_METER_READING, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertTrue(msg.contains(H2), msg);
        read(SLOT, H2, 1200, 0);
        assertTrue(json(net.evaluate(HOME1, c -> net.slots.getSlot(c, SLOT))).get("metering").get("metered").asBoolean());
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.settlement.settleSlot(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.settlement.settleSlot(c, SLOT));
        String first = net.submit(RETAILER, c -> net.settlement.settleSlot(c, SLOT));
        String again = net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertEquals(first, again);
        assertTrue(net.lastWrites.isEmpty());
        String fix = "{\"participant\":\"" + H1 + "\",\"slot\":\"" + SLOT
                + "\",\"importedWh\":0,\"exportedWh\":700,\"meterId\":\"m-" + H1.replace(':', '-') + "\",\"reason\":\"x\"}";
        net.refused(ErrorCode.INVALID_STATE, METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, fix)));
        net.refused(ErrorCode.NOT_FOUND, HOME3, c -> net.settlement.getSettlement(c, H3, SLOT));
        net.refused(ErrorCode.FORBIDDEN, HOME3, c -> net.settlement.getSettlement(c, H2, SLOT));
    }

    /** home-001 and home-003 sell, home-002 and biz-001 buy; the slot is cleared. */
    private static void twoSellersTwoBuyersCleared(TestNet n) {
        n.order(HOME1, "s-1", "SELL", 2000, 1500);
        n.order(HOME3, "s-1", "SELL", 1000, 1700);
        n.order(HOME2, "b-1", "BUY", 1800, 2200);
        n.order(TestNet.BIZ1, "b-1", "BUY", 900, 2100);
        n.now = AFTER_SLOT;
        n.submit(OPERATOR, c -> n.slots.clearSlot(c, SLOT));
    }

    /** Two sellers and two buyers of two orgs trading across each other, and a metered non-trader. */
    private static TestNet pagedScenario(int pageSize) {
        TestNet n = new TestNet().configured("{\"settlementPageSize\":" + pageSize + "}").withParticipants();
        twoSellersTwoBuyersCleared(n);
        n.reading(H1, 0, 1700);
        n.reading(H2, 2000, 0);
        n.reading(H3, 10, 900);
        n.reading("ExchangeOrgMSP:biz-001", 500, 0);
        n.reading("RetailerOrgMSP:retailer", 300, 0);
        return n;
    }

    /** Every settlement, provenance and delivery record of the slot, without the transaction that wrote it. */
    private static java.util.TreeMap<String, JsonNode> settledRecords(TestNet n) {
        java.util.TreeMap<String, JsonNode> out = new java.util.TreeMap<>();
        for (String coll : new String[] {TestNet.RETAILER_COLLECTION, "private-ExchangeOrgMSP"}) {
            n.stub.privateSnapshot(coll).forEach((k, v) -> {
                if (k.startsWith("\u0000settlement") || k.startsWith("\u0000provenance") || k.startsWith("\u0000delivery")) {
                    com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode)
                            json(new String(v, java.nio.charset.StandardCharsets.UTF_8));
                    r.remove("txId");
                    r.remove("settleTxId");
                    out.put(k, r);
                }
            });
        }
        return out;
    }

    /**
     * A slot with more participants than settlementPageSize settles page by page, in id order:
     * SETTLING until the last page, each page's records exactly what one transaction settling the
     * whole slot writes, the totals the same, the positions gone at the end, readings final from the
     * first page on, and one SlotSettled event, at the end.
     */
    @Test
    void aSlotSettlesInPagesExactlyAsInOneTransaction() {
        TestNet whole = pagedScenario(100);
        JsonNode one = json(whole.submit(OPERATOR, c -> whole.settlement.settleSlot(c, SLOT)));
        assertEquals("SETTLED", one.get("status").asText());
        assertEquals(1, one.get("settlement").get("pages").asInt());
        for (int pageSize : new int[] {1, 2, 3}) {
            TestNet paged = pagedScenario(pageSize);
            // Participants in id order; the first four have orders.
            java.util.List<String> ids = java.util.List.of("ExchangeOrgMSP:biz-001", H1, H2, H3, "RetailerOrgMSP:retailer");
            int pages = (5 + pageSize - 1) / pageSize;
            JsonNode state = null;
            for (int k = 1; k <= pages; k++) {
                state = json(paged.submit(OPERATOR, c -> paged.settlement.settleSlot(c, SLOT)));
                assertEquals(k == pages ? "SETTLED" : "SETTLING", state.get("status").asText(), "page " + k);
                assertEquals(Math.min(5, k * pageSize), state.get("settlement").get("participants").asInt());
                assertEquals(k, state.get("settlement").get("pages").asInt());
                assertEquals(k == pages, paged.lastEvents.stream().anyMatch(e -> e.getEventName().equals("SlotSettled")),
                        "page " + k);
                assertEquals(ids.get(Math.min(5, k * pageSize) - 1), state.get("settlement").get("settledThrough").asText());
                if (k == 1 && pages > 1) {
                    // The positions of the first page's order owners are gone, those of later pages' stay.
                    for (int i = 0; i < 4; i++) {
                        String position = Keys.position(SLOT_KEY, ids.get(i));
                        assertEquals(i >= pageSize, paged.stub.snapshot().containsKey(position), position);
                    }
                    String fix = "{\"participant\":\"" + H1 + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":0,"
                            + "\"exportedWh\":1600,\"meterId\":\"m-" + H1.replace(':', '-') + "\",\"reason\":\"x\"}";
                    String msg = paged.refused(ErrorCode.INVALID_STATE, METER,
                            c -> paged.meters.correctMeterReading(TestNet.withReading(c, fix)));
                    assertTrue(msg.contains("settling"), msg);
                }
            }
            assertEquals(settledRecords(whole), settledRecords(paged), "page size " + pageSize);
            com.fasterxml.jackson.databind.node.ObjectNode a = (com.fasterxml.jackson.databind.node.ObjectNode)
                    one.get("settlement").deepCopy();
            com.fasterxml.jackson.databind.node.ObjectNode b = (com.fasterxml.jackson.databind.node.ObjectNode)
                    state.get("settlement").deepCopy();
            for (var x : new com.fasterxml.jackson.databind.node.ObjectNode[] {a, b}) {
                x.remove("settleTxId");
                x.remove("pages");
            }
            assertEquals(a, b, "page size " + pageSize);
            assertTrue(paged.stub.snapshot().keySet().stream().noneMatch(k -> k.startsWith("\u0000position")));
            String again = paged.submit(OPERATOR, c -> paged.settlement.settleSlot(c, SLOT));
            assertEquals(state, json(again));
            assertTrue(paged.lastWrites.isEmpty());
        }
    }

    /** A page reads the readings of its participants and their counterparties, nobody else's. */
    @Test
    void aPageReadsOnlyItsParticipantsAndTheirCounterpartiesReadings() {
        TestNet n = pagedScenario(1);
        n.submit(OPERATOR, c -> n.settlement.settleSlot(c, SLOT));
        // biz-001 bought from the sellers home-001 and home-003 (a uniform price clears both).
        java.util.Set<String> read = new java.util.TreeSet<>();
        for (String k : n.lastPrivateReads) {
            if (k.contains("meter")) {
                read.add(k);
            }
        }
        assertTrue(read.stream().noneMatch(k -> k.contains("home-002") || k.contains("retailer")), read.toString());
        assertTrue(read.stream().anyMatch(k -> k.contains("biz-001")), read.toString());
    }
}
