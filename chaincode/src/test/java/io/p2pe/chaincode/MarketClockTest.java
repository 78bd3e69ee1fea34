package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The market clock: in LEDGER mode every time rule follows the operator's ledger time and a client
 * cannot move it with the transaction timestamp. SLOT is 2026-06-17T03:00Z-03:30Z, gate 02:00Z.
 */
class MarketClockTest {
    /** A transaction timestamp long after SLOT ended: a forward-dated client. */
    private static final Instant FORWARD = Instant.parse("2026-06-20T00:00:00Z");
    /** A transaction timestamp long before SLOT's gate: a backdated client. */
    private static final Instant BACK = Instant.parse("2026-06-10T00:00:00Z");

    private final TestNet net = new TestNet().configured("{\"clockMode\":\"LEDGER\",\"mechanism\":\"PAY_AS_BID\"}")
            .withParticipants();

    private String advance(String time) {
        return net.submit(OPERATOR, c -> net.config.advanceLedgerTime(c, time));
    }

    private JsonNode clock(TestIdentity who) {
        return json(net.evaluate(who, c -> net.config.getMarketClock(c)));
    }

    private String reading(String participant) {
        return "{\"participant\":\"" + participant + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":10,\"exportedWh\":0,"
                + "\"meterId\":\"m-1\"}";
    }

    @Test
    void timestampModeIsTheDefaultAndHasNoLedgerTime() {
        TestNet plain = new TestNet().configured();
        assertEquals("TIMESTAMP", json(plain.evaluate(HOME1, c -> plain.config.getMarketConfig(c)))
                .get("clockMode").asText());
        JsonNode c = json(plain.evaluate(HOME1, x -> plain.config.getMarketClock(x)));
        assertEquals("TIMESTAMP", c.get("clockMode").asText());
        assertTrue(c.get("ledgerTime").isNull());
        String msg = plain.refused(ErrorCode.INVALID_STATE, OPERATOR,
                x -> plain.config.advanceLedgerTime(x, "2026-06-17T12:00+09:00"));
        assertTrue(msg.contains("TIMESTAMP"), msg);
        assertEquals("TIMESTAMP", plain.lastEventPayload().get("clockMode").asText());
    }

    @Test
    void advanceStoresTheClockInItsOwnKeyAndEmitsAnEvent() {
        JsonNode c = json(advance("2026-06-17T10:00+09:00"));
        assertEquals("LEDGER", c.get("clockMode").asText());
        assertEquals("2026-06-17T01:00:00Z", c.get("ledgerTime").asText());
        assertEquals(net.lastWrites.keySet(), java.util.Set.of(Keys.clock()));
        assertEquals("LedgerTimeAdvanced", net.lastEvent().getEventName());
        assertEquals("2026-06-17T01:00:00Z", net.lastEventPayload().get("ledgerTime").asText());
        JsonNode read = clock(HOME1);
        assertEquals("LEDGER", read.get("clockMode").asText());
        assertEquals("2026-06-17T01:00:00Z", read.get("ledgerTime").asText());
        assertEquals(c.get("txId").asText(), json(new String(net.stub.snapshot().get(Keys.clock()),
                java.nio.charset.StandardCharsets.UTF_8)).get("txId").asText());
    }

    @Test
    void theClockIsMonotonicAndEqualIsANoOp() {
        advance("2026-06-17T03:00:00Z");
        String first = advance("2026-06-17T12:30+09:00");
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR,
                c -> net.config.advanceLedgerTime(c, "2026-06-17T03:29:59Z"));
        assertTrue(msg.contains("'time'") && msg.contains("2026-06-17T03:30:00Z"), msg);
        assertEquals(first, advance("2026-06-17T03:30:00Z"));
        assertTrue(net.lastWrites.isEmpty());
        assertTrue(net.lastEvents.isEmpty());
    }

    @Test
    void badTimesAreRefusedNamingTheField() {
        net.refused(ErrorCode.MISSING_FIELD, OPERATOR, c -> net.config.advanceLedgerTime(c, ""));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                c -> net.config.advanceLedgerTime(c, "2026-06-17T12:00")).contains("'time'"));
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.config.advanceLedgerTime(c, "tomorrow"));
        net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.config.advanceLedgerTime(c, "1999-12-31T23:59:59Z"));
    }

    @Test
    void onlyTheOperatorOfAnAllowedMspAdvancesTheClock() {
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.config.advanceLedgerTime(c, "2026-06-17T12:00+09:00"));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.config.advanceLedgerTime(c, "2026-06-17T12:00+09:00"));
        net.refused(ErrorCode.FORBIDDEN, METER, c -> net.config.advanceLedgerTime(c, "2026-06-17T12:00+09:00"));
        TestIdentity rogue = TestIdentity.client("RetailerOrgMSP", "rogue", "operator", null);
        net.refused(ErrorCode.FORBIDDEN, rogue, c -> net.config.advanceLedgerTime(c, "2026-06-17T12:00+09:00"));
    }

    @Test
    void getMarketClockNeedsAP2peRole() {
        TestIdentity nobody = TestIdentity.client("RetailerOrgMSP", "nobody", null, null);
        net.refused(ErrorCode.FORBIDDEN, nobody, c -> net.config.getMarketClock(c));
        TestIdentity forged = TestIdentity.client("RetailerOrgMSP", "forged-meter", "meter", null);
        net.refused(ErrorCode.FORBIDDEN, forged, c -> net.config.getMarketClock(c));
        assertTrue(clock(METER).get("ledgerTime").isNull());
    }

    @Test
    void everyTimeRuleRefusesBeforeTheClockIsSet() {
        net.now = FORWARD;
        net.refused(ErrorCode.CLOCK_NOT_SET, HOME1,
                c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1500, "")));
        net.refused(ErrorCode.CLOCK_NOT_SET, HOME1, c -> net.slots.closeSlot(c, SLOT));
        net.refused(ErrorCode.CLOCK_NOT_SET, HOME1, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.CLOCK_NOT_SET, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("RetailerOrgMSP:home-001"))));
        // The operator may close early without a clock (market halt); settlement still needs it.
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.CLOCK_NOT_SET, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
    }

    @Test
    void gateClosureFollowsLedgerTimeNotTheTimestamp() {
        advance("2026-06-17T01:59:59Z");
        net.now = FORWARD;
        JsonNode order = json(net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1500,
                ""))));
        assertEquals("OPEN", order.get("status").asText());
        assertTrue(net.lastReads.contains(Keys.clock()), "an order reads the clock key, so an advance invalidates it");
        String msg = net.refused(ErrorCode.SLOT_OPEN, HOME2, c -> net.slots.closeSlot(c, SLOT));
        assertTrue(msg.contains("ledger time 2026-06-17T01:59:59Z"), msg);
        net.refused(ErrorCode.SLOT_OPEN, HOME2, c -> net.slots.clearSlot(c, SLOT));

        advance("2026-06-17T02:00:00Z");
        net.now = BACK;
        msg = net.refused(ErrorCode.SLOT_CLOSED, HOME2,
                c -> net.orders.submitOrder(c, orderJson("b-1", SLOT, "BUY", 10, 2000, "")));
        assertTrue(msg.contains("ledger time 2026-06-17T02:00:00Z"), msg);
        net.refused(ErrorCode.SLOT_CLOSED, HOME1, c -> net.orders.cancelOrder(c, order.get("orderId").asText()));
        assertEquals("CLOSED", json(net.submit(HOME2, c -> net.slots.closeSlot(c, SLOT))).get("status").asText());
    }

    @Test
    void clearingAfterTheLedgerGateNeedsNoForwardTimestamp() {
        advance("2026-06-17T01:00:00Z");
        net.order(HOME1, "s-1", "SELL", 10, 1500);
        net.order(HOME2, "b-1", "BUY", 10, 2000);
        advance("2026-06-17T02:00:00Z");
        net.now = BACK;
        JsonNode cleared = json(net.submit(HOME2, c -> net.slots.clearSlot(c, SLOT)));
        assertEquals(10, cleared.get("clearing").get("volumeWh").asLong());
    }

    @Test
    void orderWindowFollowsLedgerTime() {
        advance("2026-06-09T00:00:00Z");
        net.now = Instant.parse("2026-06-17T00:00:00Z");
        String msg = net.refused(ErrorCode.OUT_OF_RANGE, HOME1,
                c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1500, "")));
        assertTrue(msg.contains("7 days") && msg.contains("ledger time 2026-06-09T00:00:00Z"), msg);
        advance("2026-06-10T03:00:00Z");
        net.now = BACK.minusSeconds(30L * 86400);
        net.order(HOME1, "s-1", "SELL", 10, 1500);
    }

    @Test
    void readingsAndSettlementFollowLedgerTime() {
        advance("2026-06-17T01:00:00Z");
        net.order(HOME1, "s-1", "SELL", 10, 1500);
        net.order(HOME2, "b-1", "BUY", 10, 2000);
        advance("2026-06-17T03:29:59Z");
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.now = FORWARD;
        String msg = net.refused(ErrorCode.INVALID_STATE, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("RetailerOrgMSP:home-001"))));
        assertTrue(msg.contains("ledger time 2026-06-17T03:29:59Z"), msg);
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));

        advance("2026-06-17T03:30:00Z");
        net.now = BACK;
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("RetailerOrgMSP:home-001"))));
        String h2 = reading("RetailerOrgMSP:home-002").replace("m-1", "m-2");
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, h2)));
        assertEquals("SETTLED", json(net.submit(RETAILER, c -> net.settlement.settleSlot(c, SLOT)))
                .get("status").asText());
    }

    @Test
    void switchingTheClockModeRestartsTheLedgerClock() {
        advance("2026-06-17T12:00+09:00");
        net.configured("{\"clockMode\":\"TIMESTAMP\"}");
        assertTrue(net.lastWrites.containsKey(Keys.clock()), "the old clock is deleted");
        JsonNode c = clock(HOME1);
        assertEquals("TIMESTAMP", c.get("clockMode").asText());
        assertTrue(c.get("ledgerTime").isNull());
        net.configured("{\"clockMode\":\"LEDGER\"}");
        assertTrue(clock(HOME1).get("ledgerTime").isNull());
        assertEquals("2026-06-17T00:00:00Z", json(advance("2026-06-17T09:00+09:00")).get("ledgerTime").asText());
        // A change that keeps LEDGER keeps the clock.
        net.configured("{\"clockMode\":\"LEDGER\",\"retailTariff\":2900}");
        assertEquals("2026-06-17T00:00:00Z", clock(HOME1).get("ledgerTime").asText());
    }
}
