package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p2pe.market.Slot;
import io.p2pe.market.dr.Baseline;
import io.p2pe.market.dr.DrDirection;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.PointsEntry;
import io.p2pe.sdk.DrEventRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * One DOWN and one UP demand-response event on the real network, on the ledger clock (moved by a
 * few hours only): the operator declares, two fresh households enrol, GridOrg's meter records
 * their last seven days and the event day, the events are measured against the households'
 * baselines computed on the ledger, points are credited once, moved and redeemed, and both events
 * close with their results.
 *
 * <p>Hand calculation: every history day has the same load in the event slot (DOWN household 1,000
 * Wh, UP household 200 Wh), so whichever days the method picks the slot baseline is that load.
 * Same-day adjustment: the DOWN household's window slots read 400 Wh on history days and 500 on the
 * event day, so adj = +100 and the baseline is 1,100; it draws 700: delivered 400 Wh, at 100
 * points/kWh 40 points. The UP household's window reads 300 on every day: adj 0, baseline 200; it
 * draws 900: delivered 700 Wh, 70 points. The DOWN household's battery, dispatched by an
 * aggregator it authorised, responds against the same baseline: 1,100 − 700 = 400 Wh.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class DemandResponseIT {
    private static final String DOWN_HOME = "dr-" + RUN + "-down";
    private static final String UP_HOME = "dr-" + RUN + "-up";
    private static final String DOWN_ID = "RetailerOrgMSP:" + DOWN_HOME;
    private static final String UP_ID = "RetailerOrgMSP:" + UP_HOME;
    private static final int HISTORY_DAYS = 7;
    private static final String AGGREGATOR = "dr-" + RUN + "-agg";
    private static final String AGGREGATOR_ID = "RetailerOrgMSP:" + AGGREGATOR;

    private P2peConnection operator;
    private P2peConnection meter;
    private P2peConnection down;
    private P2peConnection up;
    private P2peConnection aggregator;
    private LedgerDay day;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        meter = ItNetwork.connect(GRID, "meter");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        day = new LedgerDay(Adversary.of(EXCHANGE, "operator"), operator, market);
        LedgerDay.enroll(List.of("retailerorg " + DOWN_HOME + " participant " + DOWN_HOME,
                "retailerorg " + UP_HOME + " participant " + UP_HOME,
                "retailerorg " + AGGREGATOR + " aggregator " + AGGREGATOR));
        // The DOWN household has a 9.8 kWh battery the aggregator dispatches for the event.
        operator.operator().ensureParticipant(ParticipantRegistration.of(DOWN_HOME, "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3").withBattery(9_800));
        operator.operator().ensureParticipant(ParticipantRegistration.of(UP_HOME, "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3"));
        operator.operator().ensureParticipant(ParticipantRegistration.of(AGGREGATOR, "BUSINESS")
                .withMspId("RetailerOrgMSP"));
        down = ItNetwork.connect(RETAILER, DOWN_HOME);
        up = ItNetwork.connect(RETAILER, UP_HOME);
        aggregator = ItNetwork.connect(RETAILER, AGGREGATOR);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, meter, down, up, aggregator, day == null ? null : day.clock());
    }

    private void read(String participant, Slot slot, long importedWh) throws Exception {
        meter.operator().recordMeterReading(new MeterReadingRequest(participant, slot, importedWh, 0,
                "m-" + participant.substring(participant.indexOf(':') + 1)));
    }

    /** The slot at the same local time {@code days} days earlier. */
    private Slot daysBefore(Slot s, int days) {
        return market.slotAt(s.start().atZoneSameInstant(market.zone()).minusDays(days).toInstant());
    }


    private void history(String participant, Slot event, long eventLoad, long historyWindow, long todayWindow)
            throws Exception {
        for (int k = 1; k <= HISTORY_DAYS; k++) {
            read(participant, daysBefore(event, k), eventLoad);
            for (Slot w : Baseline.adjustmentWindow(event)) {
                read(participant, daysBefore(w, k), historyWindow);
            }
        }
        for (Slot w : Baseline.adjustmentWindow(event)) {
            read(participant, w, todayWindow);
        }
    }

    private static String method(Slot s, MarketSettings market) {
        DayOfWeek d = s.start().atZoneSameInstant(market.zone()).getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? "HIGH_2_OF_3" : "HIGH_4_OF_5";
    }

    @Test
    void aDownAndAnUpEventMeasuredCreditedAndClosed() throws Exception {
        Instant now = day.now();
        Slot downSlot = market.slotAt(now.plus(Duration.ofHours(6)));
        Slot upSlot = market.next(downSlot);
        Instant deadline = now.plus(Duration.ofHours(1));
        String downEvent = "it-" + RUN + "-down";
        String upEvent = "it-" + RUN + "-up";
        DrEvent declared = operator.demandResponse().declare(DrEventRequest.builder().eventId(downEvent)
                .direction(DrDirection.DOWN).slots(downSlot, downSlot).targetWh(1_000).pointsPerKwh(100)
                .enrolmentDeadline(deadline).build());
        assertEquals(DrEvent.Status.OPEN, declared.status());
        assertEquals(List.of(downSlot.toString()), declared.slots());
        operator.demandResponse().declare(DrEventRequest.builder().eventId(upEvent).direction(DrDirection.UP)
                .slots(upSlot, upSlot).targetWh(500).pointsPerKwh(100).enrolmentDeadline(deadline).build());
        assertEquals("FORBIDDEN", refusal(() -> down.demandResponse().declare(DrEventRequest.builder()
                .eventId("it-" + RUN + "-x").direction(DrDirection.UP).slots(upSlot, upSlot).targetWh(1)
                .pointsPerKwh(1).enrolmentDeadline(deadline).build())));
        assertEquals("ALREADY_EXISTS", refusal(() -> operator.demandResponse().declare(DrEventRequest.builder()
                .eventId(downEvent).direction(DrDirection.DOWN).slots(downSlot, downSlot).targetWh(1_000)
                .pointsPerKwh(100).enrolmentDeadline(deadline).build())));

        assertEquals(DOWN_ID, down.demandResponse().enrol(downEvent).participant());
        assertEquals(UP_ID, up.demandResponse().enrol(upEvent).participant());
        assertEquals("INVALID_STATE", refusal(() -> down.demandResponse().measure(downEvent, DOWN_ID)),
                "before the event ended");
        // Virtual power plant: the household authorises the aggregator, which dispatches its battery for the event.
        assertEquals("FORBIDDEN", refusal(() -> aggregator.demandResponse().dispatchBattery(DOWN_ID, downSlot,
                BatteryDispatch.Direction.DISCHARGE, 500, downEvent)), "before the household authorised it");
        down.participant().authorizeAggregator(AGGREGATOR_ID);
        BatteryDispatch instructed = aggregator.demandResponse().dispatchBattery(DOWN_ID, downSlot,
                BatteryDispatch.Direction.DISCHARGE, 500, downEvent);
        assertEquals(AGGREGATOR_ID, instructed.aggregator());
        up.participant().authorizeAggregator(AGGREGATOR_ID);
        assertEquals("INVALID_STATE", refusal(() -> aggregator.demandResponse().dispatchBattery(UP_ID, upSlot,
                BatteryDispatch.Direction.CHARGE, 500, upEvent)), "no battery registered");

        day.advanceTo(upSlot.endInstant().plus(Duration.ofMinutes(1)));
        assertEquals("INVALID_STATE", refusal(() -> up.demandResponse().enrol(downEvent)), "after the deadline");
        history(DOWN_ID, downSlot, 1_000, 400, 500);
        history(UP_ID, upSlot, 200, 300, 300);
        assertEquals("MISSING_METER_READING", refusal(() -> meter.demandResponse().measure(downEvent, DOWN_ID)));
        read(DOWN_ID, downSlot, 700);
        read(UP_ID, upSlot, 900);

        DrPerformance d = meter.demandResponse().measure(downEvent, DOWN_ID);
        assertEquals("ADJUSTED", d.baselineStatus());
        assertEquals(method(downSlot, market), d.method());
        assertEquals(100, d.adjustmentWh());
        assertEquals(List.of(new DrPerformance.Slot(downSlot.toString(), 1_100, 700, 400, 400, 40)), d.slots());
        assertEquals(40, d.points());
        DrPerformance u = operator.demandResponse().measure(upEvent, UP_ID);
        assertEquals(List.of(new DrPerformance.Slot(upSlot.toString(), 200, 900, 700, 700, 70)), u.slots());
        // The dispatched battery's response against the same baseline: 1,100 − 700 = 400 Wh.
        BatteryDispatch responded = meter.demandResponse().recordDispatchResponse(DOWN_ID, downSlot);
        assertEquals(new BatteryDispatch.Response("ADJUSTED", 400, responded.response().recordedAt(),
                responded.response().txId()), responded.response());
        assertEquals(responded, down.demandResponse().dispatch(DOWN_ID, downSlot));
        assertEquals(List.of(responded), down.demandResponse().dispatches(DOWN_ID, downSlot, downSlot));
        // A repeated measurement returns the same record and credits nothing.
        assertEquals(d, operator.demandResponse().measure(downEvent, DOWN_ID));
        assertEquals(40, down.demandResponse().points(DOWN_ID).points());
        assertEquals(70, up.demandResponse().points(UP_ID).points());
        assertEquals(d, down.demandResponse().performance(downEvent, DOWN_ID));
        assertEquals("FORBIDDEN", refusal(() -> up.demandResponse().performance(downEvent, DOWN_ID)));

        PointsEntry sent = down.demandResponse().transferPoints(UP_ID, 15, "it");
        assertEquals(25, sent.balance());
        assertEquals("INSUFFICIENT_POINTS", refusal(() -> down.demandResponse().transferPoints(UP_ID, 26, null)));
        operator.demandResponse().redeemPoints(UP_ID, 85, "setagaya-pay:" + RUN);
        assertEquals(0, up.demandResponse().points(UP_ID).points());
        assertEquals(85, up.demandResponse().points(UP_ID).redeemed());
        assertEquals(List.of(PointsEntry.Kind.DR_CREDIT, PointsEntry.Kind.TRANSFER_OUT),
                down.demandResponse().pointsHistory(DOWN_ID).stream().map(PointsEntry::kind).toList());

        DrEvent closedDown = operator.demandResponse().close(downEvent);
        assertEquals(DrEvent.Status.CLOSED, closedDown.status());
        assertEquals(new DrEvent.Result(1, 1, List.of(), 400, 400, 40, closedDown.result().closedAt(),
                closedDown.result().closeTxId()), closedDown.result());
        DrEvent closedUp = operator.demandResponse().close(upEvent);
        assertEquals(700, closedUp.result().creditedWh());
        assertEquals(closedUp, operator.demandResponse().event(upEvent));
        assertEquals("INVALID_STATE", refusal(() -> meter.demandResponse().measure(upEvent, UP_ID)));
    }
}
