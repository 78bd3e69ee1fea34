package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.EXCHANGE_ADMIN;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RegisterParticipants: many registrations in one transaction, each exactly as RegisterParticipant makes it. */
class ParticipantBatchTest {
    private static final List<String> REGISTRATIONS = List.of(
            "{\"participant\":\"home-001\",\"kind\":\"HOUSEHOLD\",\"location\":\"tokyo/setagaya/seijo/feeder-3\","
                    + "\"pvWatts\":4500,\"sourceType\":\"solar\"}",
            "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"ev\":true,\"evBatteryWh\":40000}",
            "{\"participant\":\"retailer\",\"mspId\":\"RetailerOrgMSP\",\"kind\":\"RETAILER\",\"sourceType\":\"grid-mix\"}");

    private static String array(List<String> registrations) {
        return "[" + String.join(",", registrations) + "]";
    }

    @Test
    void aBatchStoresWhatTheSingleTransactionsStore() {
        TestNet single = new TestNet().configured();
        for (String r : REGISTRATIONS) {
            single.register(RETAILER_ADMIN, r);
        }
        TestNet batched = new TestNet().configured();
        JsonNode out = json(batched.submit(RETAILER_ADMIN, c -> batched.participants.registerParticipants(c,
                array(REGISTRATIONS))));
        assertEquals(3, out.get("registered").asInt());
        assertEquals(0, out.get("alreadyRegistered").asInt());
        assertEquals("RetailerOrgMSP:home-002", out.get("participants").get(1).get("id").asText());
        // The stored records are byte-identical: a participant carries no transaction id.
        TestNet.assertStateEquals(single.stub.snapshot(), batched.stub.snapshot());
        assertEquals("ParticipantsRegistered", batched.lastEvent().getEventName());
        JsonNode event = batched.lastEventPayload();
        assertEquals(3, event.get("count").asInt());
        assertEquals(3, event.get("participants").size());
    }

    @Test
    void theOperatorRegistersForSeveralOrgsAnOrgAdminOnlyForItsOwn() {
        String twoOrgs = array(List.of(REGISTRATIONS.get(0),
                "{\"participant\":\"city-hall\",\"mspId\":\"MunicipalityOrgMSP\",\"kind\":\"MUNICIPAL\"}"));
        // The admin check is made for each registration's org: RetailerOrg's admin may not register for MunicipalityOrg.
        String refused = new TestNet().configured().refused(ErrorCode.FORBIDDEN, RETAILER_ADMIN,
                c -> new ParticipantContract().registerParticipants(c, twoOrgs));
        assertTrue(refused.startsWith("participants[1]: ") && refused.contains("MunicipalityOrgMSP"), refused);
        TestNet net = new TestNet().configured();
        JsonNode out = json(net.submit(OPERATOR, c -> net.participants.registerParticipants(c,
                twoOrgs.replace("\"participant\":\"home-001\",", "\"participant\":\"home-001\",\"mspId\":\"RetailerOrgMSP\","))));
        assertEquals(2, out.get("registered").asInt());
        assertEquals("MunicipalityOrgMSP:city-hall", out.get("participants").get(1).get("id").asText());
        // Without mspId, a registration is the caller's org's: the operator's is ExchangeOrg.
        JsonNode own = json(net.submit(OPERATOR, c -> net.participants.registerParticipants(c,
                "[{\"participant\":\"biz-001\",\"kind\":\"BUSINESS\"}]")));
        assertEquals("ExchangeOrgMSP:biz-001", own.get("participants").get(0).get("id").asText());
    }

    @Test
    void aRetryWritesNothingNewAndADifferentRegistrationIsRefused() {
        TestNet net = new TestNet().configured();
        net.submit(RETAILER_ADMIN, c -> net.participants.registerParticipants(c, array(REGISTRATIONS.subList(0, 2))));
        NavigableMap<String, byte[]> before = net.stub.snapshot();
        JsonNode again = json(net.submit(RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(REGISTRATIONS))));
        assertEquals(1, again.get("registered").asInt());
        assertEquals(2, again.get("alreadyRegistered").asInt());
        assertEquals(Set.of(Keys.participant("RetailerOrgMSP", "retailer")), net.lastWrites.keySet());
        assertEquals(before.get(Keys.participant("RetailerOrgMSP", "home-001")).length,
                net.stub.snapshot().get(Keys.participant("RetailerOrgMSP", "home-001")).length);
        JsonNode noop = json(net.submit(RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(REGISTRATIONS))));
        assertEquals(0, noop.get("registered").asInt());
        assertEquals(Map.of(), net.lastWrites);
        assertEquals(List.of(), net.lastEvents);
        // The skipped one's answer is the stored record, even after a suspension.
        net.submit(RETAILER_ADMIN, c -> net.participants.suspendParticipant(c, "RetailerOrgMSP:home-002", "test"));
        JsonNode suspended = json(net.submit(RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(REGISTRATIONS.subList(1, 2)))));
        assertEquals("SUSPENDED", suspended.get("participants").get(0).get("status").asText());
        assertEquals(Map.of(), net.lastWrites);

        String other = net.refused(ErrorCode.ALREADY_EXISTS, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of("{\"participant\":\"home-003\",\"kind\":\"HOUSEHOLD\"}",
                        REGISTRATIONS.get(0).replace("4500", "4600")))));
        assertTrue(other.startsWith("participants[1]: ") && other.contains("RetailerOrgMSP:home-001"), other);
        // The single transaction keeps refusing any repetition.
        net.refused(ErrorCode.ALREADY_EXISTS, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                REGISTRATIONS.get(0)));
    }

    @Test
    void everyRefusalWritesNothing() {
        TestNet net = new TestNet().configured();
        String ok = "{\"participant\":\"home-009\",\"kind\":\"HOUSEHOLD\"}";
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.participants.registerParticipants(c, array(List.of(ok))));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.participants.registerParticipants(c, array(List.of(ok))));
        assertTrue(net.refused(ErrorCode.FORBIDDEN, EXCHANGE_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of("{\"participant\":\"x\",\"kind\":\"BUSINESS\"}",
                        "{\"participant\":\"x\",\"mspId\":\"RetailerOrgMSP\",\"kind\":\"HOUSEHOLD\"}"))))
                .startsWith("participants[1]: "));
        net.refused(ErrorCode.OUT_OF_RANGE, RETAILER_ADMIN, c -> net.participants.registerParticipants(c, "[]"));
        net.refused(ErrorCode.MALFORMED_INPUT, RETAILER_ADMIN, c -> net.participants.registerParticipants(c, ok));
        net.refused(ErrorCode.MALFORMED_INPUT, RETAILER_ADMIN, c -> net.participants.registerParticipants(c, ""));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ParticipantContract.MAX_BATCH_PARTICIPANTS; i++) {
            many.add("{\"participant\":\"h" + i + "\",\"kind\":\"HOUSEHOLD\"}");
        }
        assertTrue(net.refused(ErrorCode.BEYOND_LIMITS, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(many))).contains("1001"));
        assertTrue(net.refused(ErrorCode.UNKNOWN_VALUE, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of(ok, "{\"participant\":\"home-002\",\"kind\":\"FACTORY\"}"))))
                .startsWith("participants[1]: participant: field 'kind'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of(ok, "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"evBatteryWh\":1}"))))
                .startsWith("participants[1]: participant: field 'evBatteryWh'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of(ok, "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"colour\":\"red\"}"))))
                .startsWith("participants[1]: "));
        // The same participant twice, also when one names its org and the other takes the caller's.
        String dup = net.refused(ErrorCode.CONFLICT, RETAILER_ADMIN, c -> net.participants.registerParticipants(c,
                array(List.of(ok, "{\"participant\":\"home-010\",\"kind\":\"HOUSEHOLD\"}",
                        "{\"participant\":\"home-009\",\"mspId\":\"RetailerOrgMSP\",\"kind\":\"HOUSEHOLD\"}"))));
        assertTrue(dup.startsWith("participants[2]: ") && dup.contains("participants[0]"), dup);
        assertEquals(null, net.stub.snapshot().get(Keys.participant("RetailerOrgMSP", "home-009")));
    }
}
