package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.LedgerClock;
import io.p2pe.protocol.MeterBinding;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import io.p2pe.protocol.SourceAttestation;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The market operator's transactions: market configuration and tariffs, participant onboarding,
 * and the market clock's closing and clearing of slots. The connected identity needs the
 * {@code operator} role (org admins may also onboard participants of their own org); otherwise the
 * chaincode refuses with {@code FORBIDDEN}.
 *
 * <pre>{@code
 * OperatorClient op = connection.operator();
 * op.configureMarket(MarketConfigRequest.builder().mechanism(Mechanism.UNIFORM_PRICE).build());
 * op.onboardParticipant(ParticipantRegistration.of("home-001", "HOUSEHOLD").withMspId("RetailerOrgMSP"));
 * op.closeSlot(slot);
 * ClearingRecord cleared = op.clearSlot(slot);
 * }</pre>
 */
public interface OperatorClient {

    /** Writes a new version of the market configuration; returns what was stored. */
    MarketSettings configureMarket(MarketConfigRequest config) throws P2peException;

    /**
     * Changes the retail and buy-back tariffs (ticks per kWh), keeping every other setting of the
     * configuration in force.
     */
    MarketSettings postTariffs(long retailTariff, long buyBackTariff) throws P2peException;

    /**
     * Registers a participant.
     *
     * @throws EndorsementRejectedException {@code ALREADY_EXISTS}, {@code FORBIDDEN}, or a field refusal
     */
    Participant onboardParticipant(ParticipantRegistration registration) throws P2peException;

    /**
     * Registers a participant unless it is registered already, in which case the registered
     * record is returned: safe to repeat, e.g. from set-up scripts.
     */
    Participant ensureParticipant(ParticipantRegistration registration) throws P2peException;

    /**
     * Registers many participants, each as {@link #onboardParticipant} registers it, in
     * {@code participant:RegisterParticipants} transactions of at most
     * {@value ParticipantBatch#MAX_PARTICIPANTS} registrations that fit the market's
     * {@code maxArgumentBytes} (read once per call), sent one after the other. Each transaction is
     * all or nothing; a refusal names the registration's index in {@code registrations}
     * ({@code participants[1234]: …}), and the transactions before it stay committed. A
     * participant registered already with the same fields is skipped, so the whole list may be
     * sent again after a failure; one registered with other fields is refused
     * {@code ALREADY_EXISTS}.
     *
     * @param registrations 1 or more, each participant once
     * @throws EndorsementRejectedException {@code FORBIDDEN} (not an admin of a registration's org,
     *     nor the operator), {@code ALREADY_EXISTS}, {@code CONFLICT} (a participant twice in one
     *     transaction), or a field refusal, at its index
     */
    ParticipantBatch onboardParticipants(List<ParticipantRegistration> registrations) throws P2peException;

    /** Suspends a participant: it can no longer place orders. */
    Participant suspendParticipant(String participantId, String reason) throws P2peException;

    /** Lifts a suspension. */
    Participant reinstateParticipant(String participantId, String reason) throws P2peException;

    /** One participant. */
    Participant participant(String participantId) throws P2peException;

    /** The participants of one org, or of every org when {@code mspId} is null. */
    List<Participant> participants(String mspId) throws P2peException;

    /**
     * Closes a slot's gate now (the operator may close early). Closing a closed slot returns its
     * state unchanged.
     */
    SlotState closeSlot(Slot slot) throws P2peException;

    /** {@link #closeSlot} on the connection's executor. */
    CompletableFuture<SlotState> closeSlotAsync(Slot slot);

    /**
     * Clears a closed slot (closing it first if its gate closure has passed), then stores the
     * pieces of its result texts that ClearSlot left to slot:PublishClearing (a slot of tens of
     * thousands of orders has more than one transaction should write), and reads the clearing
     * back with its texts. Repeating it returns the stored result and writes nothing.
     *
     * @throws EndorsementRejectedException {@code SLOT_OPEN} before gate closure
     */
    ClearingRecord clearSlot(Slot slot) throws P2peException;

    /** {@link #clearSlot} on the connection's executor. */
    CompletableFuture<ClearingRecord> clearSlotAsync(Slot slot);

    /**
     * Settles a cleared slot from its meter readings: settlement lines, imbalance, delivered
     * provenance. A slot with more participants than the market config's {@code settlementPageSize}
     * takes one SettleSlot transaction per page; this returns once the slot is SETTLED. Repeating it
     * returns the stored state (and settles readings recorded since).
     *
     * @throws EndorsementRejectedException {@code MISSING_METER_READING} while a trader's reading is missing
     */
    SlotState settleSlot(Slot slot) throws P2peException;

    /**
     * Records a meter reading; needs a {@code meter} identity of an MSP allowed to hold the role
     * (GridOrg), and endorsement by GridOrg.
     *
     * @throws EndorsementRejectedException e.g. {@code ALREADY_EXISTS} (readings are write-once),
     *     {@code CONFLICT} (another meter is bound to the participant), {@code FORBIDDEN}
     */
    MeterReading recordMeterReading(MeterReadingRequest reading) throws P2peException;

    /**
     * Records many readings, of any participants and slots, each as {@link #recordMeterReading}
     * records it, in {@code meter:RecordMeterReadings} transactions of at most
     * {@value MeterReadingBatch#MAX_READINGS} readings sent one after the other (100,000 readings
     * are 100 transactions instead of 100,000). Each transaction is all or nothing; a refusal names
     * the reading's index in {@code readings} ({@code readings[1234]: …}), and the transactions
     * before it stay committed. A reading stored already with the same flows and meter id is
     * skipped, so the whole list may be sent again after a failure (and a transaction whose
     * outcome was lost is retried); one stored with other values is refused {@code ALREADY_EXISTS}
     * (correct it with {@link #correctMeterReading}).
     *
     * @param readings 1 or more, each participant and slot once
     * @throws EndorsementRejectedException as {@link #recordMeterReading}, at the reading's index;
     *     {@code CONFLICT} for a participant's reading of a slot twice in one transaction
     */
    MeterReadingBatch recordMeterReadings(List<MeterReadingRequest> readings) throws P2peException;

    /** A recorded meter reading. */
    MeterReading meterReading(String participantId, Slot slot) throws P2peException;

    /**
     * Replaces a recorded reading of a slot that is not settled yet; needs a {@code meter}
     * identity (GridOrg), and the endorsement of GridOrg and of the participant's org. The
     * returned reading's revision is one more than the replaced one's, which the ledger keeps.
     *
     * @param reading the corrected flows, for the same participant, slot and bound meter
     * @param reason why the reading changed, 1–256 characters
     * @throws EndorsementRejectedException {@code NOT_FOUND} (no reading to correct),
     *     {@code INVALID_STATE} (the slot is settled: its readings are final), {@code CONFLICT}
     *     (another meter is bound), {@code INVALID_FORMAT} naming {@code reason}, {@code FORBIDDEN}
     */
    MeterReading correctMeterReading(MeterReadingRequest reading, String reason) throws P2peException;

    /**
     * Binds a meter to a participant, e.g. after a meter exchange: its later readings and
     * corrections must name this meter. Needs a {@code meter} identity (GridOrg); binding the
     * bound meter again changes nothing but the binding's time and transaction.
     *
     * @param meterId 1–64 characters of {@code [A-Za-z0-9._:-]}
     * @throws EndorsementRejectedException {@code NOT_FOUND} (unknown participant),
     *     {@code INVALID_FORMAT} naming {@code meterId}, {@code FORBIDDEN}
     */
    MeterBinding bindMeter(String participantId, String meterId) throws P2peException;

    /**
     * Attests what a participant's generator produces (e.g. {@code solar}); needs a {@code meter}
     * identity (GridOrg). A SELL order carries this source type and cannot set another, so a
     * renewable label is the grid operator's word on the asset, not the seller's. Re-attesting
     * needs the endorsement of GridOrg and of the participant's org.
     *
     * @throws EndorsementRejectedException e.g. {@code FORBIDDEN} (not a meter identity of the
     *     meter org), {@code NOT_FOUND} (unknown participant), {@code INVALID_FORMAT}
     */
    SourceAttestation attestSource(String participantId, String sourceType) throws P2peException;

    /**
     * The attested source of a participant's generator.
     *
     * @throws EndorsementRejectedException {@code NOT_FOUND} when the grid operator attested none
     */
    SourceAttestation sourceAttestation(String participantId) throws P2peException;

    /** A slot's lifecycle state. */
    SlotState slot(Slot slot) throws P2peException;

    /**
     * Moves the ledger clock of a market in {@link io.p2pe.protocol.ClockMode#LEDGER} mode to
     * {@code time}; every time rule of the chaincode then uses it. The clock never goes back; the
     * same time again changes nothing.
     *
     * @throws EndorsementRejectedException {@code INVALID_STATE} unless the market is in LEDGER mode,
     *     {@code OUT_OF_RANGE} for a time before the current ledger time
     */
    LedgerClock advanceLedgerTime(Instant time) throws P2peException;

    /** The market clock: its mode and, in LEDGER mode, the ledger time (null until first advanced). */
    LedgerClock ledgerClock() throws P2peException;

    /**
     * A market clock driving slots through their lifecycle with this client. Configure and
     * start it with the returned builder.
     */
    MarketClock.Builder marketClock();
}
