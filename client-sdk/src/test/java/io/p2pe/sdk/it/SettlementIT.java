package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pe.market.Slot;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.protocol.DeliveryRecord;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.EventSubscription;
import io.p2pe.sdk.MarketClock;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peEventListener;
import io.p2pe.sdk.ProvenanceVerification;
import io.p2pe.sdk.RenewableShare;
import io.p2pe.sdk.SlotEvent;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A slot through the rest of its life on the ledger clock (LEDGER mode): two orders while its gate
 * is open, the operator's market clock closes and clears it when the ledger time reaches its gate
 * closure, GridOrg's meter records readings once the ledger time has passed its end, the clock
 * settles it, and participants and an auditor read settlement, provenance and renewable share,
 * export and verify them. No transaction carries an invented timestamp.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementIT {
    private static final String HOME = "RetailerOrgMSP:home-001";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection biz;
    private P2peConnection meter;
    private MarketSettings market;
    private Slot slot;
    private LedgerDay day;
    private final List<SlotEvent> settled = Collections.synchronizedList(new ArrayList<>());
    private EventSubscription events;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        meter = ItNetwork.connect(GRID, "meter");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        day = new LedgerDay(Adversary.of(EXCHANGE, "operator"), operator, market);
        slot = day.openSlot();
        home1.participant().submitOrder(OrderRequest.buy("sit-" + RUN + "-b", slot, 1_500, 2_150));
        biz.participant().submitOrder(OrderRequest.sell("sit-" + RUN + "-s", slot, 1_000, 1_200));
        events = auditor.events().subscribe(new P2peEventListener() {
            @Override
            public void onSlotSettled(SlotEvent e) {
                settled.add(e);
            }
        }, EventOptions.defaults());
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(events, operator, auditor, home1, biz, meter, day == null ? null : day.clock());
    }

    @Test
    @Order(1)
    void theMarketClockClosesAndClearsTheSlotWhenItsGateClosureComes() throws Exception {
        List<MarketClock.SlotReport> reports = Collections.synchronizedList(new ArrayList<>());
        try (MarketClock clock = operator.operator().marketClock().startFrom(slot)
                .period(Duration.ofMillis(500)).onSlot(reports::add).start()) {
            // A tick run here, not a sleep, proves the clock looked and found nothing to do: ticks
            // are serialized, so this one saw the ledger time before the gate closure.
            assertEquals(List.of(), clock.tick(), "nothing before the ledger time reaches the gate closure");
            assertTrue(reports.isEmpty(), reports.toString());
            day.advanceToGateClosure(slot);
            ItNetwork.await("the clock's report on " + slot, () -> !reports.isEmpty());
            assertEquals(List.of(), clock.tick(), "a tick after the slot was handled has nothing to do");
            assertEquals(market.next(slot), clock.nextSlot(), "the next slot's gate has not closed on the ledger clock");
        }
        assertEquals(1, reports.size(), "the slot is handled once, later ticks have nothing to do: " + reports);
        MarketClock.SlotReport r = reports.get(0);
        assertEquals("CLEARED", r.outcome(), String.valueOf(r.failure()));
        assertEquals(1_000, r.clearing().clearing().volumeWh());
        assertEquals(SlotState.Status.CLEARED, home1.participant().slot(slot).status());
    }

    @Test
    @Order(2)
    void meterReadingsOnlyFromGridOrgsMeterAndOnlyOnce() throws Exception {
        MeterReadingRequest home = new MeterReadingRequest(HOME, slot, 1_400, 0, "m-home-001");
        assertEquals("INVALID_STATE", refusal(() -> meter.operator().recordMeterReading(home)),
                "a reading before the slot's end on the ledger clock");
        day.advanceToEnd(slot);
        assertEquals("MISSING_METER_READING", refusal(() -> operator.operator().settleSlot(slot)));
        assertEquals("FORBIDDEN", refusal(() -> home1.operator().recordMeterReading(home)));
        assertEquals("FORBIDDEN", refusal(() -> operator.operator().recordMeterReading(home)));
        assertEquals("INVALID_STATE", refusal(() -> meter.operator().recordMeterReading(
                new MeterReadingRequest(HOME, ItNetwork.futureSlot(market), 1, 0, "m-home-001"))));

        MeterReading recorded = meter.operator().recordMeterReading(home);
        assertEquals(1_400, recorded.importedWh());
        assertEquals("GridOrgMSP", recorded.recordedMsp());
        assertEquals(0, recorded.revision());
        meter.operator().recordMeterReading(new MeterReadingRequest(BIZ, slot, 0, 1_000, "m-biz-001"));
        assertEquals("ALREADY_EXISTS", refusal(() -> meter.operator().recordMeterReading(home)));
        assertEquals(recorded, home1.operator().meterReading(HOME, slot), "a participant reads its own reading");
        assertEquals(recorded, auditor.operator().meterReading(HOME, slot));
    }

    @Test
    @Order(3)
    void theMarketClockSettlesOnceDeliveryAndReadingsAreIn() throws Exception {
        Duration settleAfter = Duration.ofMinutes(15);
        MarketClock clock = operator.operator().marketClock().startFrom(slot).settleAfter(settleAfter).build();
        assertTrue(clock.tick().stream().noneMatch(r -> r.outcome().equals("SETTLED")), "not before end + settleAfter");
        day.advanceTo(slot.endInstant().plus(settleAfter));
        List<MarketClock.SlotReport> reports = clock.tick();
        assertTrue(reports.stream().anyMatch(r -> r.slot().equals(slot) && r.outcome().equals("SETTLED")), reports.toString());
        assertTrue(reports.stream().noneMatch(r -> r.outcome().equals("FAILED")), reports.toString());
        assertEquals(SlotState.Status.SETTLED, operator.operator().settleSlot(slot).status(), "settling again returns the stored state");
        ItNetwork.await("SlotSettled of " + slot, () -> settled.stream().anyMatch(e -> e.slot().equals(slot.toString())));
    }

    @Test
    @Order(4)
    void participantsSeeTheirSettlementProvenanceAndRenewableShare() throws Exception {
        SettlementRecord mine = home1.participant().settlement(slot);
        assertEquals(HOME, mine.participant());
        assertEquals(1_000, mine.line().boughtWh());
        assertEquals(1_400, mine.line().importedWh());
        assertEquals(400, mine.line().retailSuppliedWh(), "what P2P did not cover comes from the retailer");
        assertEquals(1_000, mine.deliveredWh());
        assertEquals(mine, home1.participant().settlementAsync(slot).get(30, TimeUnit.SECONDS));
        SettlementRecord sold = biz.participant().settlement(slot);
        assertEquals(1_000, sold.line().soldWh());
        assertEquals(mine.line().p2pCost(), sold.line().p2pRevenue() + mine.line().wheelingFees());

        ProvenanceRecord p = home1.participant().provenance(slot);
        ConsumerProvenance cp = p.provenance();
        assertEquals(1_000, cp.deliveredWh());
        assertEquals(1_000, cp.renewableWh(), "solar from biz-001");
        assertEquals(BIZ, cp.sources().get(0).generator());
        assertEquals(p, home1.participant().provenanceAsync(slot).get(30, TimeUnit.SECONDS));
        assertEquals("NOT_FOUND", refusal(() -> biz.participant().provenance(slot)), "biz-001 bought nothing");

        RenewableShare share = home1.participant().renewableShare(slot, slot);
        assertEquals(1, share.settledSlots());
        assertEquals(1_000, share.renewableWh());
        assertEquals(1_400, share.importedWh());
        assertTrue(share.co2AvoidedMg() > 0);
        assertEquals(share, home1.participant().renewableShareAsync(slot, slot).get(30, TimeUnit.SECONDS));
    }

    @Test
    @Order(5)
    void anAuditorQueriesByConsumerGeneratorAreaAndPeriodExportsAndVerifies() throws Exception {
        Slot from = market.slotAt(slot.startInstant().minus(Duration.ofDays(1)));
        Slot to = market.slotAt(slot.startInstant().plus(Duration.ofDays(1)));
        ProvenanceRecord p = auditor.audit().provenance(HOME, slot);
        assertEquals(List.of(p), auditor.audit().provenanceByConsumer(HOME, slot, slot));
        assertTrue(auditor.audit().provenanceByConsumer(HOME, from, to).contains(p));
        assertTrue(auditor.audit().provenanceByArea("tokyo/setagaya", from, to).contains(p));
        assertFalse(auditor.audit().provenanceByArea("osaka", from, to).contains(p));
        List<DeliveryRecord> delivered = auditor.audit().deliveriesByGenerator(BIZ, slot, slot);
        assertEquals(1, delivered.size());
        assertEquals(1_000, delivered.get(0).deliveries().deliveredWh());
        assertEquals(home1.participant().renewableShare(slot, slot), auditor.audit().renewableShare(HOME, slot, slot));
        assertEquals("FORBIDDEN", refusal(() -> biz.audit().provenanceByConsumer(HOME, slot, slot)),
                "a participant reads only its own provenance");

        StringWriter csv = new StringWriter();
        auditor.audit().exportCsv(List.of(p), csv);
        List<String> lines = csv.toString().lines().toList();
        assertEquals("consumer,slot,generator,sourceType,location,renewable,contractedWh,deliveredWh,buyOrderId,sellOrderId,"
                + "settleTxId", lines.get(0));
        assertEquals(2, lines.size(), csv.toString());
        assertTrue(lines.get(1).startsWith(HOME + "," + slot + "," + BIZ + ",solar,"), lines.get(1));
        StringWriter json = new StringWriter();
        auditor.audit().exportJson(List.of(p), json);
        JsonNode array = new ObjectMapper().readTree(json.toString());
        assertEquals(1, array.size());
        assertEquals(p.settleTxId(), array.get(0).get("settleTxId").asText());

        ProvenanceVerification ok = auditor.audit().verifyProvenance(p);
        assertTrue(ok.verified(), ok.problems().toString());
        ConsumerProvenance c = p.provenance();
        ProvenanceRecord forged = new ProvenanceRecord(p.consumer(), p.slot(), p.slotKey(), new ConsumerProvenance(
                c.consumer(), c.importedWh(), c.contractedWh(), c.deliveredWh() + 100, c.renewableWh() + 100,
                c.co2AvoidedMg(), c.sources()), p.settleTxId());
        assertFalse(auditor.audit().verifyProvenance(forged).verified(), "a record that differs from the ledger");
    }
}
