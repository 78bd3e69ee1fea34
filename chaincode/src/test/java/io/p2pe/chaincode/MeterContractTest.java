package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterContractTest {
    private static final String HOME1_ID = "RetailerOrgMSP:home-001";
    private final TestNet net = new TestNet().configured().withParticipants();

    private static String reading(String meterId, long imported, long exported, String extra) {
        return "{\"participant\":\"" + HOME1_ID + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"" + meterId + "\"" + extra + "}";
    }

    @Test
    void meterRecordsOnceAndTheBindingKeyRequiresGridOrgsEndorsement() {
        net.now = AFTER_SLOT;
        JsonNode r = json(net.submit(METER, c -> net.meters.recordMeterReading(c, reading("m-1", 420, 1300, ""))));
        assertEquals(420, r.get("importedWh").asLong());
        assertEquals(1300, r.get("exportedWh").asLong());
        assertEquals(0, r.get("revision").asInt());
        assertEquals("GridOrgMSP", r.get("recordedMsp").asText());
        assertEquals(Set.of(Keys.meter(SLOT_KEY, HOME1_ID), Keys.meterBinding(HOME1_ID)), net.lastWrites.keySet());
        byte[] policy = net.lastParameterWrites.get(Keys.meterBinding(HOME1_ID));
        assertTrue(new String(policy, StandardCharsets.ISO_8859_1).contains("GridOrgMSP"));
        assertEquals("MeterReadingRecorded", net.lastEvent().getEventName());
        assertEquals(HOME1_ID, net.lastEventPayload().get("participant").asText());
        net.refused(ErrorCode.ALREADY_EXISTS, METER, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        assertEquals(1, json(new String(net.stub.snapshot().get(Keys.meterBinding(HOME1_ID)), StandardCharsets.UTF_8))
                .get("readings").asLong());
        assertTrue(net.stub.committedValidationParameter(Keys.meterBinding(HOME1_ID)) != null);
    }

    @Test
    void refusals() {
        net.refused(ErrorCode.INVALID_STATE, METER, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        net.now = AFTER_SLOT;
        TestIdentity foreignMeter = TestIdentity.client("RetailerOrgMSP", "meter", "meter", null);
        net.refused(ErrorCode.FORBIDDEN, foreignMeter, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.meters.recordMeterReading(c,
                reading("m-1", 1, 1, "").replace(HOME1_ID, "RetailerOrgMSP:ghost")));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, METER, c -> net.meters.recordMeterReading(c,
                reading("m-1", -1, 1, ""))).contains("'importedWh'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, METER, c -> net.meters.recordMeterReading(c,
                reading("m 1", 1, 1, ""))).contains("'meterId'"));
        net.refused(ErrorCode.INVALID_FORMAT, METER, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1,
                ",\"reason\":\"x\"")));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.meters.correctMeterReading(c, reading("m-1", 1, 1,
                ",\"reason\":\"x\"")));
    }

    @Test
    void anotherMeterIdConflictsUntilRebound() {
        net.now = AFTER_SLOT;
        net.submit(METER, c -> net.meters.recordMeterReading(c, reading("m-1", 1, 1, "")));
        String next = reading("m-2", 5, 5, "").replace(SLOT, "2026-06-17T12:30+09:00");
        net.now = AFTER_SLOT.plusSeconds(3600);
        assertTrue(net.refused(ErrorCode.CONFLICT, METER, c -> net.meters.recordMeterReading(c, next)).contains("m-1"));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.meters.bindMeter(c, HOME1_ID, "m-2"));
        JsonNode b = json(net.submit(METER, c -> net.meters.bindMeter(c, HOME1_ID, "m-2")));
        assertEquals("m-2", b.get("meterId").asText());
        assertTrue(net.lastParameterWrites.containsKey(Keys.meterBinding(HOME1_ID)));
        assertEquals("MeterBound", net.lastEvent().getEventName());
        net.submit(METER, c -> net.meters.recordMeterReading(c, next));
    }

    @Test
    void correctionIsExplicitAndKeepsHistory() {
        net.now = AFTER_SLOT;
        net.submit(METER, c -> net.meters.recordMeterReading(c, reading("m-1", 420, 0, "")));
        net.refused(ErrorCode.MISSING_FIELD, METER, c -> net.meters.correctMeterReading(c, reading("m-1", 400, 0, "")));
        JsonNode fixed = json(net.submit(METER, c -> net.meters.correctMeterReading(c, reading("m-1", 400, 0,
                ",\"reason\":\"register rollover\""))));
        assertEquals(1, fixed.get("revision").asInt());
        assertEquals("register rollover", fixed.get("correctionReason").asText());
        assertEquals("MeterReadingCorrected", net.lastEvent().getEventName());
        assertEquals(2, net.stub.committedHistory(Keys.meter(SLOT_KEY, HOME1_ID)).size());
        assertTrue(net.lastWrites.containsKey(Keys.meterBinding(HOME1_ID)), "corrections need GridOrg too");
    }

    @Test
    void readingsAreReadableByTheParticipantItsAdminOverseersAndMeters() {
        net.now = AFTER_SLOT;
        String recorded = net.submit(METER, c -> net.meters.recordMeterReading(c, reading("m-1", 420, 0, "")));
        assertEquals(420, json(recorded).get("importedWh").asLong());
        assertEquals(recorded, net.evaluate(HOME1, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(TestNet.RETAILER_ADMIN, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(AUDITOR, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(METER, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT));
        net.refused(ErrorCode.NOT_FOUND, HOME2, c -> net.meters.getMeterReading(c, "RetailerOrgMSP:home-002", SLOT));
    }
}
