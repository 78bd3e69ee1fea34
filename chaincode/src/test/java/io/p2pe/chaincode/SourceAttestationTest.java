package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import io.p2pe.protocol.ErrorCode;
import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Renewable is a property of the asset: a SELL's source type is what the grid operator attested
 * for its owner (TestNet: home-001 and home-003 solar, the retailer grid-mix), never an argument.
 */
class SourceAttestationTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private final TestNet net = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\"}").withParticipants();

    @Test
    void aGridMixRetailerCannotSellSolar() {
        String msg = net.refused(ErrorCode.CONFLICT, RETAILER, c -> net.orders.submitOrder(c,
                orderJson("r-1", SLOT, "SELL", 5000, 1000, ",\"sourceType\":\"solar\"")));
        assertTrue(msg.contains("'sourceType'") && msg.contains("grid-mix"), msg);
        JsonNode o = json(net.submit(RETAILER, c -> net.orders.submitOrder(c,
                orderJson("r-1", SLOT, "SELL", 5000, 1000, ""))));
        assertEquals("grid-mix", o.get("sourceType").asText());
        // Restating the attested source is accepted.
        json(net.submit(HOME1, c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1000,
                ",\"sourceType\":\"solar\""))));
    }

    @Test
    void aDeclaredSourceLabelsNothingUntilTheGridOperatorAttestsIt() {
        net.register(RETAILER_ADMIN, "{\"participant\":\"home-009\",\"kind\":\"HOUSEHOLD\",\"sourceType\":\"wind\"}");
        TestIdentity h9 = TestIdentity.client("RetailerOrgMSP", "home-009", "participant", "home-009");
        net.refused(ErrorCode.CONFLICT, h9, c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1000,
                ",\"sourceType\":\"wind\"")));
        assertEquals("unspecified", json(net.submit(h9, c -> net.orders.submitOrder(c,
                orderJson("s-1", SLOT, "SELL", 10, 1000, "")))).get("sourceType").asText());
        net.attest("RetailerOrgMSP:home-009", "wind");
        assertEquals("wind", json(net.submit(h9, c -> net.orders.submitOrder(c,
                orderJson("s-2", "2026-06-17T12:30+09:00", "SELL", 10, 1000, "")))).get("sourceType").asText());
    }

    @Test
    void anUnattestedSellerStaysOutOfTheRenewableSegment() {
        net.register(RETAILER_ADMIN, "{\"participant\":\"home-009\",\"kind\":\"HOUSEHOLD\",\"sourceType\":\"solar\"}");
        TestIdentity h9 = TestIdentity.client("RetailerOrgMSP", "home-009", "participant", "home-009");
        net.submit(h9, c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 100, 1000, "")));
        net.submit(HOME2, c -> net.orders.submitOrder(c, orderJson("b-1", SLOT, "BUY", 100, 2000,
                ",\"renewableOnly\":true")));
        net.now = AFTER_SLOT;
        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        assertEquals(0, cleared.get("clearing").get("volumeWh").asLong());
    }

    @Test
    void attestationIsTheMeterOrgsPrivateWriteUnderItsKeyLevelPolicy() {
        JsonNode a = json(net.attest("RetailerOrgMSP:home-002", "solar"));
        assertEquals("GridOrgMSP", a.get("attestedMsp").asText());
        String key = Keys.source("RetailerOrgMSP:home-002");
        assertEquals(java.util.Set.of(), net.lastWrites.keySet());
        assertEquals(java.util.Set.of(key), net.lastPrivateWrites.get(TestNet.RETAILER_COLLECTION).keySet());
        String policy = new String(net.lastPrivateParameterWrites.get(TestNet.RETAILER_COLLECTION).get(key),
                StandardCharsets.ISO_8859_1);
        assertTrue(policy.contains("GridOrgMSP") && policy.contains("RetailerOrgMSP"), policy);
        assertEquals("SourceAttested", net.lastEvent().getEventName());
        assertEquals("solar", net.lastEventPayload().get("sourceType").asText());

        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.meters.attestSource(c, H1, "wind"));
        net.refused(ErrorCode.FORBIDDEN, RETAILER_ADMIN, c -> net.meters.attestSource(c, H1, "wind"));
        net.refused(ErrorCode.FORBIDDEN, TestIdentity.client("RetailerOrgMSP", "meter", "meter", null),
                c -> net.meters.attestSource(c, H1, "wind"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, METER, c -> net.meters.attestSource(c, H1, "Solar!"))
                .contains("'sourceType'"));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.meters.attestSource(c, "RetailerOrgMSP:nobody", "solar"));
    }

    @Test
    void getSourceAttestationIsForThoseWhoMayReadTheParticipant() {
        assertEquals("solar", json(net.evaluate(HOME1, c -> net.meters.getSourceAttestation(c, H1)))
                .get("sourceType").asText());
        json(net.evaluate(METER, c -> net.meters.getSourceAttestation(c, H1)));
        json(net.evaluate(TestNet.AUDITOR, c -> net.meters.getSourceAttestation(c, H1)));
        net.refused(ErrorCode.FORBIDDEN, HOME2, c -> net.meters.getSourceAttestation(c, H1));
        net.refused(ErrorCode.NOT_FOUND, HOME2, c -> net.meters.getSourceAttestation(c, "RetailerOrgMSP:home-002"));
    }

    @Test
    void aClearedSlotKeepsTheSourceItWasClearedWith() {
        net.order(HOME1, "s-1", "SELL", 100, 1000);
        net.order(HOME2, "b-1", "BUY", 100, 2000);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.attest(H1, "unspecified");
        net.reading(H1, 0, 100);
        net.reading("RetailerOrgMSP:home-002", 100, 0);
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        JsonNode p = json(net.evaluate(HOME2, c -> net.provenance.getProvenance(c, "RetailerOrgMSP:home-002", SLOT)));
        assertEquals("solar", p.get("provenance").get("sources").get(0).get("sourceType").asText());
        assertEquals(100, p.get("provenance").get("renewableWh").asLong());
    }
}
