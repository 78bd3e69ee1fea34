package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Role minting: every org's CA can put any {@code p2pe.role} into a certificate, so a role counts
 * only from the MSPs the configuration names for it (defaults: operator and auditor ExchangeOrg,
 * meter GridOrg, retailer and aggregator RetailerOrg, participant and solver any peer org).
 */
class RoleMspTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private final TestNet net = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\"}").withParticipants();

    private boolean accepted(TestIdentity who) {
        return json(net.evaluate(who, c -> net.participants.whoAmI(c))).get("roleAccepted").asBoolean();
    }

    @Test
    void anAuditorMintedByAnotherOrgReadsNothing() {
        TestIdentity auditor = TestIdentity.client("RetailerOrgMSP", "auditor", "auditor", null);
        assertFalse(accepted(auditor));
        net.refused(ErrorCode.FORBIDDEN, auditor, c -> net.participants.getParticipant(c, "ExchangeOrgMSP:biz-001"));
        net.refused(ErrorCode.FORBIDDEN, auditor, c -> net.participants.listParticipants(c, "", "", ""));
        net.refused(ErrorCode.FORBIDDEN, auditor, c -> net.settlement.getSettlement(c, H1, SLOT));
        net.refused(ErrorCode.FORBIDDEN, auditor, c -> net.orders.getSlotBook(c, SLOT, "", ""));
        assertTrue(accepted(TestNet.AUDITOR));
    }

    @Test
    void aRetailerMintedByAnotherOrgCannotSettleOrTrade() {
        TestIdentity retailer = TestIdentity.client("MunicipalityOrgMSP", "retailer", "retailer", "retailer");
        net.register(OPERATOR, "{\"participant\":\"retailer\",\"mspId\":\"MunicipalityOrgMSP\",\"kind\":\"RETAILER\"}");
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, retailer, c -> net.settlement.settleSlot(c, SLOT));
        net.now = TestNet.BEFORE_GATE;
        String next = "2026-06-17T12:30+09:00";
        net.refused(ErrorCode.FORBIDDEN, retailer,
                c -> net.orders.submitOrder(c, orderJson("r-1", next, "SELL", 10, 1500, "")));
    }

    @Test
    void aMeterMintedByAnotherOrgRecordsNothing() {
        TestIdentity meter = TestIdentity.client("RetailerOrgMSP", "meter", "meter", null);
        net.now = AFTER_SLOT;
        net.refused(ErrorCode.FORBIDDEN, meter, c -> net.meters.recordMeterReading(TestNet.withReading(c, "{\"participant\":\"" + H1
                + "\",\"slot\":\"" + SLOT + "\",\"importedWh\":1,\"exportedWh\":0,\"meterId\":\"m-1\"}")));
        net.refused(ErrorCode.FORBIDDEN, meter, c -> net.meters.bindMeter(c, H1, "m-1"));
        net.refused(ErrorCode.FORBIDDEN, meter, c -> net.meters.getMeterReading(c, H1, SLOT));
    }

    @Test
    void aParticipantCountsOnlyFromItsOwnOrgsCertificates() {
        // ExchangeOrg's CA issues a certificate naming RetailerOrg's household: it maps to
        // ExchangeOrgMSP:home-001, which is not registered, and reads nothing of home-001.
        TestIdentity impostor = TestIdentity.client("ExchangeOrgMSP", "home-001", "participant", "home-001");
        net.refused(ErrorCode.NOT_REGISTERED, impostor,
                c -> net.orders.submitOrder(c, orderJson("s-1", SLOT, "SELL", 10, 1500, "")));
        net.refused(ErrorCode.FORBIDDEN, impostor, c -> net.participants.getParticipant(c, H1));
        net.order(HOME1, "s-1", "SELL", 10, 1500);
        net.refused(ErrorCode.FORBIDDEN, impostor,
                c -> net.orders.getOrder(c, OrderContract.orderId(TestNet.SLOT_KEY, H1, "s-1")));
    }

    @Test
    void participantMspsAreConfigurable() {
        net.configured("{\"mechanism\":\"PAY_AS_BID\",\"roleMsps\":" + TestNet.roleMsps("participant", "RetailerOrgMSP")
                + "}");
        assertFalse(accepted(TestNet.BIZ1));
        net.refused(ErrorCode.FORBIDDEN, TestNet.BIZ1,
                c -> net.orders.submitOrder(c, orderJson("b-1", SLOT, "BUY", 10, 1500, "")));
        net.order(HOME2, "b-1", "BUY", 10, 1500);
        // An org outside every list: registered by the operator, still no role.
        TestIdentity outsider = TestIdentity.client("OutsiderMSP", "x", "participant", "x");
        net.register(OPERATOR, "{\"participant\":\"x\",\"mspId\":\"OutsiderMSP\",\"kind\":\"HOUSEHOLD\"}");
        net.refused(ErrorCode.FORBIDDEN, outsider,
                c -> net.orders.submitOrder(c, orderJson("x-1", SLOT, "BUY", 10, 1500, "")));
    }

    @Test
    void solverAndAggregatorRolesCountFromTheirMsps() {
        assertTrue(accepted(TestIdentity.client("MunicipalityOrgMSP", "solver", "solver", null)));
        assertTrue(accepted(TestIdentity.client("RetailerOrgMSP", "agg", "aggregator", null)));
        assertFalse(accepted(TestIdentity.client("GridOrgMSP", "agg", "aggregator", null)));
        assertFalse(accepted(TestIdentity.client("OutsiderMSP", "solver", "solver", null)));
    }
}
