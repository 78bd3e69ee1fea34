package io.p2pe.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.LedgerClock;
import io.p2pe.protocol.MeterBinding;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import io.p2pe.protocol.SourceAttestation;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

final class GatewayOperatorClient implements OperatorClient {
    private final ClientSupport support;
    private final GatewayParticipantClient reader;

    GatewayOperatorClient(ClientSupport support, GatewayParticipantClient reader) {
        this.support = support;
        this.reader = reader;
    }

    @Override
    public MarketSettings configureMarket(MarketConfigRequest config) throws P2peException {
        Objects.requireNonNull(config, "config");
        return support.submit(MarketSettings.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Config.NAME, Contracts.Config.SET_MARKET_CONFIG,
                Json.write(config));
    }

    @Override
    public MarketSettings postTariffs(long retailTariff, long buyBackTariff) throws P2peException {
        MarketConfigRequest next = MarketConfigRequest.from(reader.marketSettings())
                .retailTariff(retailTariff).buyBackTariff(buyBackTariff).build();
        return configureMarket(next);
    }

    /** The registration as the chaincode reads it: absent optional fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    record RegistrationJson(String participant, String mspId, String kind, String location, long pvWatts,
                            long batteryWh, boolean ev, long evBatteryWh, String sourceType) {
        static RegistrationJson of(ParticipantRegistration r) {
            return new RegistrationJson(r.participant(), r.mspId(), r.kind(), r.location(), r.pvWatts(),
                    r.batteryWh(), r.ev(), r.evBatteryWh(), r.sourceType());
        }
    }

    @Override
    public Participant onboardParticipant(ParticipantRegistration registration) throws P2peException {
        Objects.requireNonNull(registration, "registration");
        return support.submit(Participant.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Participant.NAME, Contracts.Participant.REGISTER_PARTICIPANT, Json.write(RegistrationJson.of(registration)));
    }

    @Override
    public Participant ensureParticipant(ParticipantRegistration registration) throws P2peException {
        Objects.requireNonNull(registration, "registration");
        try {
            return onboardParticipant(registration);
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            String msp = registration.mspId() == null ? support.identity.mspId() : registration.mspId();
            return participant(msp + ":" + registration.participant());
        }
    }

    /** RegisterParticipants' answer. */
    record RegistrationsJson(int registered, int alreadyRegistered, List<Participant> participants) {
    }

    @Override
    public ParticipantBatch onboardParticipants(List<ParticipantRegistration> registrations) throws P2peException {
        Batches.requireElements(registrations, "registrations");
        List<String> texts = new ArrayList<>();
        for (ParticipantRegistration r : registrations) {
            texts.add(Json.write(RegistrationJson.of(Objects.requireNonNull(r, "registration " + texts.size()))));
        }
        List<Batches.Part> parts = Batches.split(texts, ParticipantBatch.MAX_PARTICIPANTS,
                reader.marketSettings().maxArgumentBytes());
        int registered = 0;
        int already = 0;
        List<Participant> stored = new ArrayList<>();
        for (Batches.Part part : parts) {
            RegistrationsJson out;
            try {
                // A participant registered with the same fields is skipped: a lost outcome may be retried.
                out = support.submit(RegistrationsJson.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Participant.NAME,
                        Contracts.Participant.REGISTER_PARTICIPANTS, part.json());
            } catch (EndorsementRejectedException e) {
                throw Batches.inList(e, "participants", part.offset());
            }
            if (out.participants() == null || out.participants().size() != part.texts().size()) {
                throw new UnexpectedResponseException("participant:RegisterParticipants returned "
                        + (out.participants() == null ? "no" : out.participants().size()) + " participants for "
                        + part.texts().size(), null, null);
            }
            registered = Math.addExact(registered, out.registered());
            already = Math.addExact(already, out.alreadyRegistered());
            stored.addAll(out.participants());
        }
        return new ParticipantBatch(registered, already, stored);
    }

    @Override
    public Participant suspendParticipant(String participantId, String reason) throws P2peException {
        return support.submit(Participant.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Participant.NAME, Contracts.Participant.SUSPEND_PARTICIPANT, Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public Participant reinstateParticipant(String participantId, String reason) throws P2peException {
        return support.submit(Participant.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Participant.NAME, Contracts.Participant.REINSTATE_PARTICIPANT, Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public Participant participant(String participantId) throws P2peException {
        return support.evaluate(Participant.class, Contracts.Participant.NAME, Contracts.Participant.GET_PARTICIPANT,
                Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public List<Participant> participants(String mspId) throws P2peException {
        return support.allPages(Participant.class, Contracts.Participant.NAME, Contracts.Participant.LIST_PARTICIPANTS, mspId == null ? "" : mspId);
    }

    @Override
    public SlotState closeSlot(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        // Closing is a no-op when repeated, so a lost outcome may be retried as a new transaction.
        return support.submit(SlotState.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Slot.NAME, Contracts.Slot.CLOSE_SLOT, slot.toString());
    }

    @Override
    public CompletableFuture<SlotState> closeSlotAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> closeSlot(slot));
    }

    @Override
    public ClearingRecord clearSlot(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return ClearingPublication.complete(support, support.submit(SlotState.class, Ledger.Idempotency.IDEMPOTENT,
                Contracts.Slot.NAME, Contracts.Slot.CLEAR_SLOT, slot.toString()));
    }

    @Override
    public CompletableFuture<ClearingRecord> clearSlotAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> clearSlot(slot));
    }

    @Override
    public SlotState settleSlot(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        SlotState state;
        do {
            // Each transaction settles the next page (market config settlementPageSize) and a page
            // lost in an unknown commit state is simply the next one settled again. A fresh salt
            // for each page's private lines, provenance and deliveries (transient, never in a block).
            state = support.submitPrivate(SlotState.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Settlement.NAME,
                    Contracts.Settlement.SETTLE_SLOT, java.util.Map.of(ClientSupport.SALT_FIELD, ClientSupport.salt()),
                    slot.toString());
        } while (state.status() == SlotState.Status.SETTLING);
        return state;
    }

    /** The reading as the chaincode reads it. */
    record ReadingJson(String participant, String slot, long importedWh, long exportedWh, String meterId) {
    }

    /**
     * What RecordMeterReading and CorrectMeterReading return: the stored reading less its flows,
     * meter id and reason (a return value is in every org's blocks), and the hash of the stored value.
     */
    record ReadingReceipt(String participant, String slot, String slotKey, int revision, String recordedBy,
                          String recordedMsp, String recordedAt, String txId, String privateHash) {
    }

    /** The reading in the transient map with a fresh salt: arguments are in every org's blocks. */
    private static java.util.Map<String, byte[]> readingTransient(Object json) {
        return java.util.Map.of("reading", Json.write(json).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ClientSupport.SALT_FIELD, ClientSupport.salt());
    }

    /** The reading as stored: the request's flows and meter id with the receipt's facts. */
    private static MeterReading stored(MeterReadingRequest reading, String reason, ReadingReceipt r) {
        return new MeterReading(r.participant(), r.slot(), r.slotKey(), reading.importedWh(), reading.exportedWh(),
                reading.meterId(), r.revision(), reason, r.recordedBy(), r.recordedMsp(), r.recordedAt(), r.txId());
    }

    @Override
    public MeterReading recordMeterReading(MeterReadingRequest reading) throws P2peException {
        Objects.requireNonNull(reading, "reading");
        ReadingReceipt r = support.submitPrivate(ReadingReceipt.class, Ledger.Idempotency.NOT_IDEMPOTENT,
                Contracts.Meter.NAME, Contracts.Meter.RECORD_METER_READING, readingTransient(new ReadingJson(
                        reading.participant(), reading.slot().toString(), reading.importedWh(), reading.exportedWh(),
                        reading.meterId())));
        return stored(reading, null, r);
    }

    /** RecordMeterReadings' answer: a receipt per reading, in the order sent. */
    record ReadingsReceipt(int recorded, int alreadyRecorded, List<ReadingReceipt> receipts) {
    }

    /**
     * The largest transient {@code readings} the chaincode reads (MeterContract.MAX_READINGS_BYTES):
     * 512 bytes a reading, far more than a reading takes, so a full batch always fits.
     */
    private static final int MAX_READINGS_BYTES = MeterReadingBatch.MAX_READINGS * 512;

    @Override
    public MeterReadingBatch recordMeterReadings(List<MeterReadingRequest> readings) throws P2peException {
        Batches.requireElements(readings, "readings");
        List<String> texts = new ArrayList<>();
        for (MeterReadingRequest r : readings) {
            Objects.requireNonNull(r, "reading " + texts.size());
            texts.add(Json.write(new ReadingJson(r.participant(), r.slot().toString(), r.importedWh(), r.exportedWh(),
                    r.meterId())));
        }
        int recorded = 0;
        int already = 0;
        List<MeterReading> stored = new ArrayList<>();
        for (Batches.Part part : Batches.split(texts, MeterReadingBatch.MAX_READINGS, MAX_READINGS_BYTES)) {
            ReadingsReceipt out;
            try {
                // A reading stored with the same values is skipped: a lost outcome may be retried as
                // a new transaction.
                out = support.submitPrivate(ReadingsReceipt.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Meter.NAME,
                        Contracts.Meter.RECORD_METER_READINGS, java.util.Map.of("readings",
                                part.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), ClientSupport.SALT_FIELD,
                                ClientSupport.salt()));
            } catch (EndorsementRejectedException e) {
                throw Batches.inList(e, "readings", part.offset());
            }
            if (out.receipts() == null || out.receipts().size() != part.texts().size()) {
                throw new UnexpectedResponseException("meter:RecordMeterReadings returned "
                        + (out.receipts() == null ? "no" : out.receipts().size()) + " receipts for "
                        + part.texts().size() + " readings", null, null);
            }
            for (int i = 0; i < out.receipts().size(); i++) {
                // A skipped reading was stored with the same flows and meter id as requested.
                stored.add(stored(readings.get(part.offset() + i), null, out.receipts().get(i)));
            }
            recorded = Math.addExact(recorded, out.recorded());
            already = Math.addExact(already, out.alreadyRecorded());
        }
        return new MeterReadingBatch(recorded, already, stored);
    }

    @Override
    public MeterReading meterReading(String participantId, Slot slot) throws P2peException {
        return support.evaluate(MeterReading.class, Contracts.Meter.NAME, Contracts.Meter.GET_METER_READING,
                Objects.requireNonNull(participantId, "participantId"), Objects.requireNonNull(slot, "slot").toString());
    }

    /** The correction as the chaincode reads it: the reading plus its reason. */
    record CorrectionJson(String participant, String slot, long importedWh, long exportedWh, String meterId,
                          String reason) {
    }

    @Override
    public MeterReading correctMeterReading(MeterReadingRequest reading, String reason) throws P2peException {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(reason, "reason");
        // Each correction raises the revision: a repetition would apply twice.
        ReadingReceipt r = support.submitPrivate(ReadingReceipt.class, Ledger.Idempotency.NOT_IDEMPOTENT,
                Contracts.Meter.NAME, Contracts.Meter.CORRECT_METER_READING, readingTransient(new CorrectionJson(
                        reading.participant(), reading.slot().toString(), reading.importedWh(), reading.exportedWh(),
                        reading.meterId(), reason)));
        return stored(reading, reason, r);
    }

    @Override
    public MeterBinding bindMeter(String participantId, String meterId) throws P2peException {
        // Binding the bound meter again leaves the same binding, so a lost outcome may be retried.
        return support.submit(MeterBinding.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Meter.NAME,
                Contracts.Meter.BIND_METER, Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(meterId, "meterId"));
    }

    @Override
    public SourceAttestation attestSource(String participantId, String sourceType) throws P2peException {
        return support.submit(SourceAttestation.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Meter.NAME,
                Contracts.Meter.ATTEST_SOURCE, Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(sourceType, "sourceType"));
    }

    @Override
    public SourceAttestation sourceAttestation(String participantId) throws P2peException {
        return support.evaluate(SourceAttestation.class, Contracts.Meter.NAME, Contracts.Meter.GET_SOURCE_ATTESTATION,
                Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public SlotState slot(Slot slot) throws P2peException {
        return reader.slot(slot);
    }

    @Override
    public LedgerClock advanceLedgerTime(Instant time) throws P2peException {
        Objects.requireNonNull(time, "time");
        // Advancing to the same time again is a no-op, so a lost outcome may be retried.
        return support.submit(LedgerClock.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Config.NAME,
                Contracts.Config.ADVANCE_LEDGER_TIME, DateTimeFormatter.ISO_INSTANT.format(time));
    }

    @Override
    public LedgerClock ledgerClock() throws P2peException {
        return reader.ledgerClock();
    }

    @Override
    public MarketClock.Builder marketClock() {
        return new MarketClock.Builder(this, reader);
    }
}
