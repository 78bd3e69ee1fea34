package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.Test;

/** RecordMeterReadings: many readings in one transaction, each exactly as RecordMeterReading records it. */
class MeterBatchTest {
    private static final String HOME1_ID = "RetailerOrgMSP:home-001";
    private static final String HOME2_ID = "RetailerOrgMSP:home-002";
    private static final String BIZ1_ID = "ExchangeOrgMSP:biz-001";
    /** The slot after {@link TestNet#SLOT}: it ends at {@link TestNet#AFTER_SLOT}, so it is delivered too. */
    private static final String SLOT2 = "2026-06-17T12:30+09:00";
    private static final String SLOT2_KEY = "20260617T0330Z";
    private static final String EXCHANGE_COLLECTION = "private-ExchangeOrgMSP";

    private static String reading(String participant, String slot, long imported, long exported, String meterId) {
        return "{\"participant\":\"" + participant + "\",\"slot\":\"" + slot + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"" + meterId + "\"}";
    }

    /** Two households of RetailerOrg, one of them twice (two slots), and a business of ExchangeOrg. */
    private static final List<String> READINGS = List.of(
            reading(HOME1_ID, SLOT, 420, 1300, "m-1"),
            reading(HOME2_ID, SLOT, 900, 0, "m-2"),
            reading(BIZ1_ID, SLOT, 5000, 0, "m-b"),
            reading(HOME1_ID, SLOT2, 100, 800, "m-1"));

    static Context withReadings(Context c, String json) {
        TestNet.fakePeer(c).putTransient(MeterContract.READINGS_FIELD, json.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private static String array(List<String> readings) {
        return "[" + String.join(",", readings) + "]";
    }

    private static TestNet delivered() {
        TestNet net = new TestNet().configured().withParticipants();
        net.now = AFTER_SLOT;
        return net;
    }

    private String batch(TestNet net, List<String> readings) {
        return net.submit(METER, c -> net.meters.recordMeterReadings(withReadings(c, array(readings))));
    }

    private String refusedBatch(TestNet net, ErrorCode code, String readings) {
        return net.refused(code, METER, c -> net.meters.recordMeterReadings(withReadings(c, readings)));
    }

    @Test
    void aBatchStoresWhatTheSingleTransactionsStore() {
        TestNet single = delivered();
        for (String r : READINGS) {
            single.submit(METER, c -> single.meters.recordMeterReading(TestNet.withReading(c, r)));
        }
        TestNet batched = delivered();
        JsonNode out = json(batch(batched, READINGS));
        assertEquals(4, out.get("recorded").asInt());
        assertEquals(0, out.get("alreadyRecorded").asInt());

        // The private records, field by field: only the transaction id differs (one transaction,
        // not four). The salt depends on the seed and the key alone, so it is the same too.
        for (String collection : List.of(TestNet.RETAILER_COLLECTION, EXCHANGE_COLLECTION)) {
            NavigableMap<String, byte[]> a = single.stub.privateSnapshot(collection);
            NavigableMap<String, byte[]> b = batched.stub.privateSnapshot(collection);
            assertEquals(a.keySet(), b.keySet(), collection);
            for (String key : a.keySet()) {
                assertEquals(withoutTxId(a.get(key)), withoutTxId(b.get(key)), key);
                assertArrayEquals(single.stub.committedPrivateValidationParameter(collection, key),
                        batched.stub.committedPrivateValidationParameter(collection, key), "key-level policy of " + key);
            }
        }
        assertEquals(2, batched.committedPrivate(Keys.meterBinding(HOME1_ID)).get("readings").asLong());
        assertEquals(SLOT2, batched.committedPrivate(Keys.meterBinding(HOME1_ID)).get("lastSlot").asText());
        assertNotNull(batched.stub.committedPrivateValidationParameter(TestNet.RETAILER_COLLECTION,
                Keys.meter(SLOT_KEY, HOME1_ID)), "a RetailerOrg household's reading needs RetailerOrg too");
        // The public metered index and its policies: byte for byte (the ExchangeOrg business's
        // reading is kept under the meter org's and ExchangeOrg's policy).
        for (String key : List.of(Keys.metered(SLOT_KEY, HOME1_ID), Keys.metered(SLOT_KEY, HOME2_ID),
                Keys.metered(SLOT_KEY, BIZ1_ID), Keys.metered(SLOT2_KEY, HOME1_ID))) {
            assertArrayEquals(single.stub.snapshot().get(key), batched.stub.snapshot().get(key), key);
            assertArrayEquals(single.stub.committedValidationParameter(key), batched.stub.committedValidationParameter(key),
                    "policy of " + key);
            assertNotNull(batched.stub.committedValidationParameter(key), key);
        }
        assertEquals(single.stub.snapshot().keySet(), batched.stub.snapshot().keySet());

        // One event, naming who and which slot, no flows.
        assertEquals("MeterReadingsRecorded", batched.lastEvent().getEventName());
        JsonNode event = batched.lastEventPayload();
        assertEquals(4, event.get("count").asInt());
        assertEquals(Set.of("participant", "slot"), fieldNames(event.get("readings").get(0)));
        assertEquals(BIZ1_ID, event.get("readings").get(2).get("participant").asText());

        // The receipts, in batch order: each as the single transaction's, no flows, no meter id.
        JsonNode receipts = out.get("receipts");
        assertEquals(4, receipts.size());
        for (int i = 0; i < 4; i++) {
            JsonNode r = receipts.get(i);
            assertEquals(null, r.get("importedWh"));
            assertEquals(null, r.get("exportedWh"));
            assertEquals(null, r.get("meterId"));
            assertEquals(json(READINGS.get(i)).get("participant").asText(), r.get("participant").asText());
        }
        String home1Slot2 = Keys.meter(SLOT2_KEY, HOME1_ID);
        assertEquals(java.util.HexFormat.of().formatHex(PrivateRecords.sha256(batched.stub.privateSnapshot(
                TestNet.RETAILER_COLLECTION).get(home1Slot2))), receipts.get(3).get("privateHash").asText());
        assertEquals(Set.of("participant", "slot", "slotKey", "revision", "recordedBy", "recordedMsp", "recordedAt",
                "txId", "privateHash"), fieldNames(receipts.get(0)));
        // And SettleSlot finds them through the index.
        assertEquals(Set.of(HOME1_ID, HOME2_ID, BIZ1_ID), metered(batched, SLOT_KEY));
    }

    @Test
    void aRetryWritesNothingNewAndAMixedBatchWritesOnlyTheNew() {
        TestNet net = delivered();
        batch(net, READINGS.subList(0, 2));
        NavigableMap<String, byte[]> before = net.stub.privateSnapshot(TestNet.RETAILER_COLLECTION);
        JsonNode again = json(batch(net, READINGS.subList(0, 2)));
        assertEquals(0, again.get("recorded").asInt());
        assertEquals(2, again.get("alreadyRecorded").asInt());
        assertEquals(Map.of(), net.lastWrites);
        assertEquals(Map.of(), net.lastPrivateWrites);
        assertEquals(List.of(), net.lastEvents, "nothing recorded, no event");
        TestNet.assertStateEquals(before, net.stub.privateSnapshot(TestNet.RETAILER_COLLECTION));
        // The retry's receipts are the stored readings' (their hash is the stored value's).
        assertEquals(java.util.HexFormat.of().formatHex(PrivateRecords.sha256(before.get(Keys.meter(SLOT_KEY, HOME1_ID)))),
                again.get("receipts").get(0).get("privateHash").asText());

        JsonNode mixed = json(batch(net, READINGS));
        assertEquals(2, mixed.get("recorded").asInt());
        assertEquals(2, mixed.get("alreadyRecorded").asInt());
        assertEquals(Set.of(Keys.metered(SLOT_KEY, BIZ1_ID), Keys.metered(SLOT2_KEY, HOME1_ID)), net.lastWrites.keySet());
        assertEquals(Set.of(Keys.meter(SLOT2_KEY, HOME1_ID), Keys.meterBinding(HOME1_ID)),
                net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).keySet());
        assertEquals(2, net.committedPrivate(Keys.meterBinding(HOME1_ID)).get("readings").asLong());
        assertEquals(1, net.committedPrivate(Keys.meterBinding(HOME2_ID)).get("readings").asLong());
        assertEquals(2, net.lastEventPayload().get("count").asInt());
    }

    @Test
    void everyRefusalWritesNothing() {
        TestNet net = delivered();
        batch(net, List.of(READINGS.get(0)));
        String ok = READINGS.get(1);

        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.meters.recordMeterReadings(withReadings(c, array(List.of(ok)))));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.meters.recordMeterReadings(withReadings(c, array(List.of(ok)))));
        TestIdentity foreignMeter = TestIdentity.client("RetailerOrgMSP", "meter", "meter", null);
        net.refused(ErrorCode.FORBIDDEN, foreignMeter, c -> net.meters.recordMeterReadings(withReadings(c, array(List.of(ok)))));
        assertTrue(net.refused(ErrorCode.MISSING_FIELD, METER, c -> net.meters.recordMeterReadings(c))
                .contains("'readings'"));
        assertTrue(net.refused(ErrorCode.MISSING_FIELD, METER, c -> {
            TestNet.fakePeer(c).removeTransient(PrivateRecords.SALT_FIELD);
            return net.meters.recordMeterReadings(withReadings(c, array(List.of(ok))));
        }).contains("'salt'"));
        // The single transaction's transient field is not the batch's.
        net.refused(ErrorCode.MISSING_FIELD, METER, c -> net.meters.recordMeterReadings(TestNet.withReading(c, ok)));

        refusedBatch(net, ErrorCode.OUT_OF_RANGE, "[]");
        refusedBatch(net, ErrorCode.MALFORMED_INPUT, ok);
        refusedBatch(net, ErrorCode.MALFORMED_INPUT, "[" + ok);
        assertTrue(refusedBatch(net, ErrorCode.MALFORMED_INPUT, "[" + ok + ",7]").startsWith("readings[1]: "));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= MeterContract.MAX_BATCH_READINGS; i++) {
            many.add(reading("RetailerOrgMSP:home-" + i, SLOT, 1, 1, "m-" + i));
        }
        assertTrue(refusedBatch(net, ErrorCode.BEYOND_LIMITS, array(many)).contains("1001"));
        String padded = "[" + ok + " ".repeat(MeterContract.MAX_READINGS_BYTES) + "]";
        assertTrue(refusedBatch(net, ErrorCode.BEYOND_LIMITS, padded).contains("bytes"));

        // A bad reading at index 1 refuses the batch, naming the index and the field.
        String bad = array(List.of(ok, reading(HOME1_ID, SLOT2, -1, 0, "m-1")));
        assertTrue(refusedBatch(net, ErrorCode.OUT_OF_RANGE, bad).startsWith("readings[1]: reading: field 'importedWh'"),
                bad);
        assertTrue(refusedBatch(net, ErrorCode.INVALID_FORMAT, array(List.of(ok, reading(HOME1_ID, SLOT2, 1, 0, "m 1"))))
                .startsWith("readings[1]: reading: field 'meterId'"));
        assertTrue(refusedBatch(net, ErrorCode.INVALID_FORMAT, array(List.of(ok,
                reading(HOME1_ID, SLOT2, 1, 0, "m-1").replace("}", ",\"reason\":\"x\"}")))).startsWith("readings[1]: "));
        assertTrue(refusedBatch(net, ErrorCode.MISSING_FIELD, array(List.of(ok, ok.replace(",\"meterId\":\"m-2\"", ""))))
                .startsWith("readings[1]: reading: field 'meterId'"));
        assertTrue(refusedBatch(net, ErrorCode.NOT_FOUND, array(List.of(ok, reading("RetailerOrgMSP:ghost", SLOT, 1, 1, "m-g"))))
                .startsWith("readings[1]: "));
        // Not delivered: the slot after SLOT2 ends after the market time.
        String undelivered = reading(HOME2_ID, "2026-06-17T13:00+09:00", 1, 1, "m-2");
        assertTrue(refusedBatch(net, ErrorCode.INVALID_STATE, array(List.of(ok, undelivered))).startsWith("readings[1]: "));
        // The same participant and slot twice.
        String dup = refusedBatch(net, ErrorCode.CONFLICT, array(List.of(ok, READINGS.get(2), ok)));
        assertTrue(dup.startsWith("readings[2]: ") && dup.contains("readings[0]"), dup);
        // A stored reading with other flows: use CorrectMeterReading.
        String other = refusedBatch(net, ErrorCode.ALREADY_EXISTS, array(List.of(ok, reading(HOME1_ID, SLOT, 421, 1300, "m-1"))));
        assertTrue(other.startsWith("readings[1]: ") && other.contains("CorrectMeterReading"), other);
        // Two meter ids for one participant in one batch: the second conflicts with the binding the first makes.
        String meters = refusedBatch(net, ErrorCode.CONFLICT, array(List.of(ok, reading(HOME2_ID, SLOT2, 1, 1, "m-9"))));
        assertTrue(meters.startsWith("readings[1]: ") && meters.contains("m-2"), meters);
        // A meter id other than the committed binding's.
        assertTrue(refusedBatch(net, ErrorCode.CONFLICT, array(List.of(ok, reading(HOME1_ID, SLOT2, 1, 1, "m-7"))))
                .startsWith("readings[1]: "));

        // Nothing of the refused batches was stored: only the first reading.
        assertEquals(Set.of(Keys.meter(SLOT_KEY, HOME1_ID), Keys.meterBinding(HOME1_ID)),
                net.stub.privateSnapshot(TestNet.RETAILER_COLLECTION).keySet().stream()
                        .filter(k -> k.startsWith("\u0000meter")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(null, net.committedPrivate(Keys.meter(SLOT_KEY, HOME2_ID)));
        assertEquals(Set.of(HOME1_ID), metered(net, SLOT_KEY));
        // The readings themselves are fine: the batch records them.
        assertEquals(2, json(batch(net, List.of(ok, READINGS.get(3)))).get("recorded").asInt());
    }

    @Test
    void aBatchEndorsedWithoutTheMeterOrgIsRejectedAtCommit() {
        TestNet net = delivered();
        assertEquals(List.of(org.hyperledger.fabric.protos.peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE),
                net.commitBlock(net.endorse(METER, Set.of("ExchangeOrgMSP", "RetailerOrgMSP"),
                        c -> net.meters.recordMeterReadings(withReadings(c, array(READINGS))))));
        assertEquals(null, net.committedPrivate(Keys.meter(SLOT_KEY, HOME1_ID)));
        assertEquals(Set.of(), metered(net, SLOT_KEY));
    }

    /** The participants the public index of a slot names, as SettleSlot scans it. */
    private static Set<String> metered(TestNet net, String slotKey) {
        String prefix = Keys.prefix(Keys.METERED, slotKey).toString();
        Set<String> out = new java.util.TreeSet<>();
        net.stub.snapshot().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(json(new String(v, StandardCharsets.UTF_8)).get("participant").asText());
            }
        });
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A stored record's JSON without its transaction id (and a binding's), as a sorted map. */
    private static TreeMap<String, Object> withoutTxId(byte[] stored) {
        ObjectNode node = (ObjectNode) json(new String(stored, StandardCharsets.UTF_8));
        node.remove("txId");
        return Json.MAPPER.convertValue(node, Json.MAP_TYPE);
    }
}
