package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import static io.p2pe.chaincode.TestNet.AFTER_SLOT;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/**
 * Every query has an access rule: identities without a p2pe role its MSP may hold (a plain client
 * of a channel org, a role minted by the wrong org's CA) get no answer from any of them, whatever
 * records exist. WhoAmI alone answers anyone, about the caller itself.
 */
class ReadAccessTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    private static final TestIdentity NO_ROLE = TestIdentity.client("RetailerOrgMSP", "home-001", null, "home-001");
    private static final TestIdentity WRONG_ORG_AUDITOR = TestIdentity.client("GridOrgMSP", "auditor", "auditor", null);
    private static final TestIdentity OUTSIDER_ADMIN = TestIdentity.admin("OutsiderMSP", "Admin@outsider");

    private final TestNet net = new TestNet().configured("{\"mechanism\":\"PAY_AS_BID\"}").withParticipants();
    /** H1's settlement line as GetSettlement answers it, once {@link #settledSlot} ran. */
    private String h1Line = "";
    private final String sellId = OrderContract.orderId(SLOT_KEY, H1, "s-1");

    /** Every query transaction, with arguments naming records that exist. */
    private Map<String, Function<Context, String>> queries() {
        Map<String, Function<Context, String>> q = new TreeMap<>();
        q.put("config:GetMarketConfig", c -> net.config.getMarketConfig(c));
        q.put("config:GetMarketConfigHistory", c -> net.config.getMarketConfigHistory(c, "", ""));
        q.put("config:GetMarketClock", c -> net.config.getMarketClock(c));
        q.put("participant:GetParticipant", c -> net.participants.getParticipant(c, H1));
        q.put("participant:ListParticipants", c -> net.participants.listParticipants(c, "RetailerOrgMSP", "", ""));
        q.put("order:GetOrder", c -> net.orders.getOrder(c, sellId));
        q.put("order:ListMyOrders", c -> net.orders.listMyOrders(c, "", "", ""));
        q.put("order:GetSlotBook", c -> net.orders.getSlotBook(c, SLOT, "", ""));
        q.put("order:GetSealingKey", c -> net.orders.getSealingKey(c, "RetailerOrgMSP"));
        q.put("slot:GetSlot", c -> net.slots.getSlot(c, SLOT));
        q.put("slot:GetClearingResult", c -> net.slots.getClearingResult(c, SLOT));
        q.put("meter:GetMeterReading", c -> net.meters.getMeterReading(c, H1, SLOT));
        q.put("meter:GetSourceAttestation", c -> net.meters.getSourceAttestation(c, H1));
        q.put("settlement:GetSettlement", c -> net.settlement.getSettlement(c, H1, SLOT));
        q.put("settlement:ListSettlements", c -> net.settlement.listSettlements(c, H1, SLOT, SLOT, "", ""));
        q.put("provenance:GetProvenance", c -> net.provenance.getProvenance(c, H2, SLOT));
        q.put("provenance:ListProvenanceByConsumer",
                c -> net.provenance.listProvenanceByConsumer(c, H2, SLOT, SLOT, "", ""));
        q.put("provenance:ListDeliveriesByGenerator",
                c -> net.provenance.listDeliveriesByGenerator(c, H1, SLOT, SLOT, "", ""));
        q.put("provenance:GetRenewableShare", c -> net.provenance.getRenewableShare(c, H2, SLOT, SLOT));
        q.put("provenance:VerifyRecordHash", c -> net.provenance.verifyRecordHash(c, "settlement", H1, SLOT, h1Line));
        return q;
    }

    private void settledSlot() {
        net.submit(TestNet.RETAILER_ADMIN, c -> net.orders.setSealingKey(c,
                SealedBookTest.keyJson("k-1", SealedBookTest.p256PublicKey())));
        net.order(HOME1, "s-1", "SELL", 100, 1000);
        net.order(HOME2, "b-1", "BUY", 100, 2000);
        net.now = AFTER_SLOT;
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.reading(H1, 0, 100);
        net.reading(H2, 100, 0);
        net.submit(OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        h1Line = net.evaluate(TestNet.AUDITOR, c -> net.settlement.getSettlement(c, H1, SLOT));
    }

    @Test
    void theTableCoversEveryQueryTransaction() {
        TreeSet<String> evaluate = new TreeSet<>();
        for (Class<?> contract : new Class<?>[] {ConfigContract.class, ParticipantContract.class, OrderContract.class,
                SlotContract.class, MeterContract.class, SettlementContract.class, ProvenanceContract.class}) {
            String name = contract.getAnnotation(Contract.class).name();
            for (Method m : contract.getDeclaredMethods()) {
                Transaction t = m.getAnnotation(Transaction.class);
                if (t != null && t.intent() == Transaction.TYPE.EVALUATE) {
                    evaluate.add(name + ":" + t.name());
                }
            }
        }
        TreeSet<String> covered = new TreeSet<>(queries().keySet());
        covered.add("participant:WhoAmI");
        assertEquals(evaluate, covered);
    }

    @Test
    void identitiesWithoutAnAcceptedRoleGetNoAnswer() {
        settledSlot();
        for (TestIdentity who : new TestIdentity[] {NO_ROLE, WRONG_ORG_AUDITOR, OUTSIDER_ADMIN}) {
            for (Map.Entry<String, Function<Context, String>> q : queries().entrySet()) {
                ChaincodeException e = assertThrows(ChaincodeException.class, () -> net.evaluate(who, q.getValue()),
                        q.getKey() + " answered " + who.name());
                assertEquals("FORBIDDEN", new String(e.getPayload(), StandardCharsets.UTF_8),
                        q.getKey() + " for " + who.name() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void everyQueryAnswersTheAuditor() {
        settledSlot();
        for (Map.Entry<String, Function<Context, String>> q : queries().entrySet()) {
            if (!q.getKey().equals("order:ListMyOrders")) {
                assertTrue(net.evaluate(TestNet.AUDITOR, q.getValue()).startsWith("{"), q.getKey());
            }
        }
    }

    @Test
    void whoAmIAnswersAnyoneAboutThemselvesOnly() {
        String me = net.evaluate(NO_ROLE, c -> net.participants.whoAmI(c));
        assertTrue(me.contains("\"roleAccepted\":false"), me);
        assertTrue(me.contains("\"participant\":null") || me.contains(H1), me);
    }
}
