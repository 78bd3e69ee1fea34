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
import io.p2pe.protocol.MeterBinding;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingBatch;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantBatch;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * GridOrg's meter corrects a reading before settlement and rebinds a participant's meter after a
 * meter exchange, through the SDK ({@code OperatorClient.correctMeterReading}, {@code bindMeter}),
 * on LEDGER time: settlement uses the corrected reading, a settled reading is final, readings
 * after a rebinding must name the new meter; other roles are refused, and bad fields are refused
 * with a code naming the field. The meter records a slot's readings in one batch
 * ({@code recordMeterReadings}), a retry of it stores nothing new, and the operator registers
 * participants of two orgs in one batch ({@code onboardParticipants}).
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterCorrectionIT {
    private static final String HOME = "RetailerOrgMSP:home-001";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    /** A participant only this class meters, so rebinding its meter touches no other test's readings. */
    private final String exchanged = "meter-swap-" + RUN;
    private P2peConnection operator;
    private P2peConnection meter;
    private P2peConnection home1;
    private P2peConnection biz;
    private LedgerDay day;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        operator.operator().ensureParticipant(ParticipantRegistration.of(exchanged, "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"));
        meter = ItNetwork.connect(GRID, "meter");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        day = new LedgerDay(Adversary.of(EXCHANGE, "operator"), operator, market);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, meter, home1, biz, day == null ? null : day.clock());
    }

    @Test
    void aReadingIsCorrectedUntilTheSlotIsSettledAndSettlementUsesTheCorrection() throws Exception {
        // home-001 bought 1 kWh from biz-001; its meter first reports 900 Wh imported, then 1,200.
        Slot slot = day.clearedTrade(home1, biz, "mci-" + RUN);
        LedgerDay.readings(meter, slot, List.of(new Object[] {HOME, 900L, 0L}, new Object[] {BIZ, 0L, 1_000L}));
        MeterReadingRequest corrected = new MeterReadingRequest(HOME, slot, 1_200, 0, "m-home-001");
        String reason = "register read on site " + RUN;

        assertEquals("FORBIDDEN", refusal(() -> home1.operator().correctMeterReading(corrected, reason)),
                "a household cannot correct its own reading");
        assertEquals("FORBIDDEN", refusal(() -> operator.operator().correctMeterReading(corrected, reason)),
                "nor can the market operator");
        assertEquals("INVALID_FORMAT reason", refusalWithField(() -> meter.operator().correctMeterReading(corrected, " ")));
        assertEquals("CONFLICT meterId", refusalWithField(() -> meter.operator().correctMeterReading(
                new MeterReadingRequest(HOME, slot, 1_200, 0, "m-not-bound-" + RUN), reason)));
        assertEquals("NOT_FOUND", refusal(() -> meter.operator().correctMeterReading(
                new MeterReadingRequest("RetailerOrgMSP:home-002", slot, 1, 0, "m-home-002"), reason)),
                "home-002 has no reading of this slot to correct");
        assertEquals(900, meter.operator().meterReading(HOME, slot).importedWh(), "the refusals changed nothing");

        MeterReading r = meter.operator().correctMeterReading(corrected, reason);
        assertEquals(1, r.revision());
        assertEquals(1_200, r.importedWh());
        assertEquals(reason, r.correctionReason());
        assertEquals("GridOrgMSP", r.recordedMsp());
        assertEquals(r, home1.operator().meterReading(HOME, slot), "the household reads the corrected reading");

        assertEquals(SlotState.Status.SETTLED, operator.operator().settleSlot(slot).status());
        SettlementRecord line = LedgerDay.settlement(home1, slot);
        assertEquals(1_200, line.line().importedWh());
        assertEquals(1_000, line.line().boughtWh());
        assertEquals(200, line.line().retailSuppliedWh(), "1,200 imported − 1,000 bought");
        assertEquals("INVALID_STATE", refusal(() -> meter.operator().correctMeterReading(
                new MeterReadingRequest(HOME, slot, 1_000, 0, "m-home-001"), reason)), "a settled reading is final");
        assertEquals(r, meter.operator().meterReading(HOME, slot));
    }

    @Test
    void aMeterExchangeRebindsTheParticipantAndLaterReadingsNameTheNewMeter() throws Exception {
        String participant = "RetailerOrgMSP:" + exchanged;
        String oldMeter = "m-old-" + RUN;
        String newMeter = "m-new-" + RUN;
        Slot before = day.deliveredSlot();
        Slot after = market.next(before);
        day.advanceToEnd(after);
        meter.operator().recordMeterReading(new MeterReadingRequest(participant, before, 300, 0, oldMeter));

        assertEquals("FORBIDDEN", refusal(() -> operator.operator().bindMeter(participant, newMeter)));
        assertEquals("FORBIDDEN", refusal(() -> home1.operator().bindMeter(participant, newMeter)));
        assertEquals("INVALID_FORMAT meterId", refusalWithField(() -> meter.operator().bindMeter(participant, "m new")));
        assertEquals("NOT_FOUND", refusal(() -> meter.operator().bindMeter("RetailerOrgMSP:unregistered-" + RUN,
                newMeter)));

        MeterBinding b = meter.operator().bindMeter(participant, newMeter);
        assertEquals(new MeterBinding(participant, newMeter, "GridOrgMSP", 1, before.toString(), b.updatedAt(),
                b.txId()), b, "the binding keeps the count and last slot of the readings so far");
        assertTrue(b.txId() != null && !b.txId().isEmpty(), b.toString());
        assertEquals("CONFLICT meterId", refusalWithField(() -> meter.operator().recordMeterReading(
                new MeterReadingRequest(participant, after, 250, 0, oldMeter))), "the old meter is no longer bound");
        MeterReading next = meter.operator().recordMeterReading(new MeterReadingRequest(participant, after, 250, 0,
                newMeter));
        assertEquals(newMeter, next.meterId());
        assertEquals(0, next.revision());
        // Binding the bound meter again is harmless (the SDK may retry it): the same meter, the reading counted.
        MeterBinding again = meter.operator().bindMeter(participant, newMeter);
        assertEquals(newMeter, again.meterId());
        assertEquals(2, again.readings());
        assertEquals(after.toString(), again.lastSlot());
    }
    @Test
    void aBatchOfReadingsIsRecordedOnceReadBackRetriedAndSettled() throws Exception {
        // home-001 bought 1 kWh from biz-001; both readings travel in one RecordMeterReadings.
        Slot slot = day.clearedTrade(home1, biz, "mbi-" + RUN);
        List<MeterReadingRequest> readings = List.of(new MeterReadingRequest(HOME, slot, 1_100, 0, "m-home-001"),
                new MeterReadingRequest(BIZ, slot, 0, 1_000, "m-biz-001"));
        assertEquals("FORBIDDEN", refusal(() -> home1.operator().recordMeterReadings(readings)));
        assertEquals("FORBIDDEN", refusal(() -> operator.operator().recordMeterReadings(readings)));

        MeterReadingBatch batch = meter.operator().recordMeterReadings(readings);
        assertEquals(2, batch.recorded());
        assertEquals(0, batch.alreadyRecorded());
        assertEquals(batch.readings().get(0), home1.operator().meterReading(HOME, slot), "the household reads it");
        assertEquals(batch.readings().get(1), meter.operator().meterReading(BIZ, slot));
        assertEquals(batch.readings().get(0).txId(), batch.readings().get(1).txId(), "one transaction");

        // A retry (as after a lost outcome) stores nothing new; other values are refused at their index.
        MeterReadingBatch again = meter.operator().recordMeterReadings(readings);
        assertEquals(0, again.recorded());
        assertEquals(2, again.alreadyRecorded());
        assertEquals(batch.readings(), again.readings());
        EndorsementRejectedException changed = assertThrows(EndorsementRejectedException.class,
                () -> meter.operator().recordMeterReadings(List.of(readings.get(1),
                        new MeterReadingRequest(HOME, slot, 1_101, 0, "m-home-001"))));
        assertEquals(ErrorCode.ALREADY_EXISTS, changed.errorCode().orElseThrow());
        assertTrue(changed.chaincodeMessage().startsWith("readings[1]: "), changed.chaincodeMessage());
        assertEquals(1_100, meter.operator().meterReading(HOME, slot).importedWh(), "the refusal changed nothing");

        assertEquals(SlotState.Status.SETTLED, operator.operator().settleSlot(slot).status());
        SettlementRecord line = LedgerDay.settlement(home1, slot);
        assertEquals(1_100, line.line().importedWh());
        assertEquals(1_000, line.line().boughtWh());
        assertEquals(100, line.line().retailSuppliedWh(), "1,100 imported − 1,000 bought");
    }

    @Test
    void participantsAreRegisteredInOneTransactionAndARetrySkipsThem() throws Exception {
        List<ParticipantRegistration> regs = List.of(
                ParticipantRegistration.of("batch-a-" + RUN, "HOUSEHOLD").withMspId("RetailerOrgMSP"),
                ParticipantRegistration.of("batch-b-" + RUN, "BUSINESS").withMspId("ExchangeOrgMSP"));
        assertEquals("FORBIDDEN", refusal(() -> home1.operator().onboardParticipants(regs)));
        ParticipantBatch batch = operator.operator().onboardParticipants(regs);
        assertEquals(2, batch.registered());
        assertEquals("ExchangeOrgMSP:batch-b-" + RUN, batch.participants().get(1).id());
        assertEquals(batch.participants().get(0), operator.operator().participant("RetailerOrgMSP:batch-a-" + RUN));
        ParticipantBatch again = operator.operator().onboardParticipants(regs);
        assertEquals(0, again.registered());
        assertEquals(2, again.alreadyRegistered());
        assertEquals(batch.participants(), again.participants());
    }
}
