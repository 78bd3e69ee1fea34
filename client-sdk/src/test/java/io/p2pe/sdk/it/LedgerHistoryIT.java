package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static io.p2pe.sdk.it.ItNetwork.refusalWithField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConnection;
import java.util.List;
import java.util.stream.LongStream;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A participant's settlement lines over a period ({@code ParticipantClient.settlements},
 * {@code AuditClient.settlements}) and the market configuration's history
 * ({@code AuditClient.marketConfigHistory}) on the real network: exactly the settled slots of the
 * period and every configuration version in order; other participants and identities without a
 * p2pe role are refused, and bad fields are refused with a code naming the field.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerHistoryIT {
    private static final String HOME = "RetailerOrgMSP:home-001";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    private final String noRole = "no-role-" + RUN;
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection meter;
    private P2peConnection home1;
    private P2peConnection biz;
    private Adversary raw;
    private LedgerDay day;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of("retailerorg " + noRole + " none"));
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        meter = ItNetwork.connect(GRID, "meter");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        raw = Adversary.of(RETAILER, "home-001");
        day = new LedgerDay(Adversary.of(EXCHANGE, "operator"), operator, market);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, auditor, meter, home1, biz, raw, day == null ? null : day.clock());
    }

    /** home-001 buys 1 kWh from biz-001; both metered as traded; settled. */
    private Slot settledTrade(String tag) throws Exception {
        Slot slot = day.clearedTrade(home1, biz, tag);
        LedgerDay.readings(meter, slot, List.of(new Object[] {HOME, 1_000L, 0L}, new Object[] {BIZ, 0L, 1_000L}));
        operator.operator().settleSlot(slot);
        return slot;
    }

    @Test
    void settlementsAreTheSettledSlotsOfThePeriodInSlotOrder() throws Exception {
        Slot first = settledTrade("lhi-" + RUN + "-1");
        Slot second = settledTrade("lhi-" + RUN + "-2");
        SettlementRecord a = home1.participant().settlement(first);
        SettlementRecord b = home1.participant().settlement(second);

        // No test settles home-001 between the two (the second slot opened after the first's end).
        assertEquals(List.of(a, b), home1.participant().settlements(first, second));
        assertEquals(List.of(a), home1.participant().settlements(first, first));
        assertEquals(List.of(b), home1.participant().settlements(second, day.market().next(second)));
        assertEquals(List.of(a, b), auditor.audit().settlements(HOME, first, second), "an auditor reads them too");
        assertEquals(1_000, a.line().boughtWh());
        assertEquals(List.of(1_000L, 1_000L), biz.participant().settlements(first, second).stream()
                .map(s -> s.line().soldWh()).toList());

        assertEquals("FORBIDDEN", refusal(() -> biz.audit().settlements(HOME, first, second)),
                "biz-001 reads only its own settlement lines");
        assertEquals("OUT_OF_RANGE fromSlot", refusalWithField(() -> home1.participant().settlements(second, first)));
        // A 15-minute slot's start is not a slot of this 30-minute market.
        Slot misaligned = new Slot(first.start().plusMinutes(15), 15);
        assertEquals("INVALID_FORMAT fromSlot", refusalWithField(() -> home1.participant().settlements(misaligned, second)));
        assertEquals("INVALID_FORMAT toSlot", refusalWithField(() -> home1.participant().settlements(first,
                new Slot(second.start().plusMinutes(15), 15))));
    }

    @Test
    void theConfigurationHistoryIsEveryVersionInOrderEndingWithTheOneInForce() throws Exception {
        MarketSettings current = home1.participant().marketSettings();
        List<MarketSettings> before = home1.audit().marketConfigHistory();
        assertEquals(LongStream.rangeClosed(1, current.version()).boxed().toList(),
                before.stream().map(MarketSettings::version).toList());
        assertEquals(current, before.get(before.size() - 1));

        // The same settings again are a new version: the history says when and by which transaction.
        MarketSettings written = operator.operator().configureMarket(MarketConfigRequest.from(current).build());
        List<MarketSettings> after = auditor.audit().marketConfigHistory();
        assertEquals(current.version() + 1, written.version());
        assertEquals(after.size(), before.size() + 1);
        assertEquals(before, after.subList(0, before.size()), "earlier versions are never rewritten");
        assertEquals(written, after.get(after.size() - 1));
        assertEquals(written, home1.participant().marketSettings());

        try (P2peConnection nobody = ItNetwork.connect(RETAILER, noRole)) {
            assertEquals("FORBIDDEN", refusal(() -> nobody.audit().marketConfigHistory()),
                    "an identity without a p2pe role");
        }
        GatewayException e = assertThrows(GatewayException.class,
                () -> raw.evaluate("config", "GetMarketConfigHistory", "0", ""));
        assertTrue(Adversary.details(e).contains("OUT_OF_RANGE: pageSize must be an integer between 1 and 500"),
                Adversary.details(e));
    }
}
