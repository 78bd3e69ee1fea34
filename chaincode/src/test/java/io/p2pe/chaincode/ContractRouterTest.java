package io.p2pe.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.RouterAccess;
import org.hyperledger.fabric.shim.Chaincode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactions as a peer invokes them: through the shim's ContractRouter, found by its
 * classpath scan, with string arguments and {@code contract:Transaction} names.
 */
class ContractRouterTest {
    private static ContractRouter router;
    private final InMemoryStub stub = new InMemoryStub();

    @BeforeAll
    static void scan() {
        router = RouterAccess.router();
    }

    private Chaincode.Response invoke(TestIdentity who, String... args) {
        stub.begin("tx-" + args[0], TestNet.BEFORE_GATE, who.creator(), List.of(args));
        Chaincode.Response r = router.invoke(stub);
        if (r.getStatus() == Chaincode.Response.Status.SUCCESS) {
            stub.commit();
        } else {
            stub.rollback();
        }
        return r;
    }

    @Test
    void smokeTestPathOfTheNetwork() {
        Chaincode.Response set = invoke(TestNet.OPERATOR, "config:SetMarketConfig", "{\"slotLengthMinutes\":30}");
        assertEquals(Chaincode.Response.Status.SUCCESS, set.getStatus(), set.getMessage());
        Chaincode.Response get = invoke(TestNet.HOME1, "config:GetMarketConfig");
        assertEquals(Chaincode.Response.Status.SUCCESS, get.getStatus(), get.getMessage());
        JsonNode config = TestNet.json(get.getStringPayload());
        assertEquals(1, config.get("version").asLong());
        assertEquals(30, config.get("slotLengthMinutes").asInt());
    }

    @Test
    void refusalsCarryTheCodeAsPayload() {
        Chaincode.Response r = invoke(TestNet.HOME1, "config:SetMarketConfig", "{}");
        assertEquals(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, r.getStatus());
        assertEquals("FORBIDDEN", new String(r.getPayload(), StandardCharsets.UTF_8));
        assertTrue(r.getMessage().startsWith("FORBIDDEN: SetMarketConfig needs role operator"), r.getMessage());
        Chaincode.Response missing = invoke(TestNet.HOME1, "config:GetMarketConfig");
        assertEquals("NOT_CONFIGURED", new String(missing.getPayload(), StandardCharsets.UTF_8));
    }

    @Test
    void metadataListsEveryDocumentedTransaction() {
        Chaincode.Response r = invoke(TestNet.AUDITOR, "org.hyperledger.fabric:GetMetadata");
        assertEquals(Chaincode.Response.Status.SUCCESS, r.getStatus(), r.getMessage());
        JsonNode contracts = TestNet.json(r.getStringPayload()).get("contracts");
        List<String> names = new ArrayList<>();
        contracts.fields().forEachRemaining(c -> c.getValue().get("transactions")
                .forEach(t -> names.add(c.getKey() + ":" + t.get("name").asText())));
        for (String tx : List.of("config:SetMarketConfig", "config:GetMarketConfig", "config:GetMarketConfigHistory",
                "config:AdvanceLedgerTime", "config:GetMarketClock", "meter:AttestSource", "meter:GetSourceAttestation",
                "participant:RegisterParticipant", "participant:RegisterParticipants", "participant:SuspendParticipant",
                "participant:ReinstateParticipant", "participant:GetParticipant", "participant:ListParticipants",
                "participant:WhoAmI", "order:SubmitOrder", "order:CancelOrder", "order:GetOrder",
                "order:ListMyOrders", "order:GetSlotBook", "order:AuthorizeAggregator", "order:RevokeAggregator",
                "order:SubmitOrders", "order:SetSealingKey", "order:GetSealingKey", "order:SubmitSealedOrder",
                "order:RevealOrders", "slot:CloseSlot", "slot:ClearSlot", "slot:GetSlot",
                "slot:GetClearingResult", "slot:PublishClearing", "meter:RecordMeterReading", "meter:RecordMeterReadings", "meter:CorrectMeterReading", "meter:BindMeter",
                "meter:GetMeterReading", "settlement:SettleSlot", "settlement:GetSettlement",
                "settlement:ListSettlements", "provenance:GetProvenance", "provenance:ListProvenanceByConsumer",
                "provenance:ListDeliveriesByGenerator", "provenance:GetRenewableShare", "proposal:ProposeClearing",
                "proposal:FinalizeClearing", "proposal:GetProposalBook", "proposal:GetProposals", "dr:SetDrProgram",
                "dr:GetDrProgram", "dr:DeclareDrEvent", "dr:EnrolDrEvent", "dr:MeasureDrPerformance", "dr:CloseDrEvent",
                "dr:GetDrEvent", "dr:ListDrEvents", "dr:ListDrEnrolments", "dr:GetDrPerformance",
                "points:GetPointsBalance", "points:ListPointsEntries", "points:TransferPoints", "points:RedeemPoints",
                "dispatch:DispatchBattery", "dispatch:RecordDispatchResponse", "dispatch:GetDispatch",
                "dispatch:ListDispatches", "provenance:VerifyRecordHash", "settlement:PurgePrivateRecords")) {
            assertTrue(names.contains(tx), tx + " in " + names);
        }
        assertEquals(67, names.stream().filter(n -> !n.startsWith("org.hyperledger")).count(), names.toString());
    }
}
