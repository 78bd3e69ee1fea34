package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.RETAILER_COLLECTION;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Household records in the private collection of the household's org: salted, only their hashes on
 * the public state, checkable by any p2pe identity against those hashes (a tampered record is a
 * HASH_MISMATCH), the transient fields they need, and the operator's purge.
 */
class PrivateRecordsTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    private static final String TOWN_HALL = "MunicipalityOrgMSP:town-hall";
    private static final TestIdentity MUNICIPALITY_ADMIN = TestIdentity.admin("MunicipalityOrgMSP", "Admin@municipality");
    private static final TestIdentity TOWN_HALL_CLIENT = TestIdentity.client("MunicipalityOrgMSP", "town-hall",
            "participant", "town-hall");

    private final TestNet net = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\"}").withParticipants();

    private static String reading(String participant, long imported, long exported) {
        return "{\"participant\":\"" + participant + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":" + imported
                + ",\"exportedWh\":" + exported + ",\"meterId\":\"m-" + participant.replace(':', '-') + "\"}";
    }

    /** H1 sells 100 Wh to H2 (pay as bid: 100 Wh at H1's ask 1000 ticks), both metered, settled. */
    private void settledSlot() {
        net.order(HOME1, "s-1", "SELL", 100, 1000);
        net.order(HOME2, "b-1", "BUY", 100, 2000);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(H1, 0, 100);
        net.reading(H2, 100, 0);
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
    }

    private String stored(String collection, String key) {
        byte[] v = net.stub.privateSnapshot(collection).get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    @Test
    void settlementLinesProvenanceAndDeliveriesArePrivateAndSalted() {
        settledSlot();
        // Nothing per household on the public state; the slot's totals are.
        assertNull(net.stub.snapshot().get(Keys.settlement(H1, SLOT_KEY)));
        assertNull(net.stub.snapshot().get(Keys.provenance(H2, SLOT_KEY)));
        assertNull(net.stub.snapshot().get(Keys.delivery(H1, SLOT_KEY)));
        assertEquals(Set.of(Keys.settlement(H1, SLOT_KEY), Keys.settlement(H2, SLOT_KEY), Keys.provenance(H2, SLOT_KEY),
                Keys.delivery(H1, SLOT_KEY)), net.lastPrivateWrites.get(RETAILER_COLLECTION).keySet());
        JsonNode summary = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT))).get("settlement");
        assertEquals(100, summary.get("deliveredWh").asLong());
        assertEquals(2, summary.get("participants").asInt());
        // GetSettlement answers the stored text, salt included: exactly what the hash covers.
        String line = net.evaluate(HOME1, c -> net.settlement.getSettlement(c, H1, SLOT));
        assertEquals(stored(RETAILER_COLLECTION, Keys.settlement(H1, SLOT_KEY)), line);
        String salt = json(line).get("salt").asText();
        assertEquals(32, salt.length());
        // The salt is the transaction's transient seed hashed with the record's key: two records differ.
        assertEquals(HexFormat.of().formatHex(PrivateRecords.sha256(TestNet.SALT,
                Keys.settlement(H1, SLOT_KEY).getBytes(StandardCharsets.UTF_8)), 0, 16), salt);
        String other = json(net.evaluate(HOME2, c -> net.settlement.getSettlement(c, H2, SLOT))).get("salt").asText();
        assertTrue(!salt.equals(other));
        // Listing items are the stored texts too.
        JsonNode page = json(net.evaluate(AUDITOR, c -> net.provenance.listProvenanceByConsumer(c, H2, SLOT, SLOT, "", "")));
        assertEquals(stored(RETAILER_COLLECTION, Keys.provenance(H2, SLOT_KEY)), Json.write(page.get("items").get(0)));
        assertEquals("", page.get("bookmark").asText());
        JsonNode deliveries = json(net.evaluate(HOME1, c -> net.provenance.listDeliveriesByGenerator(c, H1, SLOT, SLOT,
                "", "")));
        assertEquals(1, deliveries.get("items").size());
    }

    @Test
    void verifyRecordHashMatchesTheStoredTextAndRefusesATamperedOne() {
        settledSlot();
        String line = net.evaluate(HOME1, c -> net.settlement.getSettlement(c, H1, SLOT));
        // Any p2pe identity may check, e.g. a household of another org that was shown the line.
        JsonNode ok = json(net.evaluate(HOME2, c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, line)));
        assertTrue(ok.get("match").asBoolean());
        assertEquals(RETAILER_COLLECTION, ok.get("collection").asText());
        assertEquals(HexFormat.of().formatHex(PrivateRecords.sha256(line.getBytes(StandardCharsets.UTF_8))),
                ok.get("hash").asText());
        // One Wh more exported in the line shown: the hash differs.
        JsonNode parsed = json(line);
        assertEquals(100, parsed.get("line").get("exportedWh").asLong());
        String tampered = line.replace("\"exportedWh\":100", "\"exportedWh\":101");
        assertTrue(!tampered.equals(line));
        String msg = net.refused(ErrorCode.HASH_MISMATCH, HOME2,
                c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, tampered));
        assertTrue(msg.contains("field 'record'"), msg);
        // The record without its salt is not the stored text either.
        String unsalted = line.replaceAll(",?\"salt\":\"[0-9a-f]+\"", "");
        net.refused(ErrorCode.HASH_MISMATCH, AUDITOR, c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT,
                unsalted));
        // Readings, provenance and deliveries are checked the same way.
        String reading = net.evaluate(METER, c -> net.meters.getMeterReading(c, H2, SLOT));
        assertTrue(json(net.evaluate(RETAILER, c -> net.provenance.verifyRecordHash(c, "reading", H2, SLOT, reading)))
                .get("match").asBoolean());
        net.refused(ErrorCode.HASH_MISMATCH, RETAILER, c -> net.provenance.verifyRecordHash(c, "reading", H2, SLOT,
                reading.replace("\"importedWh\":100", "\"importedWh\":99")));
        String provenance = net.evaluate(HOME2, c -> net.provenance.getProvenance(c, H2, SLOT));
        assertTrue(json(net.evaluate(HOME1, c -> net.provenance.verifyRecordHash(c, "provenance", H2, SLOT,
                provenance))).get("match").asBoolean());
    }

    @Test
    void verifyRecordHashRefusals() {
        settledSlot();
        String line = net.evaluate(HOME1, c -> net.settlement.getSettlement(c, H1, SLOT));
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.provenance.verifyRecordHash(c, "provenance", H1, SLOT, line));
        net.refused(ErrorCode.UNKNOWN_VALUE, HOME1, c -> net.provenance.verifyRecordHash(c, "order", H1, SLOT, line));
        net.refused(ErrorCode.MISSING_FIELD, HOME1, c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, ""));
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.provenance.verifyRecordHash(c, "settlement",
                "RetailerOrgMSP:nobody", SLOT, line));
        net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.provenance.verifyRecordHash(c, "settlement", H1,
                "2026-06-17T12:05+09:00", line));
        TestIdentity noRole = TestIdentity.client("RetailerOrgMSP", "home-001", null, "home-001");
        net.refused(ErrorCode.FORBIDDEN, noRole, c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, line));
    }

    @Test
    void readingsTravelInTheTransientMapWithASalt() {
        net.now = AFTER_SLOT;
        String msg = net.refused(ErrorCode.MISSING_FIELD, METER, c -> net.meters.recordMeterReading(c));
        assertTrue(msg.contains("transient field 'reading'"), msg);
        msg = net.refused(ErrorCode.MISSING_FIELD, METER, c -> {
            TestNet.fakePeer(c).removeTransient(PrivateRecords.SALT_FIELD);
            return net.meters.recordMeterReading(TestNet.withReading(c, reading(H1, 10, 0)));
        });
        assertTrue(msg.contains("transient field 'salt'"), msg);
        msg = net.refused(ErrorCode.OUT_OF_RANGE, METER, c -> {
            TestNet.fakePeer(c).putTransient(PrivateRecords.SALT_FIELD, new byte[15]);
            return net.meters.recordMeterReading(TestNet.withReading(c, reading(H1, 10, 0)));
        });
        assertTrue(msg.contains("at least 16 bytes, got 15"), msg);
        assertNull(net.committedPrivate(Keys.meter(SLOT_KEY, H1)));
        // The flows are in neither the arguments nor the return value (both are in every org's blocks).
        String receipt = net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, reading(H1, 4321, 0))));
        assertTrue(!receipt.contains("4321") && !receipt.contains("m-RetailerOrgMSP-home-001"), receipt);
        assertEquals(4321, net.committedPrivate(Keys.meter(SLOT_KEY, H1)).get("importedWh").asLong());
    }

    @Test
    void settleSlotNeedsTheTransientSalt() {
        net.order(HOME1, "s-1", "SELL", 100, 1000);
        net.order(HOME2, "b-1", "BUY", 100, 2000);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(H1, 0, 100);
        net.reading(H2, 100, 0);
        String msg = net.refused(ErrorCode.MISSING_FIELD, OPERATOR, c -> {
            TestNet.fakePeer(c).removeTransient(PrivateRecords.SALT_FIELD);
            return net.settlement.settleSlot(c, SLOT);
        });
        assertTrue(msg.startsWith("SettleSlot: transient field 'salt'"), msg);
        assertTrue(net.refusedWrites.isEmpty() && net.refusedPrivateWrites.isEmpty());
    }

    @Test
    void aHouseholdOfAnotherOrgIsInItsOwnOrgsCollection() {
        net.register(MUNICIPALITY_ADMIN, "{\"participant\":\"town-hall\",\"kind\":\"BUSINESS\",\"location\":"
                + "\"miyagi/sendai\"}");
        net.order(HOME1, "s-1", "SELL", 100, 1000);
        net.order(TOWN_HALL_CLIENT, "b-1", "BUY", 100, 2000);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(H1, 0, 100);
        net.reading(TOWN_HALL, 300, 0);
        assertEquals(300, json(stored("private-MunicipalityOrgMSP", Keys.meter(SLOT_KEY, TOWN_HALL)))
                .get("importedWh").asLong());
        assertNull(stored(RETAILER_COLLECTION, Keys.meter(SLOT_KEY, TOWN_HALL)));
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        assertEquals(Set.of(Keys.settlement(TOWN_HALL, SLOT_KEY), Keys.provenance(TOWN_HALL, SLOT_KEY)),
                net.lastPrivateWrites.get("private-MunicipalityOrgMSP").keySet());
        // Its collection's members: its org, GridOrg, ExchangeOrg; RetailerOrg's peers hold the hash only.
        InMemoryStub.Collection c = CollectionsConfig.shipped().stream()
                .filter(x -> x.name().equals("private-MunicipalityOrgMSP")).findFirst().orElseThrow();
        assertEquals(Set.of("MunicipalityOrgMSP", "GridOrgMSP", "ExchangeOrgMSP"), c.members());
        InMemoryStub.Collection r = CollectionsConfig.shipped().stream()
                .filter(x -> x.name().equals(RETAILER_COLLECTION)).findFirst().orElseThrow();
        assertEquals(Set.of("RetailerOrgMSP", "GridOrgMSP", "ExchangeOrgMSP"), r.members());
        // Its own client reads it; a RetailerOrg household may check what it is shown, never read it.
        String line = net.evaluate(TOWN_HALL_CLIENT, c2 -> net.settlement.getSettlement(c2, TOWN_HALL, SLOT));
        assertEquals(300, json(line).get("line").get("importedWh").asLong());
        net.refused(ErrorCode.FORBIDDEN, HOME1, c2 -> net.settlement.getSettlement(c2, TOWN_HALL, SLOT));
        assertTrue(json(net.evaluate(HOME1, c2 -> net.provenance.verifyRecordHash(c2, "settlement", TOWN_HALL, SLOT,
                line))).get("match").asBoolean());
    }

    @Test
    void theOperatorPurgesASettledSlotsRecordsAfterTheRetentionPeriod() {
        settledSlot();
        String line = net.evaluate(HOME1, c -> net.settlement.getSettlement(c, H1, SLOT));
        net.refused(ErrorCode.FORBIDDEN, RETAILER, c -> net.settlement.purgePrivateRecords(c, H1, SLOT));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.settlement.purgePrivateRecords(c, H1, SLOT));
        String msg = net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.settlement.purgePrivateRecords(c, H1, SLOT));
        assertTrue(msg.contains("kept until 2027-07-22T03:30:00Z"), msg); // slot end 03:30Z + 400 days
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.settlement.purgePrivateRecords(c, H1,
                "2026-06-17T12:30+09:00"));
        net.refused(ErrorCode.NOT_FOUND, OPERATOR, c -> net.settlement.purgePrivateRecords(c, "RetailerOrgMSP:nobody",
                SLOT));
        net.now = AFTER_SLOT.plus(Duration.ofDays(SettlementContract.PURGE_MIN_AGE_DAYS));
        // H1: its reading, its settlement line and its delivery (it sold; no provenance).
        JsonNode out = json(net.submit(OPERATOR, c -> net.settlement.purgePrivateRecords(c, H1, SLOT)));
        assertEquals(3, out.get("purgedKeys").asInt());
        assertNull(stored(RETAILER_COLLECTION, Keys.settlement(H1, SLOT_KEY)));
        assertNull(stored(RETAILER_COLLECTION, Keys.meter(SLOT_KEY, H1)));
        assertNull(stored(RETAILER_COLLECTION, Keys.delivery(H1, SLOT_KEY)));
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.settlement.getSettlement(c, H1, SLOT));
        net.refused(ErrorCode.NOT_FOUND, HOME1, c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, line));
        // H2's records stay; purging again finds nothing.
        assertTrue(stored(RETAILER_COLLECTION, Keys.settlement(H2, SLOT_KEY)) != null);
        assertEquals(0, json(net.submit(OPERATOR, c -> net.settlement.purgePrivateRecords(c, H1, SLOT)))
                .get("purgedKeys").asInt());
    }

    @Test
    void privateListingsPageAcrossSlotsFromTheFirstSlotAsked() {
        // Four settled lines of H1 written straight to its collection, 30 minutes apart.
        String[] slots = {"2026-06-17T11:30+09:00", SLOT, "2026-06-17T12:30+09:00", "2026-06-17T13:00+09:00"};
        String[] keys = {"20260617T0230Z", SLOT_KEY, "20260617T0330Z", "20260617T0400Z"};
        net.stub.begin("seed", AFTER_SLOT, OPERATOR.creator());
        for (int i = 0; i < slots.length; i++) {
            var line = new io.p2pe.market.settlement.SettlementLine(H1, 10 + i, 0, 0, 0, 0, 0, 0, 0, 10 + i, 30_000, 0, 0,
                    30_000, 30_000, 0);
            net.stub.putPrivateData(RETAILER_COLLECTION, Keys.settlement(H1, keys[i]), PrivateRecords.salted(
                    new io.p2pe.protocol.SettlementRecord(H1, slots[i], keys[i], line, 0, 0, 0, 3000, 850, "t", "seed"),
                    TestNet.SALT, Keys.settlement(H1, keys[i])));
        }
        net.stub.commit();
        // From the second slot to the last, two a page: slots 2 and 3, then 4.
        JsonNode first = json(net.evaluate(HOME1, c -> net.settlement.listSettlements(c, H1, SLOT, slots[3], "2", "")));
        assertEquals(2, first.get("items").size());
        assertEquals(SLOT, first.get("items").get(0).get("slot").asText());
        assertEquals(slots[2], first.get("items").get(1).get("slot").asText());
        String bookmark = first.get("bookmark").asText();
        JsonNode second = json(net.evaluate(HOME1, c -> net.settlement.listSettlements(c, H1, SLOT, slots[3], "2",
                bookmark)));
        assertEquals(1, second.get("items").size());
        assertEquals(slots[3], second.get("items").get(0).get("slot").asText());
        assertEquals("", second.get("bookmark").asText());
        // The renewable share reads the same period in one scan: 11 + 12 + 13 Wh imported.
        assertEquals(36, json(net.evaluate(AUDITOR, c -> net.provenance.getRenewableShare(c, H1, SLOT, slots[3])))
                .get("importedWh").asLong());
    }

    @Test
    void aNonMemberOrgsClientGetsNoValueEvenWhereTheAccessRuleWouldLetIt() {
        // A consortium names MunicipalityOrg an auditor org too: the chaincode's rule lets its
        // auditor read any household, the collection (memberOnlyRead) does not.
        TestNet wide = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\",\"roleMsps\":"
                + TestNet.roleMsps("auditor", "ExchangeOrgMSP\",\"MunicipalityOrgMSP") + "}").withParticipants();
        TestIdentity townAuditor = TestIdentity.client("MunicipalityOrgMSP", "auditor", "auditor", null);
        wide.now = AFTER_SLOT;
        wide.reading(H1, 700, 0);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> wide.evaluate(townAuditor, c -> wide.meters.getMeterReading(c, H1, SLOT)));
        assertTrue(e.getMessage().contains("does not have read access permission"), e.getMessage());
        assertEquals(700, json(wide.evaluate(AUDITOR, c -> wide.meters.getMeterReading(c, H1, SLOT)))
                .get("importedWh").asLong());
        // Its hash is on every peer: the town's auditor can check a reading it is shown.
        String shown = wide.evaluate(AUDITOR, c -> wide.meters.getMeterReading(c, H1, SLOT));
        assertTrue(json(wide.evaluate(townAuditor, c -> wide.provenance.verifyRecordHash(c, "reading", H1, SLOT, shown)))
                .get("match").asBoolean());
    }
}
