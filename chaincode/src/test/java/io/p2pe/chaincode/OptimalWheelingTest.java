package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.EXCHANGE_ADMIN;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * OPTIMAL (MAX_WELFARE) with wheeling fees through the chaincode: the fees come from the
 * configuration's levels and the grid distance between the participants' registered locations,
 * the slot clears to the hand-computed optimum, and settlement charges each buyer its trades'
 * fees. The same book runs on the real network in {@code OptimalWheelingIT}.
 *
 * <p>Levels {@code [0, 150, 300, 450]} ticks/kWh. Locations (grid distance, market-rules §3: the
 * longer path's segments minus the shared leading ones): b1 home-001 {@code
 * tokyo/setagaya/seijo/feeder-3}, b2 home-002 {@code …/seijo/feeder-2}; s1 biz-001 {@code
 * …/seijo/feeder-1} (distance 1 to both, fee 150), s2 home-003 {@code …/seijo/feeder-2} (0 to b2,
 * fee 0; 1 to b1, fee 150), s3 home-004 {@code tokyo/setagaya/kinuta/feeder-1} (2 to both, fee
 * 300).
 *
 * <pre>
 * order  side  Wh    price   pair surplus s = buy − sell − fee
 * b1     BUY   2000  2000    b1–s1 2000−1000−150 = 850   b1–s2 2000−1200−150 = 650   b1–s3 2000−1150−300 = 550
 * b2     BUY   1500  1400    b2–s1 1400−1000−150 = 250   b2–s2 1400−1200−0   = 200   b2–s3 1400−1150−300 = −50 (infeasible)
 * s1     SELL  1000  1000
 * s2     SELL  1000  1200
 * s3     SELL  1000  1150
 * </pre>
 *
 * The optimum sells every SELL: b1–s1 1000, b1–s3 1000, b2–s2 1000, surplus 850,000 + 550,000 +
 * 200,000 = 1,600,000. It is the only one: the duals u(b1) = 500, u(b2) = 0 (b2 keeps 500 Wh unfilled),
 * v(s1) = 350, v(s2) = 200, v(s3) = 50 are feasible (u + v ≥ s on every pair), have the same
 * objective (2000 × 500 + 1000 × (350 + 200 + 50) = 1,600,000), and leave b1–s2 (500 + 200 − 650 =
 * 50) and b2–s1 (0 + 350 − 250 = 100) strictly unprofitable, so every optimum avoids both pairs,
 * and with every v > 0 sells all of s1, s2, s3. Pair prices (seller's price + floor(s / 2)):
 * b1–s1 1000 + 425 = 1425, b1–s3 1150 + 275 = 1425, b2–s2 1200 + 100 = 1300.
 */
class OptimalWheelingTest {
    private static final TestIdentity HOME4 = TestIdentity.client("RetailerOrgMSP", "home-004", "participant",
            "home-004");
    private static final String B1 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "b1");
    private static final String B2 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-002", "b2");
    private static final String S1 = OrderContract.orderId(SLOT_KEY, "ExchangeOrgMSP:biz-001", "s1");
    private static final String S2 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-003", "s2");
    private static final String S3 = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-004", "s3");

    private final TestNet net = new TestNet().configured(
            "{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"wheelingLevels\":[0,150,300,450]}");

    private void register(TestIdentity admin, String participant, String location) {
        net.register(admin, "{\"participant\":\"" + participant + "\",\"kind\":\"HOUSEHOLD\",\"location\":\""
                + location + "\"}");
    }

    private void order(TestIdentity who, String clientOrderId, String side, long wh, long price) {
        net.submit(who, c -> net.orders.submitOrder(c, orderJson(clientOrderId, SLOT, side, wh, price, "")));
    }

    /** The book above, closed and cleared after its gate closure; the clearing as GetClearingResult answers it. */
    private JsonNode cleared() {
        register(RETAILER_ADMIN, "home-001", "tokyo/setagaya/seijo/feeder-3");
        register(RETAILER_ADMIN, "home-002", "tokyo/setagaya/seijo/feeder-2");
        register(EXCHANGE_ADMIN, "biz-001", "tokyo/setagaya/seijo/feeder-1");
        register(RETAILER_ADMIN, "home-003", "tokyo/setagaya/seijo/feeder-2");
        register(RETAILER_ADMIN, "home-004", "tokyo/setagaya/kinuta/feeder-1");
        order(HOME1, "b1", "BUY", 2000, 2000);
        order(HOME2, "b2", "BUY", 1500, 1400);
        order(BIZ1, "s1", "SELL", 1000, 1000);
        order(HOME3, "s2", "SELL", 1000, 1200);
        order(HOME4, "s3", "SELL", 1000, 1150);
        net.now = Instant.parse("2026-06-17T02:10:00Z");
        return json(net.clearAndRead(OPERATOR, SLOT));
    }

    private static Set<String> trades(JsonNode result) {
        Set<String> out = new TreeSet<>();
        for (JsonNode t : result.get("trades")) {
            out.add(t.get("buyOrderId").asText() + " " + t.get("sellOrderId").asText() + " " + t.get("wh").asLong()
                    + " Wh at " + t.get("price").asLong() + " fee " + t.get("wheelingFee").asLong());
        }
        return out;
    }

    @Test
    void theSlotClearsToTheWelfareOptimumWithTheFeesOfTheParticipantsDistances() {
        JsonNode out = cleared();
        assertEquals(1, out.get("segments").size());
        JsonNode input = json(out.get("segments").get(0).get("input").asText());
        assertEquals("[0,150,300,450]", input.get("wheeling").get("levels").toString());
        Map<String, String> locations = new TreeMap<>();
        input.get("orders").forEach(o -> locations.put(o.get("id").asText(), o.get("location").asText()));
        assertEquals(Map.of(B1, "tokyo/setagaya/seijo/feeder-3", B2, "tokyo/setagaya/seijo/feeder-2",
                S1, "tokyo/setagaya/seijo/feeder-1", S2, "tokyo/setagaya/seijo/feeder-2",
                S3, "tokyo/setagaya/kinuta/feeder-1"), locations);

        JsonNode result = json(out.get("segments").get(0).get("result").asText());
        assertEquals("OPTIMAL", result.get("mechanism").asText());
        assertEquals("MAX_WELFARE", result.get("objective").asText());
        assertEquals(Set.of(B1 + " " + S1 + " 1000 Wh at 1425 fee 150", B1 + " " + S3 + " 1000 Wh at 1425 fee 300",
                B2 + " " + S2 + " 1000 Wh at 1300 fee 0"), trades(result));
        assertEquals(3000, result.get("volumeWh").asLong());
        assertEquals(1_600_000, result.get("surplus").asLong());
        assertEquals(true, result.get("clearingPrice").isNull());
        Map<String, Long> fills = new TreeMap<>();
        result.get("fills").forEach(f -> fills.put(f.get("orderId").asText(), f.get("filledWh").asLong()));
        assertEquals(Map.of(B1, 2000L, B2, 1000L, S1, 1000L, S2, 1000L, S3, 1000L), fills);

        JsonNode state = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        assertEquals("[0,150,300,450]", state.get("terms").get("wheelingLevels").toString());
        assertEquals(1_600_000, state.get("clearing").get("surplus").asLong());
    }

    @Test
    void settlementChargesEachBuyerItsTradesFees() {
        cleared();
        net.now = AFTER_SLOT;
        // Every trader metered exactly what it traded; b2 also drew 500 Wh the market did not supply.
        for (Object[] r : List.of(new Object[] {"RetailerOrgMSP:home-001", 2000L, 0L},
                new Object[] {"RetailerOrgMSP:home-002", 1500L, 0L}, new Object[] {"ExchangeOrgMSP:biz-001", 0L, 1000L},
                new Object[] {"RetailerOrgMSP:home-003", 0L, 1000L}, new Object[] {"RetailerOrgMSP:home-004", 0L, 1000L})) {
            String json = "{\"participant\":\"" + r[0] + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":" + r[1]
                    + ",\"exportedWh\":" + r[2] + ",\"meterId\":\"m-" + ((String) r[0]).replace(':', '-') + "\"}";
            net.submit(TestNet.METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, json)));
        }
        JsonNode state = json(net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT)));
        // Wheeling money = fee (ticks/kWh) × Wh: b1 150 × 1000 + 300 × 1000; b2's trade is fee 0. Buyers
        // pay 3,300,000 + 1,300,000 = sellers' 1,425,000 + 1,300,000 + 1,425,000 + the 450,000 wheeling.
        assertEquals(450_000, state.get("settlement").get("wheelingFees").asLong());

        JsonNode b1 = line("RetailerOrgMSP:home-001");
        assertEquals(2000, b1.get("boughtWh").asLong());
        assertEquals(450_000, b1.get("wheelingFees").asLong());
        // 1000 × (1425 + 150) + 1000 × (1425 + 300)
        assertEquals(3_300_000, b1.get("p2pCost").asLong());
        JsonNode b2 = line("RetailerOrgMSP:home-002");
        assertEquals(0, b2.get("wheelingFees").asLong());
        assertEquals(1_300_000, b2.get("p2pCost").asLong());
        assertEquals(500, b2.get("retailSuppliedWh").asLong());
        assertEquals(1_425_000, line("ExchangeOrgMSP:biz-001").get("p2pRevenue").asLong());
        assertEquals(1_300_000, line("RetailerOrgMSP:home-003").get("p2pRevenue").asLong());
        assertEquals(1_425_000, line("RetailerOrgMSP:home-004").get("p2pRevenue").asLong());
    }

    private JsonNode line(String participant) {
        return json(net.evaluate(AUDITOR, c -> net.settlement.getSettlement(c, participant, SLOT))).get("line");
    }
}
