package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p2pe.market.Slot;
import io.p2pe.protocol.MeterBinding;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.SettlementRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the typed clients send for meter corrections and bindings, settlement listings and the
 * configuration history, and how they read the answers, against a ledger that records every call
 * and answers from a script (the chaincode's behaviour is the integration tests' subject).
 */
class ClientCallsTest {
    private static final Slot SLOT = Slot.parse("2026-06-17T12:00+09:00", 30);
    private static final Slot LATER = Slot.parse("2026-06-18T12:00+09:00", 30);

    /** A call as the ledger received it: contract, function, idempotency (null for queries), arguments. */
    record Call(String contract, String function, Ledger.Idempotency idempotency, List<String> args) {
    }

    /** Records calls; answers each with the next scripted payload. */
    static final class ScriptedLedger implements Ledger {
        final List<Call> calls = new ArrayList<>();
        final Deque<String> answers = new ArrayDeque<>();

        ScriptedLedger answer(String... payloads) {
            answers.addAll(List.of(payloads));
            return this;
        }

        @Override
        public byte[] evaluate(String contract, String function, String... args) {
            calls.add(new Call(contract, function, null, List.of(args)));
            return answers.removeFirst().getBytes(StandardCharsets.UTF_8);
        }

        /** The transient map of the last submission. */
        Map<String, byte[]> lastTransient = Map.of();

        @Override
        public Committed submit(String contract, String function, Idempotency idempotency,
                                Map<String, byte[]> transientData, String... args) {
            calls.add(new Call(contract, function, idempotency, List.of(args)));
            lastTransient = transientData;
            return new Committed("tx-" + calls.size(), 7, answers.removeFirst().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ScriptedLedger ledger = new ScriptedLedger();
    private final ClientSupport support = new ClientSupport(ledger,
            new Identity("RetailerOrgMSP", null, null, Map.of("p2pe.participant", "home-001")), Runnable::run);
    private final GatewayParticipantClient participant = new GatewayParticipantClient(support);
    private final GatewayOperatorClient operator = new GatewayOperatorClient(support, participant);
    private final GatewayAuditClient audit = new GatewayAuditClient(support, participant, operator);

    private static String settlement(String participant, String slot) {
        return "{\"participant\":\"" + participant + "\",\"slot\":\"" + slot + "\",\"deliveredWh\":1000,"
                + "\"settleTxId\":\"tx-s\"}";
    }

    @Test
    void aCorrectionSendsTheReadingWithItsReasonOnceAndReadsTheNewRevision() throws Exception {
        // The chaincode's receipt: no flows, meter id or reason (a return value is in every org's blocks).
        ledger.answer("{\"participant\":\"RetailerOrgMSP:home-001\",\"slot\":\"2026-06-17T12:00+09:00\","
                + "\"revision\":1,\"recordedMsp\":\"GridOrgMSP\",\"privateHash\":\"ab\"}");

        MeterReading r = operator.correctMeterReading(new MeterReadingRequest("RetailerOrgMSP:home-001", SLOT, 1_300, 0,
                "m-home-001"), "register read by hand");

        // No arguments: the correction travels in the transient map, with a fresh 32-byte salt.
        assertEquals(List.of(new Call("meter", "CorrectMeterReading", Ledger.Idempotency.NOT_IDEMPOTENT, List.of())),
                ledger.calls);
        assertEquals("{\"exportedWh\":0,\"importedWh\":1300,\"meterId\":\"m-home-001\",\"participant\":\"RetailerOrgMSP:home-001\","
                + "\"reason\":\"register read by hand\",\"slot\":\"2026-06-17T12:00+09:00\"}",
                new String(ledger.lastTransient.get("reading"), StandardCharsets.UTF_8));
        assertEquals(32, ledger.lastTransient.get("salt").length);
        assertEquals("GridOrgMSP", r.recordedMsp());
        assertEquals(1, r.revision());
        assertEquals("register read by hand", r.correctionReason());
        assertEquals(1_300, r.importedWh());
    }

    @Test
    void aBindingSendsParticipantAndMeterAndMayBeRepeated() throws Exception {
        ledger.answer("{\"participant\":\"RetailerOrgMSP:home-002\",\"meterId\":\"m-new\",\"meterMsp\":\"GridOrgMSP\","
                + "\"readings\":3,\"lastSlot\":\"2026-06-17T12:00+09:00\",\"updatedAt\":\"2026-06-17T04:00:00Z\",\"txId\":\"tx-b\"}");

        MeterBinding b = operator.bindMeter("RetailerOrgMSP:home-002", "m-new");

        assertEquals(List.of(new Call("meter", "BindMeter", Ledger.Idempotency.IDEMPOTENT,
                List.of("RetailerOrgMSP:home-002", "m-new"))), ledger.calls);
        assertEquals(new MeterBinding("RetailerOrgMSP:home-002", "m-new", "GridOrgMSP", 3, "2026-06-17T12:00+09:00",
                "2026-06-17T04:00:00Z", "tx-b"), b);
    }

    @Test
    void settlementsFollowTheBookmarksToTheLastPage() throws Exception {
        ledger.answer("{\"items\":[" + settlement("RetailerOrgMSP:home-001", "2026-06-17T12:00+09:00") + "],\"bookmark\":\"bm1\"}",
                "{\"items\":[" + settlement("RetailerOrgMSP:home-001", "2026-06-18T12:00+09:00") + "],\"bookmark\":\"\"}");

        List<SettlementRecord> lines = participant.settlements(SLOT, LATER);

        assertEquals(List.of(
                new Call("settlement", "ListSettlements", null, List.of("RetailerOrgMSP:home-001",
                        "2026-06-17T12:00+09:00", "2026-06-18T12:00+09:00", "500", "")),
                new Call("settlement", "ListSettlements", null, List.of("RetailerOrgMSP:home-001",
                        "2026-06-17T12:00+09:00", "2026-06-18T12:00+09:00", "500", "bm1"))), ledger.calls);
        assertEquals(List.of("2026-06-17T12:00+09:00", "2026-06-18T12:00+09:00"),
                lines.stream().map(SettlementRecord::slot).toList());
    }

    @Test
    void anAuditorListsAnotherParticipantsSettlements() throws Exception {
        ledger.answer("{\"items\":[],\"bookmark\":\"\"}");

        assertEquals(List.of(), audit.settlements("ExchangeOrgMSP:biz-001", SLOT, SLOT));
        assertEquals(List.of("ExchangeOrgMSP:biz-001", "2026-06-17T12:00+09:00", "2026-06-17T12:00+09:00", "500", ""),
                ledger.calls.get(0).args());
    }

    @Test
    void theConfigurationHistoryIsEveryVersionOfEveryPageInOrder() throws Exception {
        ledger.answer("{\"items\":[{\"version\":1,\"mechanism\":\"UNIFORM_PRICE\"},{\"version\":2,"
                        + "\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"wheelingLevels\":[0,150]}],\"bookmark\":\"b\"}",
                "{\"items\":[{\"version\":3,\"mechanism\":\"PAY_AS_BID\"}],\"bookmark\":\"\"}");

        List<MarketSettings> history = audit.marketConfigHistory();

        assertEquals(List.of(List.of("500", ""), List.of("500", "b")),
                ledger.calls.stream().map(Call::args).toList());
        assertEquals(List.of(1L, 2L, 3L), history.stream().map(MarketSettings::version).toList());
        assertEquals(List.of(0L, 150L), history.get(1).wheelingLevels());
    }

    @Test
    void nullArgumentsAreRefusedBeforeAnyCall() {
        MeterReadingRequest reading = new MeterReadingRequest("RetailerOrgMSP:home-001", SLOT, 1, 0, "m-1");
        assertEquals("reason", assertThrows(NullPointerException.class,
                () -> operator.correctMeterReading(reading, null)).getMessage());
        assertEquals("meterId", assertThrows(NullPointerException.class,
                () -> operator.bindMeter("RetailerOrgMSP:home-001", null)).getMessage());
        assertEquals("to", assertThrows(NullPointerException.class, () -> participant.settlements(SLOT, null)).getMessage());
        assertEquals("participant", assertThrows(NullPointerException.class,
                () -> audit.settlements(null, SLOT, SLOT)).getMessage());
        assertEquals(List.of(), ledger.calls);
    }
}
