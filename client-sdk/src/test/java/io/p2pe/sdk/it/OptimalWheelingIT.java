package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.Fill;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.market.Trade;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ClearingVerification;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * An OPTIMAL (MAX_WELFARE) slot with wheeling fees on the real network: the market is switched to
 * OPTIMAL with levels {@code [0, 150, 300, 450]} for this class (and restored afterwards), five
 * participants at registered locations trade, the ledger's clearing equals the hand-computed
 * optimum of the chaincode's {@code OptimalWheelingTest} (same book, same locations: the
 * calculation is in that test's comment), and settlement charges the buyers the fees.
 *
 * <pre>
 * b1 home-001 …/seijo/feeder-3  BUY  2000 Wh at 2000   s1 biz-001  …/seijo/feeder-1  SELL 1000 at 1000 (fee 150 to both)
 * b2 home-002 …/seijo/feeder-2  BUY  1500 Wh at 1400   s2 near     …/seijo/feeder-2  SELL 1000 at 1200 (fee 0 to b2, 150 to b1)
 *                                                      s3 far      …/kinuta/feeder-1 SELL 1000 at 1150 (fee 300 to both)
 * result: b1–s1 1000 Wh at 1425 fee 150, b1–s3 1000 at 1425 fee 300, b2–s2 1000 at 1300 fee 0;
 *         volume 3000 Wh, surplus 1,600,000
 * </pre>
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptimalWheelingIT {
    private static final String HOME1 = "RetailerOrgMSP:home-001";
    private static final String HOME2 = "RetailerOrgMSP:home-002";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    private final String near = "wheel-near-" + RUN;
    private final String far = "wheel-far-" + RUN;

    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection meter;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection biz;
    private P2peConnection nearSeller;
    private P2peConnection farSeller;
    private Adversary clock;
    private LedgerDay day;
    private ObjectNode configBefore;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of("retailerorg " + near + " participant", "retailerorg " + far + " participant"));
        operator.operator().ensureParticipant(ParticipantRegistration.of(near, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                .withLocation("tokyo/setagaya/seijo/feeder-2"));
        operator.operator().ensureParticipant(ParticipantRegistration.of(far, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                .withLocation("tokyo/setagaya/kinuta/feeder-1"));
        clock = Adversary.of(EXCHANGE, "operator");
        clock.ensureLedgerClock(java.time.Instant.now());
        Map<String, Object> optimal = new LinkedHashMap<>();
        optimal.put("mechanism", "OPTIMAL");
        optimal.put("objective", "MAX_WELFARE");
        optimal.put("wheelingLevels", List.of(0, 150, 300, 450));
        // No proposal window: the engine's result is final at clearing.
        optimal.put("proposalWindowMinutes", null);
        configBefore = clock.reconfigure(optimal);
        MarketSettings market = operator.participant().marketSettings();
        day = new LedgerDay(clock, operator, market);
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        meter = ItNetwork.connect(GRID, "meter");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        nearSeller = ItNetwork.connect(RETAILER, near);
        farSeller = ItNetwork.connect(RETAILER, far);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (configBefore != null) {
            clock.restoreConfig(configBefore);
        }
        ItNetwork.closeAll(operator, auditor, meter, home1, home2, biz, nearSeller, farSeller, clock);
    }

    @Test
    void theSlotClearsToTheHandComputedOptimumAndSettlementChargesTheFees() throws Exception {
        String tag = "owi-" + RUN;
        Slot slot = day.openSlot();
        OrderRecord b1 = home1.participant().submitOrder(OrderRequest.buy(tag + "-b1", slot, 2_000, 2_000));
        OrderRecord b2 = home2.participant().submitOrder(OrderRequest.buy(tag + "-b2", slot, 1_500, 1_400));
        OrderRecord s1 = biz.participant().submitOrder(OrderRequest.sell(tag + "-s1", slot, 1_000, 1_000));
        OrderRecord s2 = nearSeller.participant().submitOrder(OrderRequest.sell(tag + "-s2", slot, 1_000, 1_200));
        OrderRecord s3 = farSeller.participant().submitOrder(OrderRequest.sell(tag + "-s3", slot, 1_000, 1_150));
        Map<String, String> name = Map.of(b1.orderId(), "b1", b2.orderId(), "b2", s1.orderId(), "s1",
                s2.orderId(), "s2", s3.orderId(), "s3");

        ClearingRecord cleared = day.closeAndClear(slot);
        SlotState state = operator.operator().slot(slot);
        assertEquals(Mechanism.OPTIMAL, state.terms().mechanism());
        assertEquals(List.of(0L, 150L, 300L, 450L), state.terms().wheelingLevels());
        assertEquals(1, cleared.results().size(), "one segment: no renewable-only BUY");
        ClearingResult result = cleared.results().get(0);
        assertEquals(Objective.MAX_WELFARE, result.objective());
        Set<String> trades = new TreeSet<>();
        for (Trade t : result.trades()) {
            trades.add(name.get(t.buyOrderId()) + "–" + name.get(t.sellOrderId()) + " " + t.wh() + " Wh at " + t.price()
                    + " fee " + t.wheelingFee());
        }
        assertEquals(Set.of("b1–s1 1000 Wh at 1425 fee 150", "b1–s3 1000 Wh at 1425 fee 300",
                "b2–s2 1000 Wh at 1300 fee 0"), trades);
        assertEquals(3_000, result.volumeWh());
        assertEquals(1_600_000, result.surplus());
        assertNull(result.clearingPrice());
        Map<String, Long> fills = new TreeMap<>();
        for (Fill f : result.fills()) {
            fills.put(name.get(f.orderId()), f.filledWh());
        }
        assertEquals(Map.of("b1", 2_000L, "b2", 1_000L, "s1", 1_000L, "s2", 1_000L, "s3", 1_000L), fills);
        ClearingVerification verified = auditor.audit().verifyClearing(slot);
        assertTrue(verified.verified(), verified.problems().toString());

        day.advanceToEnd(slot);
        String nearId = "RetailerOrgMSP:" + near;
        String farId = "RetailerOrgMSP:" + far;
        LedgerDay.readings(meter, slot, List.of(new Object[] {HOME1, 2_000L, 0L}, new Object[] {HOME2, 1_500L, 0L},
                new Object[] {BIZ, 0L, 1_000L}, new Object[] {nearId, 0L, 1_000L}, new Object[] {farId, 0L, 1_000L}));
        SlotState settled = operator.operator().settleSlot(slot);
        // Wheeling money = fee (ticks/kWh) × Wh: 150 × 1000 + 300 × 1000 for b1, nothing for b2.
        assertEquals(450_000, settled.settlement().wheelingFees());
        SettlementRecord buyer1 = LedgerDay.settlement(home1, slot);
        assertEquals(450_000, buyer1.line().wheelingFees());
        assertEquals(3_300_000, buyer1.line().p2pCost(), "1000 × (1425 + 150) + 1000 × (1425 + 300)");
        SettlementRecord buyer2 = LedgerDay.settlement(home2, slot);
        assertEquals(0, buyer2.line().wheelingFees());
        assertEquals(1_300_000, buyer2.line().p2pCost());
        assertEquals(500, buyer2.line().retailSuppliedWh());
        assertEquals(1_425_000, LedgerDay.settlement(biz, slot).line().p2pRevenue());
        assertEquals(1_300_000, LedgerDay.settlement(nearSeller, slot).line().p2pRevenue());
        assertEquals(1_425_000, LedgerDay.settlement(farSeller, slot).line().p2pRevenue());
    }
}
