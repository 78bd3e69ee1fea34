package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.EXCHANGE_ADMIN;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class ParticipantContractTest {
    private final TestNet net = new TestNet().configured();

    @Test
    void orgAdminRegistersItsOwnOrgsParticipant() {
        JsonNode p = json(net.register(RETAILER_ADMIN, "{\"participant\":\"home-001\",\"kind\":\"HOUSEHOLD\","
                + "\"location\":\"tokyo/setagaya/seijo/feeder-3\",\"pvWatts\":4500,\"batteryWh\":9800,\"ev\":true,"
                + "\"evBatteryWh\":40000,\"sourceType\":\"solar\"}"));
        assertEquals("RetailerOrgMSP:home-001", p.get("id").asText());
        assertEquals("RetailerOrgMSP", p.get("mspId").asText());
        assertEquals("HOUSEHOLD", p.get("kind").asText());
        assertEquals(4500, p.get("pvWatts").asLong());
        assertEquals(40000, p.get("evBatteryWh").asLong());
        assertEquals("ACTIVE", p.get("status").asText());
        assertEquals("ParticipantRegistered", net.lastEvent().getEventName());
        assertEquals("RetailerOrgMSP:home-001", net.lastEventPayload().get("participant").asText());
        assertTrue(net.lastWrites.containsKey(Keys.participant("RetailerOrgMSP", "home-001")));
    }

    @Test
    void operatorRegistersForAnyOrg() {
        JsonNode p = json(net.register(OPERATOR, "{\"participant\":\"city-hall\",\"mspId\":\"MunicipalityOrgMSP\","
                + "\"kind\":\"MUNICIPAL\"}"));
        assertEquals("MunicipalityOrgMSP:city-hall", p.get("id").asText());
    }

    @Test
    void registrationRefusals() {
        net.refused(ErrorCode.FORBIDDEN, EXCHANGE_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"x\",\"mspId\":\"RetailerOrgMSP\",\"kind\":\"HOUSEHOLD\"}"));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-009\",\"kind\":\"HOUSEHOLD\"}"));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"x\",\"kind\":\"HOUSEHOLD\"}"));
        net.register(RETAILER_ADMIN, "{\"participant\":\"home-001\",\"kind\":\"HOUSEHOLD\"}");
        net.refused(ErrorCode.ALREADY_EXISTS, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-001\",\"kind\":\"BUSINESS\"}"));
        assertTrue(net.refused(ErrorCode.UNKNOWN_VALUE, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-002\",\"kind\":\"FACTORY\"}")).contains("'kind'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home:002\",\"kind\":\"HOUSEHOLD\"}")).contains("'participant'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"location\":\"tokyo//x\"}")).contains("'location'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"pvWatts\":-1}")).contains("'pvWatts'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"participant\":\"home-002\",\"kind\":\"HOUSEHOLD\",\"evBatteryWh\":100}")).contains("'evBatteryWh'"));
        net.refused(ErrorCode.MISSING_FIELD, RETAILER_ADMIN, c -> net.participants.registerParticipant(c,
                "{\"kind\":\"HOUSEHOLD\"}"));
    }

    @Test
    void suspendAndReinstate() {
        net.withParticipants();
        JsonNode s = json(net.submit(RETAILER_ADMIN, c -> net.participants.suspendParticipant(c,
                "RetailerOrgMSP:home-001", "unpaid invoice")));
        assertEquals("SUSPENDED", s.get("status").asText());
        assertEquals("unpaid invoice", s.get("statusReason").asText());
        assertEquals("ParticipantSuspended", net.lastEvent().getEventName());
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.participants.suspendParticipant(c,
                "RetailerOrgMSP:home-001", "again"));
        net.refused(ErrorCode.FORBIDDEN, EXCHANGE_ADMIN, c -> net.participants.reinstateParticipant(c,
                "RetailerOrgMSP:home-001", "paid"));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.participants.reinstateParticipant(c,
                "RetailerOrgMSP:home-001", "paid"));
        net.refused(ErrorCode.NOT_FOUND, OPERATOR, c -> net.participants.suspendParticipant(c, "RetailerOrgMSP:nobody", "x"));
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.participants.reinstateParticipant(c,
                "RetailerOrgMSP:home-001", ""));
        JsonNode r = json(net.submit(OPERATOR, c -> net.participants.reinstateParticipant(c, "RetailerOrgMSP:home-001",
                "paid")));
        assertEquals("ACTIVE", r.get("status").asText());
        assertEquals("ParticipantReinstated", net.lastEvent().getEventName());
    }

    @Test
    void getParticipantIsForItselfItsAdminsAndOverseers() {
        net.withParticipants();
        String id = "RetailerOrgMSP:home-001";
        String own = net.evaluate(HOME1, c -> net.participants.getParticipant(c, id));
        assertEquals(id, json(own).get("id").asText());
        assertEquals("HOUSEHOLD", json(own).get("kind").asText());
        assertEquals(4500, json(own).get("pvWatts").asLong());
        // Each reader with access gets the same record, byte for byte.
        assertEquals(own, net.evaluate(RETAILER_ADMIN, c -> net.participants.getParticipant(c, id)));
        assertEquals(own, net.evaluate(AUDITOR, c -> net.participants.getParticipant(c, id)));
        assertEquals(own, net.evaluate(OPERATOR, c -> net.participants.getParticipant(c, id)));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.participants.getParticipant(c, id));
        net.refused(ErrorCode.FORBIDDEN, EXCHANGE_ADMIN, c -> net.participants.getParticipant(c, id));
        net.refused(ErrorCode.NOT_FOUND, OPERATOR, c -> net.participants.getParticipant(c, "RetailerOrgMSP:x"));
        net.refused(ErrorCode.NOT_FOUND, OPERATOR, c -> net.participants.getParticipant(c, "no-colon"));
    }

    @Test
    void listParticipantsPagesByOrg() {
        net.withParticipants();
        JsonNode all = json(net.evaluate(AUDITOR, c -> net.participants.listParticipants(c, "", "3", "")));
        assertEquals(3, all.get("items").size());
        assertEquals("ExchangeOrgMSP:biz-001", all.get("items").get(0).get("id").asText());
        String bm = all.get("bookmark").asText();
        JsonNode rest = json(net.evaluate(AUDITOR, c -> net.participants.listParticipants(c, "", "3", bm)));
        assertEquals(2, rest.get("items").size());
        assertEquals("", rest.get("bookmark").asText());
        JsonNode own = json(net.evaluate(RETAILER_ADMIN, c -> net.participants.listParticipants(c, "RetailerOrgMSP", "",
                "")));
        assertEquals(4, own.get("items").size());
        net.refused(ErrorCode.FORBIDDEN, RETAILER_ADMIN, c -> net.participants.listParticipants(c, "", "", ""));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.participants.listParticipants(c, "RetailerOrgMSP", "", ""));
        net.refused(ErrorCode.OUT_OF_RANGE, AUDITOR, c -> net.participants.listParticipants(c, "", "0", ""));
        net.refused(ErrorCode.INVALID_FORMAT, AUDITOR, c -> net.participants.listParticipants(c, "", "",
                Ledger.encodeBookmark(Keys.config())));
    }

    @Test
    void whoAmIReportsTheCertificate() {
        net.withParticipants();
        JsonNode me = json(net.evaluate(HOME1, c -> net.participants.whoAmI(c)));
        assertEquals("RetailerOrgMSP", me.get("mspId").asText());
        assertEquals("participant", me.get("role").asText());
        assertTrue(me.get("roleAccepted").asBoolean());
        assertFalse(me.get("orgAdmin").asBoolean());
        assertEquals("RetailerOrgMSP:home-001", me.get("participantId").asText());
        assertEquals("ACTIVE", me.get("participant").get("status").asText());
        assertTrue(me.get("clientId").asText().contains("CN=home-001"), me.get("clientId").asText());
        JsonNode admin = json(net.evaluate(RETAILER_ADMIN, c -> net.participants.whoAmI(c)));
        assertTrue(admin.get("orgAdmin").asBoolean());
        assertTrue(admin.get("role").isNull());
        JsonNode rogue = json(net.evaluate(TestIdentity.client("RetailerOrgMSP", "r", "meter", null),
                c -> net.participants.whoAmI(c)));
        assertFalse(rogue.get("roleAccepted").asBoolean());
    }
}
