package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Roles count only from the MSPs the configuration names for them (defaults: operator and
 * auditor ExchangeOrg, meter GridOrg, retailer RetailerOrg). Any org's CA can write any
 * {@code p2pe.role} into a certificate; here RetailerOrg's CA mints an operator, an auditor and a
 * meter certificate and ExchangeOrg's CA a retailer one, and each is refused. An identity of the
 * channel without any p2pe role reads nothing, not even a slot's state or clearing result.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleBindingIT {
    private static final String HOME = "RetailerOrgMSP:home-001";

    private final String rogueOperator = "rogue-operator-" + RUN;
    private final String rogueAuditor = "rogue-auditor-" + RUN;
    private final String rogueMeter = "rogue-meter-" + RUN;
    private final String rogueRetailer = "rogue-retailer-" + RUN;
    private final String noRole = "norole-" + RUN;

    private P2peConnection operator;
    private P2peConnection home1;
    private P2peConnection biz;
    private P2peConnection meter;
    private Adversary clock;
    private LedgerDay day;
    private Slot cleared;
    private OrderRecord homeOrder;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of(
                "retailerorg " + rogueOperator + " operator",
                "retailerorg " + rogueAuditor + " auditor",
                "retailerorg " + rogueMeter + " meter",
                "exchangeorg " + rogueRetailer + " retailer " + rogueRetailer,
                "retailerorg " + noRole + " none"));
        // The rogue retailer is a registered trader of ExchangeOrg: only its role is wrong.
        operator.operator().ensureParticipant(ParticipantRegistration.of(rogueRetailer, "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-1"));
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        meter = ItNetwork.connect(GRID, "meter");
        clock = Adversary.of(EXCHANGE, "operator");
        day = new LedgerDay(clock, operator, market);
        cleared = day.clearedTrade(home1, biz, "rbi-" + RUN);
        homeOrder = home1.participant().myOrders(cleared).get(0);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, home1, biz, meter, clock);
    }

    @Test
    void operatorCertificateFromRetailerOrgIsRefused() throws Exception {
        try (P2peConnection rogue = ItNetwork.connect(RETAILER, rogueOperator)) {
            MarketSettings current = operator.participant().marketSettings();
            assertEquals("FORBIDDEN", refusal(() -> rogue.operator().configureMarket(MarketConfigRequest.from(current)
                    .orderWindowDays(current.orderWindowDays()).build())));
            Slot open = day.openSlot();
            assertEquals("FORBIDDEN", refusal(() -> rogue.operator().closeSlot(open)));
            assertEquals("FORBIDDEN", refusal(() -> rogue.operator().onboardParticipant(
                    ParticipantRegistration.of("ghost-" + RUN, "HOUSEHOLD").withMspId("RetailerOrgMSP"))));
        }
    }

    @Test
    void auditorCertificateFromRetailerOrgReadsNothingOfOthers() throws Exception {
        try (P2peConnection rogue = ItNetwork.connect(RETAILER, rogueAuditor)) {
            assertEquals("FORBIDDEN", refusal(() -> rogue.audit().provenance(HOME, cleared)));
            assertEquals("FORBIDDEN", refusal(() -> rogue.audit().provenanceByConsumer(HOME, cleared, cleared)));
            assertEquals("FORBIDDEN", refusal(() -> rogue.operator().meterReading(HOME, cleared)));
        }
    }

    @Test
    void meterCertificateFromRetailerOrgCannotRecordReadings() throws Exception {
        try (P2peConnection rogue = ItNetwork.connect(RETAILER, rogueMeter)) {
            assertEquals("FORBIDDEN", refusal(() -> rogue.operator().recordMeterReading(
                    new MeterReadingRequest(HOME, cleared, 5_000, 0, "m-home-001"))));
        }
        // The GridOrg meter identity may (the same reading, accepted).
        meter.operator().recordMeterReading(new MeterReadingRequest(HOME, cleared, 1_000, 0, "m-home-001"));
    }

    @Test
    void retailerCertificateFromExchangeOrgCannotTrade() throws Exception {
        try (P2peConnection rogue = ItNetwork.connect(EXCHANGE, rogueRetailer)) {
            Slot open = day.openSlot();
            assertEquals("FORBIDDEN", refusal(() -> rogue.participant().submitOrder(
                    OrderRequest.sell("rr-" + RUN, open, 1_000, 100))));
        }
    }

    @Test
    void identityWithoutRoleReadsNothing() throws Exception {
        try (P2peConnection nobody = ItNetwork.connect(RETAILER, noRole)) {
            assertEquals("FORBIDDEN", refusal(() -> nobody.participant().slot(cleared)));
            assertEquals("FORBIDDEN", refusal(() -> nobody.participant().clearingResult(cleared)));
            assertEquals("FORBIDDEN", refusal(() -> nobody.participant().slotBook(cleared)));
            assertEquals("FORBIDDEN", refusal(() -> nobody.participant().order(homeOrder.orderId())));
            assertEquals("FORBIDDEN", refusal(() -> nobody.audit().provenance(HOME, cleared)));
            assertEquals("FORBIDDEN", refusal(() -> nobody.operator().meterReading(HOME, cleared)));
        }
        try (Adversary nobody = Adversary.of(RETAILER, noRole)) {
            org.hyperledger.fabric.client.GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.hyperledger.fabric.client.GatewayException.class, () -> nobody.evaluate("config", "GetMarketClock"));
            org.junit.jupiter.api.Assertions.assertTrue(Adversary.details(e).contains("FORBIDDEN"), Adversary.details(e));
        }
        // A household with its role reads the cleared slot (the refusals above are about the role).
        assertEquals(cleared.toString(), home1.participant().slot(cleared).slot());
    }
}
