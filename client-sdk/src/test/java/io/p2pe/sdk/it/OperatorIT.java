package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The operator's configuration and onboarding transactions. Configuration changes keep every
 * setting other tests and users rely on: a rewrite of the configuration in force, and a tariff
 * change that is put back at once. Suspension is tried on a participant enrolled for this run only.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorIT {
    private P2peConnection operator;
    private P2peConnection auditor;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, auditor);
    }

    @Test
    void configureMarketWritesANewVersionAndPostTariffsKeepsTheRest() throws Exception {
        MarketSettings before = operator.participant().marketSettings();
        MarketSettings rewritten = operator.operator().configureMarket(MarketConfigRequest.from(before).build());
        assertTrue(rewritten.version() > before.version());
        assertEquals(MarketConfigRequest.from(before).build(), MarketConfigRequest.from(rewritten).build());
        assertEquals(rewritten, auditor.participant().marketSettings());

        MarketSettings posted;
        try {
            posted = operator.operator().postTariffs(before.retailTariff() + 1, before.buyBackTariff() + 1);
        } finally {
            operator.operator().postTariffs(before.retailTariff(), before.buyBackTariff());
        }
        assertEquals(before.retailTariff() + 1, posted.retailTariff());
        assertEquals(before.buyBackTariff() + 1, posted.buyBackTariff());
        assertEquals(MarketConfigRequest.from(before).retailTariff(posted.retailTariff())
                .buyBackTariff(posted.buyBackTariff()).build(), MarketConfigRequest.from(posted).build());
        MarketSettings restored = auditor.participant().marketSettings();
        assertEquals(MarketConfigRequest.from(before).build(), MarketConfigRequest.from(restored).build());
        assertTrue(restored.version() > posted.version());
    }

    @Test
    void onboardSuspendAndReinstateAParticipant() throws Exception {
        String name = ItNetwork.enroll(RETAILER, "it-" + RUN, "participant");
        String id = "RetailerOrgMSP:" + name;
        ParticipantRegistration registration = ParticipantRegistration.of(name, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                .withLocation("tokyo/setagaya/it/feeder-9").withBattery(10_000);
        Participant onboarded = operator.operator().onboardParticipant(registration);
        assertEquals(id, onboarded.id());
        assertEquals(Participant.Status.ACTIVE, onboarded.status());
        assertEquals(10_000, onboarded.batteryWh());
        assertEquals("ALREADY_EXISTS", refusal(() -> operator.operator().onboardParticipant(registration)));
        assertEquals(onboarded, operator.operator().ensureParticipant(registration));
        assertEquals(onboarded, operator.operator().participant(id));
        assertTrue(operator.operator().participants("RetailerOrgMSP").contains(onboarded));
        assertTrue(operator.operator().participants(null).contains(onboarded));

        Slot slot = ItNetwork.futureSlot(market);
        try (P2peConnection newcomer = ItNetwork.connect(RETAILER, name)) {
            OrderRecord first = newcomer.participant().submitOrder(OrderRequest.buy("opit-" + RUN + "-1", slot, 100, 2_000));
            assertEquals(id, first.participant());

            Participant suspended = operator.operator().suspendParticipant(id, "integration test");
            assertEquals(Participant.Status.SUSPENDED, suspended.status());
            assertEquals("integration test", suspended.statusReason());
            assertEquals("PARTICIPANT_SUSPENDED", refusal(() -> newcomer.participant().submitOrder(
                    OrderRequest.buy("opit-" + RUN + "-2", slot, 100, 2_000))));
            assertEquals("PARTICIPANT_SUSPENDED", refusal(() -> newcomer.participant().cancelOrder(first.orderId())));

            assertEquals(Participant.Status.ACTIVE, operator.operator().reinstateParticipant(id, "done").status());
            assertEquals(OrderRecord.Status.OPEN, newcomer.participant().submitOrder(
                    OrderRequest.buy("opit-" + RUN + "-2", slot, 100, 2_000)).status());
        }
    }
}
