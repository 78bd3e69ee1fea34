package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.MeterReading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the operator client sends for batched readings and registrations: lists longer than the
 * chaincode's batch split into transactions in order, refusals naming the index in the whole list.
 */
class BatchCallsTest {
    private static final Slot SLOT = Slot.parse("2026-06-17T12:00+09:00", 30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A submission as the ledger received it. */
    record Sent(String function, Ledger.Idempotency idempotency, Map<String, byte[]> transientData, List<String> args) {
        JsonNode array() throws Exception {
            byte[] readings = transientData.get("readings");
            return MAPPER.readTree(readings != null ? new String(readings, StandardCharsets.UTF_8) : args.get(0));
        }
    }

    /** Answers each submission with {@code answer} of it; queries with {@code settings}. */
    private static final class FakeLedger implements Ledger {
        final List<Sent> sent = new ArrayList<>();

        /** The number of elements each transaction sent carried. */
        List<Integer> partSizes() {
            return sent.stream().map(s -> {
                try {
                    return s.array().size();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
        final Function<Sent, String> answer;
        String settings = "{\"maxArgumentBytes\":65536}";
        EndorsementRejectedException refuseAt;
        int refuseCall = -1;

        FakeLedger(Function<Sent, String> answer) {
            this.answer = answer;
        }

        @Override
        public byte[] evaluate(String contract, String function, String... args) {
            return settings.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Committed submit(String contract, String function, Idempotency idempotency,
                                Map<String, byte[]> transientData, String... args) throws P2peException {
            Sent s = new Sent(contract + ":" + function, idempotency, transientData, List.of(args));
            sent.add(s);
            if (sent.size() - 1 == refuseCall) {
                throw refuseAt;
            }
            return new Committed("tx-" + sent.size(), 7, answer.apply(s).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static OperatorClient operator(FakeLedger ledger) {
        ClientSupport support = new ClientSupport(ledger, new Identity("GridOrgMSP", null, null, Map.of()), Runnable::run);
        return new GatewayOperatorClient(support, new GatewayParticipantClient(support));
    }

    /** RecordMeterReadings' answer to a part: every reading recorded, a receipt each. */
    private static String recordedAll(Sent s) {
        try {
            JsonNode readings = s.array();
            StringBuilder receipts = new StringBuilder();
            for (JsonNode r : readings) {
                receipts.append(receipts.length() == 0 ? "" : ",").append("{\"participant\":\"")
                        .append(r.get("participant").asText()).append("\",\"slot\":\"").append(r.get("slot").asText())
                        .append("\",\"slotKey\":\"20260617T0300Z\",\"revision\":0,\"recordedMsp\":\"GridOrgMSP\","
                                + "\"privateHash\":\"ab\"}");
            }
            return "{\"recorded\":" + readings.size() + ",\"alreadyRecorded\":0,\"receipts\":[" + receipts + "]}";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<MeterReadingRequest> readings(int n) {
        List<MeterReadingRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MeterReadingRequest("RetailerOrgMSP:home-" + i, SLOT, i, 2L * i, "m-" + i));
        }
        return out;
    }

    @Test
    void readingsGoInTransactionsOfAtMostTheChaincodesBatchInTheTransientMap() throws Exception {
        FakeLedger ledger = new FakeLedger(BatchCallsTest::recordedAll);
        MeterReadingBatch batch = operator(ledger).recordMeterReadings(readings(2_500));

        assertEquals(3, ledger.sent.size());
        assertEquals(List.of(1_000, 1_000, 500), ledger.partSizes());
        for (Sent s : ledger.sent) {
            assertEquals("meter:RecordMeterReadings", s.function());
            assertEquals(List.of(), s.args(), "the readings are no argument: arguments are in every org's blocks");
            assertEquals(32, s.transientData().get("salt").length);
            // A stored identical reading is skipped, so an unknown outcome may be retried as a new transaction.
            assertEquals(Ledger.Idempotency.IDEMPOTENT, s.idempotency());
        }
        JsonNode first = ledger.sent.get(1).array().get(0);
        assertEquals("RetailerOrgMSP:home-1000", first.get("participant").asText());
        assertEquals(2_000, first.get("exportedWh").asLong());
        assertEquals("m-1000", first.get("meterId").asText());
        assertEquals(2_500, batch.recorded());
        assertEquals(0, batch.alreadyRecorded());
        MeterReading last = batch.readings().get(2_499);
        assertEquals("RetailerOrgMSP:home-2499", last.participant());
        assertEquals(2_499, last.importedWh());
        assertEquals("m-2499", last.meterId());
        assertEquals("20260617T0300Z", last.slotKey());
    }

    @Test
    void aRefusalNamesTheIndexInTheWholeList() {
        FakeLedger ledger = new FakeLedger(BatchCallsTest::recordedAll);
        ledger.refuseCall = 1;
        ledger.refuseAt = new EndorsementRejectedException("tx-2", "OUT_OF_RANGE", null,
                "readings[17]: reading: field 'importedWh' must be between 0 and 1000000000000, got -1", null);
        EndorsementRejectedException e = assertThrows(EndorsementRejectedException.class,
                () -> operator(ledger).recordMeterReadings(readings(1_500)));
        assertEquals("readings[1017]: reading: field 'importedWh' must be between 0 and 1000000000000, got -1",
                e.chaincodeMessage());
        assertEquals(ErrorCode.OUT_OF_RANGE, e.errorCode().orElseThrow());
        assertEquals("tx-2", e.transactionId().orElseThrow());
        // A refusal of the whole transaction is passed on as it is.
        FakeLedger forbidden = new FakeLedger(BatchCallsTest::recordedAll);
        forbidden.refuseCall = 0;
        forbidden.refuseAt = new EndorsementRejectedException("tx-1", "FORBIDDEN", null, "RecordMeterReadings needs role meter", null);
        assertEquals(forbidden.refuseAt, assertThrows(EndorsementRejectedException.class,
                () -> operator(forbidden).recordMeterReadings(readings(2))));
    }

    @Test
    void aReceiptCountThatDoesNotMatchIsAnUnexpectedResponse() {
        FakeLedger ledger = new FakeLedger(s -> "{\"recorded\":0,\"alreadyRecorded\":0,\"receipts\":[]}");
        assertThrows(UnexpectedResponseException.class, () -> operator(ledger).recordMeterReadings(readings(3)));
        assertThrows(IllegalArgumentException.class, () -> operator(ledger).recordMeterReadings(List.of()));
        assertThrows(NullPointerException.class, () -> operator(ledger).recordMeterReadings(null));
        assertEquals(List.of(), ledger.sent.subList(1, ledger.sent.size()), "nothing sent for an empty list");
    }

    @Test
    void registrationsSplitByCountAndByTheMarketsArgumentLimit() throws Exception {
        FakeLedger ledger = new FakeLedger(s -> {
            try {
                JsonNode regs = s.array();
                StringBuilder ps = new StringBuilder();
                for (JsonNode r : regs) {
                    ps.append(ps.length() == 0 ? "" : ",").append("{\"id\":\"RetailerOrgMSP:")
                            .append(r.get("participant").asText()).append("\",\"kind\":\"HOUSEHOLD\"}");
                }
                return "{\"registered\":" + regs.size() + ",\"alreadyRegistered\":0,\"participants\":[" + ps + "]}";
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // {"participant":"h-0001","kind":"HOUSEHOLD"}: 43 bytes, 44 with its comma; 22 in an array of 1,000 bytes.
        ledger.settings = "{\"maxArgumentBytes\":1000}";
        List<ParticipantRegistration> regs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            regs.add(ParticipantRegistration.of(String.format("h-%04d", i), "HOUSEHOLD"));
        }
        ParticipantBatch batch = operator(ledger).onboardParticipants(regs);
        assertEquals(List.of(22, 22, 6), ledger.partSizes());
        for (Sent s : ledger.sent) {
            assertEquals("participant:RegisterParticipants", s.function());
            assertEquals(Ledger.Idempotency.IDEMPOTENT, s.idempotency());
            assertTrue(s.args().get(0).getBytes(StandardCharsets.UTF_8).length <= 1000, s.args().get(0));
        }
        assertEquals(50, batch.registered());
        assertEquals("RetailerOrgMSP:h-0049", batch.participants().get(49).id());

        ledger.sent.clear();
        ledger.settings = "{\"maxArgumentBytes\":1048576}";
        List<ParticipantRegistration> many = new ArrayList<>();
        for (int i = 0; i < 2_001; i++) {
            many.add(ParticipantRegistration.of("h-" + i, "HOUSEHOLD"));
        }
        assertEquals(2_001, operator(ledger).onboardParticipants(many).participants().size());
        assertEquals(3, ledger.sent.size(), "1,000 registrations a transaction at most");
    }
}
