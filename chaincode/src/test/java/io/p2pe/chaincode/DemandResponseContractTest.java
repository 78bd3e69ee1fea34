package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * DR events and incentive points on the fake peer. The figures are the worked example of
 * docs/market-rules.md section 12 (also market's BaselineTest): HOME1's baselines for Wed 17 June
 * 17:00 and 17:30 JST are 555 and 570 Wh; it draws 400 and 600, delivering 155 and −30 Wh; at 50
 * points/kWh that is ⌊155·50/1000⌋ = 7 points.
 */
class DemandResponseContractTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    /** 10:00 JST on the event day. */
    private static final Instant MORNING = Instant.parse("2026-06-17T01:00:00Z");
    /** 19:00 JST, after the event's last slot. */
    private static final Instant EVENING = Instant.parse("2026-06-17T10:00:00Z");
    private static final String[] WINDOW = {"12:00", "12:30", "13:00", "13:30", "14:00", "14:30"};

    private final TestNet net = new TestNet().configured().withParticipants();

    private static String event(String id, String direction, String from, String to, String deadline) {
        return "{\"eventId\":\"" + id + "\",\"direction\":\"" + direction + "\",\"fromSlot\":\"" + from
                + "\",\"toSlot\":\"" + to + "\",\"targetWh\":1000,\"pointsPerKwh\":50,\"enrolmentDeadline\":\""
                + deadline + "\"}";
    }

    private static final String EVENT = event("evening-down", "DOWN", "2026-06-17T17:00+09:00",
            "2026-06-17T17:30+09:00", "2026-06-17T06:00:00Z");

    /** A reading of net import {@code netWh} (import when positive, export when negative) at local time. */
    private void read(String participant, String day, String time, long netWh) {
        Instant saved = net.now;
        net.now = EVENING.plusSeconds(86_400);
        String json = "{\"participant\":\"" + participant + "\",\"slot\":\"" + day + "T" + time + "+09:00\","
                + "\"importedWh\":" + Math.max(0, netWh) + ",\"exportedWh\":" + Math.max(0, -netWh)
                + ",\"meterId\":\"m-" + participant.replace(':', '-') + "\"}";
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, json)));
        net.now = saved;
    }

    private void evening(String participant, String day, long at1700, long at1730) {
        read(participant, day, "17:00", at1700);
        read(participant, day, "17:30", at1730);
    }

    /** HOME1's history of the worked example (no reading on Mon 15), the event day's window and a high Mon 8. */
    private void history() {
        evening(H1, "2026-06-16", 500, 520);
        evening(H1, "2026-06-12", 600, 640);
        evening(H1, "2026-06-11", 100, 100);
        evening(H1, "2026-06-10", 450, 470);
        evening(H1, "2026-06-09", 550, 530);
        evening(H1, "2026-06-08", 5_000, 5_000);
        for (String d : List.of("2026-06-16", "2026-06-12", "2026-06-10", "2026-06-09")) {
            for (String t : WINDOW) {
                read(H1, d, t, 300);
            }
        }
        for (String t : WINDOW) {
            read(H1, "2026-06-17", t, t.equals("12:00") ? 331 : 330);
        }
    }

    private JsonNode declared() {
        net.now = MORNING;
        return json(net.submit(OPERATOR, c -> net.dr.declareDrEvent(c, EVENT)));
    }

    private JsonNode measure(TestIdentity who, String participant) {
        return json(net.submit(who, c -> net.dr.measureDrPerformance(c, "evening-down", participant)));
    }

    private long balance(String participant) {
        return json(net.evaluate(AUDITOR, c -> net.points.getPointsBalance(c, participant))).get("points").asLong();
    }

    @Test
    void aDownEventFromDeclarationToClose() {
        JsonNode e = declared();
        assertEquals("OPEN", e.get("status").asText());
        assertEquals(List.of("2026-06-17T17:00+09:00", "2026-06-17T17:30+09:00"),
                List.of(e.get("slots").get(0).asText(), e.get("slots").get(1).asText()));
        assertEquals("DrEventDeclared", net.lastEvent().getEventName());
        JsonNode enrolment = json(net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down")));
        assertEquals(H1, enrolment.get("participant").asText());
        assertEquals(Set.of(Keys.drEnrolment("evening-down", H1), Keys.drDay(H1, "2026-06-17")), net.lastWrites.keySet());
        // Enrolling again returns the enrolment and writes nothing.
        assertEquals(enrolment, json(net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"))));
        assertEquals(Set.of(), net.lastWrites.keySet());
        net.submit(HOME2, c -> net.dr.enrolDrEvent(c, "evening-down"));

        history();
        evening(H1, "2026-06-17", 400, 600);
        evening(H2, "2026-06-17", 700, 700);
        net.now = EVENING;
        JsonNode p = measure(METER, H1);
        assertEquals("ADJUSTED", p.get("baselineStatus").asText());
        assertEquals("HIGH_4_OF_5", p.get("method").asText());
        assertEquals("[\"2026-06-16\",\"2026-06-12\",\"2026-06-10\",\"2026-06-09\"]", p.get("chosenDays").toString());
        assertEquals(30, p.get("adjustmentWh").asLong());
        assertEquals(555, p.get("slots").get(0).get("baselineWh").asLong());
        assertEquals(400, p.get("slots").get(0).get("actualWh").asLong());
        assertEquals(155, p.get("slots").get(0).get("deliveredWh").asLong());
        assertEquals(7, p.get("slots").get(0).get("points").asLong());
        assertEquals(570, p.get("slots").get(1).get("baselineWh").asLong());
        assertEquals(-30, p.get("slots").get(1).get("deliveredWh").asLong());
        assertEquals(0, p.get("slots").get(1).get("creditedWh").asLong());
        assertEquals(125, p.get("deliveredWh").asLong());
        assertEquals(155, p.get("creditedWh").asLong());
        assertEquals(7, p.get("points").asLong());
        // Per-slot metered figures are private; the public summary has the totals only.
        JsonNode summary = json(new String(net.stub.snapshot().get(Keys.drPerformance("evening-down", H1)),
                StandardCharsets.UTF_8));
        assertEquals(0, summary.get("slots").size());
        assertEquals(0, summary.get("chosenDays").size());
        assertEquals(155, summary.get("creditedWh").asLong());
        assertEquals(p, net.committedPrivate(Keys.drPerformance("evening-down", H1)));
        // One credit entry, for the slot that earned points.
        assertEquals(Set.of(Keys.drPerformance("evening-down", H1),
                Keys.pointsEntry(H1, Keys.drCreditEntryId("evening-down", "20260617T0800Z")), Keys.pointsBalance(H1)),
                net.lastWrites.keySet());
        assertEquals(7, balance(H1));
        JsonNode full = json(net.evaluate(HOME1, c -> net.dr.getDrPerformance(c, "evening-down", H1)));
        assertEquals(p, full);
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.dr.getDrPerformance(c, "evening-down", H1));

        // Measuring again (a retry) returns the measurement and credits nothing.
        assertEquals(p, measure(OPERATOR, H1));
        assertEquals(Set.of(), net.lastWrites.keySet());
        assertEquals(7, balance(H1));

        // HOME2 has no history: no baseline, no points, still measured.
        JsonNode p2 = measure(HOME2, H2);
        assertEquals("NO_BASELINE", p2.get("baselineStatus").asText());
        assertEquals(0, p2.get("points").asLong());
        assertEquals(0, balance(H2));

        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dr.closeDrEvent(c, "evening-down"));
        JsonNode closed = json(net.submit(OPERATOR, c -> net.dr.closeDrEvent(c, "evening-down")));
        assertEquals("CLOSED", closed.get("status").asText());
        JsonNode r = closed.get("result");
        assertEquals(2, r.get("enrolled").asInt());
        assertEquals(2, r.get("measured").asInt());
        assertEquals(0, r.get("unmeasured").size());
        assertEquals(125, r.get("deliveredWh").asLong());
        assertEquals(155, r.get("creditedWh").asLong());
        assertEquals(7, r.get("pointsIssued").asLong());
        assertEquals("DrEventClosed", net.lastEvent().getEventName());
        assertEquals(closed, json(net.submit(OPERATOR, c -> net.dr.closeDrEvent(c, "evening-down"))));
        assertEquals(Set.of(), net.lastWrites.keySet());
        assertTrue(net.refused(ErrorCode.INVALID_STATE, METER, c -> net.dr.measureDrPerformance(c, "evening-down", H1))
                .contains("closed"));
    }

    @Test
    void twoMeasurementsOfOneParticipantInOneBlockCreditOnce() {
        declared();
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"));
        history();
        evening(H1, "2026-06-17", 400, 600);
        net.now = EVENING;
        TestNet.Proposal a = net.endorse(METER, c -> net.dr.measureDrPerformance(c, "evening-down", H1));
        TestNet.Proposal b = net.endorse(OPERATOR, c -> net.dr.measureDrPerformance(c, "evening-down", H1));
        assertEquals(List.of(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT), net.commitBlock(a, b));
        assertEquals(7, balance(H1));
        JsonNode entries = json(net.evaluate(HOME1, c -> net.points.listPointsEntries(c, H1, "", "")));
        assertEquals(1, entries.get("items").size());
        assertEquals(7, entries.get("items").get(0).get("points").asLong());
        assertEquals("DR_CREDIT", entries.get("items").get(0).get("kind").asText());
    }

    @Test
    void daysOfTheParticipantsOwnEventsAreLeftOutOfItsBaseline() {
        // A DR event on Tue 16 June that HOME1 enrolled in: Tue 16 is out of its 17 June baseline.
        // Candidates 12, 11, 10, 9, 8 (W = 1240, 200, 920, 1080, 10000; S = 13440; 20·W < 13440 ⇔
        // W < 672: 11 out); chosen 12, 10, 9, 8: b = ⌊(600+450+550+5000)/4⌋ = 1650 and
        // ⌊(640+470+530+5000)/4⌋ = 1660; Mon 8 has no window readings: unadjusted. Delivered
        // 1650 − 400 = 1250 and 1660 − 600 = 1060: ⌊1250·50/1000⌋ + ⌊1060·50/1000⌋ = 62 + 53 = 115 points.
        net.now = Instant.parse("2026-06-16T01:00:00Z");
        net.submit(OPERATOR, c -> net.dr.declareDrEvent(c, event("tuesday", "DOWN", "2026-06-16T17:00+09:00",
                "2026-06-16T17:00+09:00", "2026-06-16T06:00:00Z")));
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "tuesday"));
        declared();
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"));
        history();
        evening(H1, "2026-06-17", 400, 600);
        net.now = EVENING;
        JsonNode p = measure(METER, H1);
        assertEquals("[\"2026-06-12\",\"2026-06-11\",\"2026-06-10\",\"2026-06-09\",\"2026-06-08\"]",
                p.get("candidateDays").toString());
        assertEquals("UNADJUSTED", p.get("baselineStatus").asText());
        assertEquals(1650, p.get("slots").get(0).get("baselineWh").asLong());
        assertEquals(1660, p.get("slots").get(1).get("baselineWh").asLong());
        assertEquals(115, p.get("points").asLong());
        assertEquals(115, balance(H1));
    }

    @Test
    void declarationRefusals() {
        net.now = MORNING;
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dr.declareDrEvent(c, EVENT));
        assertTrue(net.refused(ErrorCode.FORBIDDEN, RETAILER, c -> net.dr.declareDrEvent(c, EVENT))
                .contains("declarerRoles"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                c -> net.dr.declareDrEvent(c, EVENT.replace("evening-down", "bad id"))).contains("'eventId'"));
        assertTrue(net.refused(ErrorCode.UNKNOWN_VALUE, OPERATOR,
                c -> net.dr.declareDrEvent(c, EVENT.replace("DOWN", "SIDEWAYS"))).contains("'direction'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c,
                EVENT.replace("\"targetWh\":1000", "\"targetWh\":0"))).contains("'targetWh'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c,
                EVENT.replace("\"pointsPerKwh\":50", "\"pointsPerKwh\":1000001"))).contains("'pointsPerKwh'"));
        assertTrue(net.refused(ErrorCode.MISSING_FIELD, OPERATOR, c -> net.dr.declareDrEvent(c,
                EVENT.replace("\"targetWh\":1000,", ""))).contains("'targetWh'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T17:30+09:00", "2026-06-17T17:00+09:00", "2026-06-17T06:00:00Z"))).contains("'toSlot'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T17:00+09:00", "2026-06-17T23:30+09:00", "2026-06-17T06:00:00Z"))).contains("12 slots"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T23:30+09:00", "2026-06-18T00:00+09:00", "2026-06-17T06:00:00Z"))).contains("one day"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T17:00+09:00", "2026-06-17T17:00+09:00", "2026-06-17T08:30:00Z"))).contains("first slot"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T17:00+09:00", "2026-06-17T17:00+09:00", "2026-06-17T00:30:00Z"))).contains("market time"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T17:00+09:00", "2026-06-17T17:00+09:00", "tomorrow"))).contains("'enrolmentDeadline'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.dr.declareDrEvent(c, event("e", "DOWN",
                "2026-06-17T08:00Z", "2026-06-17T17:00+09:00", "2026-06-17T06:00:00Z"))).contains("'fromSlot'"));
        net.submit(OPERATOR, c -> net.dr.declareDrEvent(c, EVENT));
        net.refused(ErrorCode.ALREADY_EXISTS, OPERATOR, c -> net.dr.declareDrEvent(c, EVENT));
    }

    @Test
    void retailersDeclareWhenTheProgrammeLetsThem() {
        net.now = MORNING;
        net.refused(ErrorCode.FORBIDDEN, RETAILER, c -> net.dr.setDrProgram(c, "{\"declarerRoles\":[\"operator\",\"retailer\"]}"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.dr.setDrProgram(c,
                "{\"declarerRoles\":[\"retailer\"]}")).contains("'declarerRoles'"));
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.dr.setDrProgram(c, "{\"declarerRoles\":[\"meter\"]}"));
        assertEquals(0, json(net.evaluate(HOME1, c -> net.dr.getDrProgram(c))).get("version").asLong());
        JsonNode program = json(net.submit(OPERATOR, c -> net.dr.setDrProgram(c,
                "{\"declarerRoles\":[\"retailer\",\"operator\"]}")));
        assertEquals("[\"operator\",\"retailer\"]", program.get("declarerRoles").toString());
        assertEquals(1, program.get("version").asLong());
        JsonNode e = json(net.submit(RETAILER, c -> net.dr.declareDrEvent(c, EVENT)));
        assertEquals("RetailerOrgMSP", e.get("declaredMsp").asText());
        // The declarer lists the enrolments and closes its event; another retailer-org client cannot.
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"));
        assertEquals(1, json(net.evaluate(RETAILER, c -> net.dr.listDrEnrolments(c, "evening-down", "", "")))
                .get("items").size());
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dr.listDrEnrolments(c, "evening-down", "", ""));
        net.now = EVENING;
        JsonNode closed = json(net.submit(RETAILER, c -> net.dr.closeDrEvent(c, "evening-down")));
        assertEquals("[\"" + H1 + "\"]", closed.get("result").get("unmeasured").toString());
        assertEquals(0, closed.get("result").get("measured").asInt());
    }

    @Test
    void enrolmentAndMeasurementRefusals() {
        declared();
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.dr.enrolDrEvent(c, "no-such-event"));
        net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.dr.enrolDrEvent(c, "bad id"));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.dr.enrolDrEvent(c, "evening-down"));
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"));
        net.refused(ErrorCode.INVALID_STATE, METER, c -> net.dr.measureDrPerformance(c, "evening-down", H1));
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.dr.closeDrEvent(c, "evening-down"));
        net.now = Instant.parse("2026-06-17T06:00:00Z");
        assertTrue(net.refused(ErrorCode.INVALID_STATE, HOME2, c -> net.dr.enrolDrEvent(c, "evening-down"))
                .contains("closed at 2026-06-17T06:00:00Z"));
        net.now = EVENING;
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.dr.measureDrPerformance(c, "evening-down",
                "RetailerOrgMSP:home-003"));
        read(H1, "2026-06-17", "17:00", 400);
        assertTrue(net.refused(ErrorCode.MISSING_METER_READING, METER,
                c -> net.dr.measureDrPerformance(c, "evening-down", H1)).contains("2026-06-17T17:30+09:00"));
        TestIdentity roleless = TestIdentity.client("GridOrgMSP", "someone", null, null);
        net.refused(ErrorCode.FORBIDDEN, roleless, c -> net.dr.measureDrPerformance(c, "evening-down", H1));
        net.refused(ErrorCode.NOT_FOUND, HOME3, c -> net.dr.getDrPerformance(c, "evening-down",
                "RetailerOrgMSP:home-003"));
    }

    @Test
    void pointsTransferAndRedemption() {
        declared();
        net.submit(HOME1, c -> net.dr.enrolDrEvent(c, "evening-down"));
        history();
        evening(H1, "2026-06-17", 400, 600);
        net.now = EVENING;
        measure(METER, H1);
        JsonNode out = json(net.submit(HOME1, c -> net.points.transferPoints(c,
                "{\"to\":\"" + H2 + "\",\"points\":3,\"memo\":\"thanks\"}")));
        assertEquals("TRANSFER_OUT", out.get("kind").asText());
        assertEquals(-3, out.get("points").asLong());
        assertEquals(4, out.get("balance").asLong());
        assertEquals(4, balance(H1));
        assertEquals(3, balance(H2));
        assertEquals("PointsTransferred", net.lastEvent().getEventName());
        assertTrue(net.refused(ErrorCode.INSUFFICIENT_POINTS, HOME1, c -> net.points.transferPoints(c,
                "{\"to\":\"" + H2 + "\",\"points\":5}")).contains("holds 4"));
        net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.points.transferPoints(c, "{\"to\":\"" + H1 + "\",\"points\":1}"));
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.points.transferPoints(c,
                "{\"to\":\"RetailerOrgMSP:ghost\",\"points\":1}"));
        net.refused(ErrorCode.OUT_OF_RANGE, HOME1, c -> net.points.transferPoints(c, "{\"to\":\"" + H2 + "\",\"points\":0}"));
        net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.points.transferPoints(c,
                "{\"to\":\"" + H2 + "\",\"points\":1,\"memo\":\"no\\nnewlines\"}"));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.points.transferPoints(c, "{\"to\":\"" + H2 + "\",\"points\":1}"));

        JsonNode redeemed = json(net.submit(OPERATOR, c -> net.points.redeemPoints(c,
                "{\"participant\":\"" + H1 + "\",\"points\":2,\"reference\":\"setagaya-pay:2026-0617-001\"}")));
        assertEquals("REDEMPTION", redeemed.get("kind").asText());
        JsonNode b = json(net.evaluate(HOME1, c -> net.points.getPointsBalance(c, H1)));
        assertEquals(2, b.get("points").asLong());
        assertEquals(7, b.get("credited").asLong());
        assertEquals(2, b.get("redeemed").asLong());
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.points.redeemPoints(c,
                "{\"participant\":\"" + H1 + "\",\"points\":1,\"reference\":\"x\"}"));
        net.refused(ErrorCode.INSUFFICIENT_POINTS, OPERATOR, c -> net.points.redeemPoints(c,
                "{\"participant\":\"" + H1 + "\",\"points\":3,\"reference\":\"x\"}"));
        net.refused(ErrorCode.MISSING_FIELD, OPERATOR, c -> net.points.redeemPoints(c,
                "{\"participant\":\"" + H1 + "\",\"points\":1}"));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.points.getPointsBalance(c, H1));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.points.listPointsEntries(c, H1, "", ""));
        // History in entry-id order: the credit, the redemption, the transfer.
        JsonNode entries = json(net.evaluate(AUDITOR, c -> net.points.listPointsEntries(c, H1, "", ""))).get("items");
        assertEquals(3, entries.size());
        assertEquals(List.of("DR_CREDIT", "REDEMPTION", "TRANSFER_OUT"), List.of(entries.get(0).get("kind").asText(),
                entries.get(1).get("kind").asText(), entries.get(2).get("kind").asText()));
    }
}
