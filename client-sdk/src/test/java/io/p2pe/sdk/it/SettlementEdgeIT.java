package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Nothing stuck in settlement: a reading of a participant without trades that arrives after the
 * slot is settled is accepted, and the next SettleSlot writes its settlement line (retail supply at
 * the slot's tariff) and adds it to the slot's summary; and a
 * settlement whose money overflows 64 bits (a 10^12 Wh reading at the highest retail tariff) is a
 * coded refusal, {@code OUT_OF_RANGE}, that leaves the slot cleared and unsettled; and a slot with more
 * participants than a page settles page by page.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementEdgeIT {
    private static final long MAX_TARIFF = 10_000_000L;
    private static final long MAX_READING_WH = 1_000_000_000_000L;
    private final String late = "late-" + RUN;
    private final String huge = "huge-" + RUN;

    private P2peConnection operator;
    private P2peConnection home1;
    private P2peConnection biz;
    private P2peConnection meter;
    private Adversary clock;
    private LedgerDay day;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of("retailerorg " + late + " participant", "retailerorg " + huge + " participant"));
        for (String name : List.of(late, huge)) {
            operator.operator().ensureParticipant(ParticipantRegistration.of(name, "HOUSEHOLD")
                    .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"));
        }
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        meter = ItNetwork.connect(GRID, "meter");
        clock = Adversary.of(EXCHANGE, "operator");
        day = new LedgerDay(clock, operator, market);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, home1, biz, meter, clock);
    }

    @Test
    void lateReadingOfANonTraderIsSettled() throws Exception {
        Slot slot = day.clearedTrade(home1, biz, "sel-" + RUN);
        LedgerDay.readings(meter, slot, List.of(new Object[] {"RetailerOrgMSP:home-001", 1_000L, 0L},
                new Object[] {"ExchangeOrgMSP:biz-001", 0L, 1_000L}));
        operator.operator().settleSlot(slot);
        int linesBefore = operator.operator().slot(slot).settlement().participants();
        // After settlement the reading is accepted; the next SettleSlot of the slot writes its line.
        meter.operator().recordMeterReading(new MeterReadingRequest("RetailerOrgMSP:" + late, slot, 700, 0, "m-" + late));
        operator.operator().settleSlot(slot);
        try (P2peConnection lateHome = ItNetwork.connect(RETAILER, late)) {
            SettlementRecord line = LedgerDay.settlement(lateHome, slot);
            assertEquals("RetailerOrgMSP:" + late, line.participant());
            assertEquals(0, line.deliveredWh());
            assertEquals(700, line.line().retailSuppliedWh());
        }
        assertEquals(linesBefore + 1, operator.operator().slot(slot).settlement().participants(),
                "the slot's summary counts the late line");
    }

    @Test
    void overflowInSettlementIsRefusedWithOutOfRange() throws Exception {
        MarketSettings before = operator.participant().marketSettings();
        Slot slot;
        try {
            operator.operator().postTariffs(MAX_TARIFF, before.buyBackTariff());
            slot = day.clearedTrade(home1, biz, "seo-" + RUN);
        } finally {
            operator.operator().postTariffs(before.retailTariff(), before.buyBackTariff());
        }
        LedgerDay.readings(meter, slot, List.of(new Object[] {"RetailerOrgMSP:home-001", 1_000L, 0L},
                new Object[] {"ExchangeOrgMSP:biz-001", 0L, 1_000L},
                new Object[] {"RetailerOrgMSP:" + huge, MAX_READING_WH, 0L}));
        Slot s = slot;
        assertEquals("OUT_OF_RANGE", refusal(() -> operator.operator().settleSlot(s)));
        assertEquals(SlotState.Status.CLEARED, operator.operator().slot(slot).status());
    }

    /**
     * With settlementPageSize 1, a slot of three participants (buyer, seller, a metered non-trader)
     * takes three SettleSlot transactions, in id order: the first leaves it SETTLING after
     * biz-001 and makes its readings final; the SDK's settleSlot settles the rest, and the totals
     * count all three.
     */
    @Test
    void aSlotWithMoreParticipantsThanAPageSettlesPageByPage() throws Exception {
        Slot slot = day.clearedTrade(home1, biz, "sep-" + RUN);
        LedgerDay.readings(meter, slot, List.of(new Object[] {"RetailerOrgMSP:home-001", 1_000L, 0L},
                new Object[] {"ExchangeOrgMSP:biz-001", 0L, 1_000L},
                new Object[] {"RetailerOrgMSP:" + huge, 500L, 0L}));
        com.fasterxml.jackson.databind.node.ObjectNode before = clock.reconfigure(java.util.Map.of("settlementPageSize", 1));
        SlotState settled;
        try {
            SlotState first = Adversary.JSON.readValue(
                    clock.submitSalted("settlement", "SettleSlot", slot.toString()), SlotState.class);
            assertEquals(SlotState.Status.SETTLING, first.status());
            assertEquals(1, first.settlement().participants());
            assertEquals("ExchangeOrgMSP:biz-001", first.settlement().settledThrough());
            assertEquals("INVALID_STATE", refusal(() -> meter.operator().correctMeterReading(new MeterReadingRequest(
                    "RetailerOrgMSP:home-001", slot, 900, 0, "m-home-001"), "after the first page")));
            settled = operator.operator().settleSlot(slot);
        } finally {
            clock.restoreConfig(before);
        }
        assertEquals(SlotState.Status.SETTLED, settled.status());
        assertEquals(3, settled.settlement().pages());
        assertEquals(3, settled.settlement().participants());
        assertEquals(1_500, settled.settlement().importedWh());
        assertEquals(1_000, settled.settlement().deliveredWh());
        assertEquals(1_000, LedgerDay.settlement(home1, slot).deliveredWh());
        assertEquals(1_000, LedgerDay.settlement(biz, slot).line().soldWh());
    }
}
