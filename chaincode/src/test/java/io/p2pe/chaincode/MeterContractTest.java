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
    void meterRecordsOnceInTheMeterCollection() {
        net.now = AFTER_SLOT;
        JsonNode r = json(net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 420, 1300, "")))));
        // The receipt (a return value, in every org's blocks) has no flows and no meter id.
        assertEquals(null, r.get("importedWh"));
        assertEquals(null, r.get("exportedWh"));
        assertEquals(null, r.get("meterId"));
        assertEquals(0, r.get("revision").asInt());
        JsonNode stored = net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID));
        assertEquals(420, stored.get("importedWh").asLong());
        assertEquals(1300, stored.get("exportedWh").asLong());
        assertEquals(32, stored.get("salt").asText().length(), "128 bits of salt, hex");
        assertEquals(java.util.HexFormat.of().formatHex(PrivateRecords.sha256(net.stub.privateSnapshot(
                TestNet.RETAILER_COLLECTION).get(Keys.meter(SLOT_KEY, HOME1_ID)))), r.get("privateHash").asText());
        assertEquals("GridOrgMSP", r.get("recordedMsp").asText());
        // The reading and the binding are private; the public state gets the slot's index entry only.
        assertEquals(Set.of(Keys.meter(SLOT_KEY, HOME1_ID), Keys.meterBinding(HOME1_ID)),
                net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).keySet());
        assertEquals(Set.of(Keys.metered(SLOT_KEY, HOME1_ID)), net.lastWrites.keySet());
        assertEquals(Set.of(Keys.meter(SLOT_KEY, HOME1_ID)),
                net.lastPrivateParameterWrites.get(TestNet.RETAILER_COLLECTION).keySet(), "no key-level policy on the binding");
        String readingPolicy = new String(net.lastPrivateParameterWrites.get(TestNet.RETAILER_COLLECTION)
                .get(Keys.meter(SLOT_KEY, HOME1_ID)), StandardCharsets.ISO_8859_1);
        assertTrue(readingPolicy.contains("GridOrgMSP") && readingPolicy.contains("RetailerOrgMSP"), readingPolicy);
        String indexPolicy = new String(net.lastParameterWrites.get(Keys.metered(SLOT_KEY, HOME1_ID)),
                StandardCharsets.ISO_8859_1);
        assertTrue(indexPolicy.contains("GridOrgMSP") && indexPolicy.contains("RetailerOrgMSP"), indexPolicy);
        // The event says what it said before the collection: who and which slot, no flows.
        java.util.TreeSet<String> fields = new java.util.TreeSet<>();
        net.lastEventPayload().fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("participant", "slot", "revision", "txId"), fields);
        assertEquals("MeterReadingRecorded", net.lastEvent().getEventName());
        assertEquals(HOME1_ID, net.lastEventPayload().get("participant").asText());
        net.refused(ErrorCode.ALREADY_EXISTS, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        assertEquals(1, net.committedPrivate(Keys.meterBinding(HOME1_ID)).get("readings").asLong());
        assertEquals(null, net.stub.snapshot().get(Keys.meter(SLOT_KEY, HOME1_ID)), "no public copy of the reading");
    }

    @Test
    void refusals() {
        net.refused(ErrorCode.INVALID_STATE, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        net.now = AFTER_SLOT;
        TestIdentity foreignMeter = TestIdentity.client("RetailerOrgMSP", "meter", "meter", null);
        net.refused(ErrorCode.FORBIDDEN, foreignMeter, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, "").replace(HOME1_ID, "RetailerOrgMSP:ghost"))));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", -1, 1, "")))).contains("'importedWh'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m 1", 1, 1, "")))).contains("'meterId'"));
        net.refused(ErrorCode.INVALID_FORMAT, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1,
                ",\"reason\":\"x\""))));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, reading("m-1", 1, 1,
                ",\"reason\":\"x\""))));
    }

    @Test
    void anotherMeterIdConflictsUntilRebound() {
        net.now = AFTER_SLOT;
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 1, 1, ""))));
        String next = reading("m-2", 5, 5, "").replace(SLOT, "2026-06-17T12:30+09:00");
        net.now = AFTER_SLOT.plusSeconds(3600);
        assertTrue(net.refused(ErrorCode.CONFLICT, METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, next))).contains("m-1"));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.meters.bindMeter(c, HOME1_ID, "m-2"));
        JsonNode b = json(net.submit(METER, c -> net.meters.bindMeter(c, HOME1_ID, "m-2")));
        assertEquals("m-2", b.get("meterId").asText());
        assertTrue(net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).containsKey(Keys.meterBinding(HOME1_ID)));
        assertEquals(Set.of(), net.lastWrites.keySet(), "a binding writes no public key");
        assertEquals("MeterBound", net.lastEvent().getEventName());
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, next)));
    }

    @Test
    void correctionIsExplicitAndKeepsHistory() {
        net.now = AFTER_SLOT;
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 420, 0, ""))));
        net.refused(ErrorCode.MISSING_FIELD, METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, reading("m-1", 400, 0, ""))));
        JsonNode fixed = json(net.submit(METER, c -> net.meters.correctMeterReading(TestNet.withReading(c, reading("m-1", 400, 0,
                ",\"reason\":\"register rollover\"")))));
        assertEquals(1, fixed.get("revision").asInt());
        assertEquals(null, fixed.get("correctionReason"), "the reason stays in the collection");
        assertEquals("register rollover", net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID)).get("correctionReason")
                .asText());
        assertEquals("MeterReadingCorrected", net.lastEvent().getEventName());
        // Fabric keeps no history of private keys: the correction keeps the revision it replaces.
        assertEquals(420, net.committedPrivate(Keys.meterRevision(SLOT_KEY, HOME1_ID, 0)).get("importedWh").asLong());
        assertEquals(400, net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID)).get("importedWh").asLong());
        assertTrue(net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).containsKey(Keys.meterBinding(HOME1_ID)));
    }

    @Test
    void readingsAreReadableByTheParticipantItsAdminOverseersAndMeters() {
        net.now = AFTER_SLOT;
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading("m-1", 420, 0, ""))));
        // The answer is the stored text, salt included.
        String recorded = new String(net.stub.privateSnapshot(TestNet.RETAILER_COLLECTION)
                .get(Keys.meter(SLOT_KEY, HOME1_ID)), StandardCharsets.UTF_8);
        assertEquals(420, json(recorded).get("importedWh").asLong());
        assertEquals(recorded, net.evaluate(HOME1, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(TestNet.RETAILER_ADMIN, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(AUDITOR, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        assertEquals(recorded, net.evaluate(METER, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT)));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.meters.getMeterReading(c, HOME1_ID, SLOT));
        net.refused(ErrorCode.NOT_FOUND, HOME2, c -> net.meters.getMeterReading(c, "RetailerOrgMSP:home-002", SLOT));
    }
}
