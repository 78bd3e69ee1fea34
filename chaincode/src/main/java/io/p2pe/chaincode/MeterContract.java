package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Meter readings, recorded by the {@code meter} role of the meter operator's org (GridOrgMSP by
 * default). Readings are write-once per (participant, slot); a correction is the explicit
 * CorrectMeterReading transaction, refused once the slot is settled. A first reading is accepted
 * after settlement too: the next SettleSlot of the slot settles it.
 */
@Contract(name = Contracts.Meter.NAME, info = @Info(title = "p2pe meter readings", version = "1.0.0"))
public final class MeterContract extends P2peContract {
    static final Pattern METER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final String METER_ID_RULE = "must be 1-64 characters of [A-Za-z0-9._:-]";
    private static final long MAX_WH = 1_000_000_000_000L;
    private static final Set<String> FIELDS = Set.of("participant", "slot", "importedWh", "exportedWh", "meterId");
    private static final Set<String> CORRECTION_FIELDS = Set.of("participant", "slot", "importedWh", "exportedWh",
            "meterId", "reason");

    /**
     * Records a participant's metered flows for a delivered slot.
     *
     * @param json {@code {"participant", "slot", "importedWh", "exportedWh", "meterId"}}
     */
    @Transaction(name = Contracts.Meter.RECORD_METER_READING, intent = Transaction.TYPE.SUBMIT)
    public String recordMeterReading(Context ctx, String json) {
        return write(ctx, json, false);
    }

    /**
     * Replaces a recorded reading before the slot is settled.
     *
     * @param json as RecordMeterReading plus {@code "reason"}
     */
    @Transaction(name = Contracts.Meter.CORRECT_METER_READING, intent = Transaction.TYPE.SUBMIT)
    public String correctMeterReading(Context ctx, String json) {
        return write(ctx, json, true);
    }

    /** Binds (or re-binds, after a meter exchange) a participant's meter id. */
    @Transaction(name = Contracts.Meter.BIND_METER, intent = Transaction.TYPE.SUBMIT)
    public String bindMeter(Context ctx, String participantId, String meterId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireMeter(caller, config, "BindMeter");
        Participant p = ParticipantContract.require(stub, participantId);
        if (meterId == null || !METER_ID.matcher(meterId).matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "field 'meterId' " + METER_ID_RULE + ", got "
                    + Args.quote(String.valueOf(meterId)));
        }
        MeterBinding old = Ledger.get(stub, Keys.meterBinding(p.id()), MeterBinding.class);
        MeterBinding binding = new MeterBinding(p.id(), meterId, caller.mspId(), old == null ? 0 : old.readings(),
                old == null ? null : old.lastSlot(), Tx.timestamp(stub), stub.getTxId());
        putBinding(stub, binding, caller);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", p.id());
        event.put("meterId", meterId);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.METER_BOUND, event);
        return Json.write(binding);
    }

    /**
     * Attests what a participant's generator produces (the grid operator's meter role): SELL orders
     * of the participant carry this source type from then on; slots already cleared keep theirs.
     *
     * @param sourceType e.g. {@code solar}, {@code grid-mix}; {@code unspecified} withdraws a renewable label
     */
    @Transaction(name = Contracts.Meter.ATTEST_SOURCE, intent = Transaction.TYPE.SUBMIT)
    public String attestSource(Context ctx, String participantId, String sourceType) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireMeter(caller, config, Contracts.Meter.ATTEST_SOURCE);
        Participant p = ParticipantContract.require(stub, participantId);
        if (sourceType == null || !MarketConfig.SOURCE_TYPE.matcher(sourceType).matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "AttestSource: field 'sourceType' " + MarketConfig.SOURCE_TYPE_RULE
                    + ", got " + Args.quote(String.valueOf(sourceType)));
        }
        SourceAttestation a = new SourceAttestation(p.id(), sourceType, caller.clientId(), caller.mspId(),
                Tx.timestamp(stub), stub.getTxId());
        String key = Keys.source(p.id());
        Ledger.put(stub, key, a);
        // The meter org and the participant's own org: neither alone, nor any coalition without
        // the meter org, can relabel the asset.
        Endorsement.requireOrgs(stub, key, caller.mspId(), p.mspId());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", p.id());
        event.put("sourceType", sourceType);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.SOURCE_ATTESTED, event);
        return Json.write(a);
    }

    /** A participant's attested source: whoever may read the participant's records, and meter identities. */
    @Transaction(name = Contracts.Meter.GET_SOURCE_ATTESTATION, intent = Transaction.TYPE.EVALUATE)
    public String getSourceAttestation(Context ctx, String participantId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireReadOrMeter(caller, participantId, config, Contracts.Meter.GET_SOURCE_ATTESTATION);
        SourceAttestation a = attestation(stub, participantId);
        if (a == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "the grid operator has attested no source for " + participantId);
        }
        return Json.write(a);
    }

    /** The participant's attested source, or null. */
    static SourceAttestation attestation(ChaincodeStub stub, String participantId) {
        return Ledger.get(stub, Keys.source(participantId), SourceAttestation.class);
    }

    /** A reading: the participant, its org's admins, the operator, auditors and meter identities. */
    @Transaction(name = Contracts.Meter.GET_METER_READING, intent = Transaction.TYPE.EVALUATE)
    public String getMeterReading(Context ctx, String participantId, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireReadOrMeter(caller, participantId, config, "GetMeterReading");
        Slot s = Slots.parse(slot, config, "slot");
        MeterReading r = Ledger.get(stub, Keys.meter(s.sortKey(), participantId), MeterReading.class);
        if (r == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no meter reading of " + participantId + " for slot " + slot);
        }
        return Json.write(r);
    }

    private static String write(Context ctx, String json, boolean correction) {
        String tx = correction ? "CorrectMeterReading" : "RecordMeterReading";
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireMeter(caller, config, tx);
        Args a = Args.of(json, "reading", correction ? CORRECTION_FIELDS : FIELDS);
        String participantId = a.text("participant");
        Participant p = ParticipantContract.require(stub, participantId);
        Slot slot = Slots.parse(a.text("slot"), config, "slot");
        long imported = a.integer("importedWh", 0, MAX_WH);
        long exported = a.integer("exportedWh", 0, MAX_WH);
        String meterId = a.matching("meterId", METER_ID, METER_ID_RULE);
        String reason = correction ? a.text("reason") : null;
        if (reason != null && (reason.isBlank() || reason.length() > 256)) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "reading: field 'reason' must be 1-256 characters");
        }
        MarketTime marketNow = MarketTime.now(stub, config, tx);
        if (marketNow.isBefore(slot.endInstant())) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is not delivered yet; it ends at "
                    + Slots.iso(slot.endInstant()) + " and the market time is " + marketNow);
        }
        SlotState state = SlotContract.state(stub, slot.sortKey());
        // A late first reading is accepted (SettleSlot again writes its line); a settled line is
        // final, so its reading cannot be corrected.
        if (correction && state != null && state.status() == SlotState.Status.SETTLED) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is already settled; its readings are final");
        }
        String key = Keys.meter(slot.sortKey(), p.id());
        MeterReading existing = Ledger.get(stub, key, MeterReading.class);
        if (!correction && existing != null) {
            throw Refusal.of(ErrorCode.ALREADY_EXISTS, "RecordMeterReading: " + p.id() + " already has a reading for slot "
                    + slot + "; use CorrectMeterReading");
        }
        if (correction && existing == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "CorrectMeterReading: " + p.id() + " has no reading for slot " + slot);
        }
        MeterBinding binding = Ledger.get(stub, Keys.meterBinding(p.id()), MeterBinding.class);
        if (binding != null && !binding.meterId().equals(meterId)) {
            throw Refusal.of(ErrorCode.CONFLICT, tx + ": reading: field 'meterId' " + Args.quote(meterId)
                    + " is not the meter bound to " + p.id() + " (" + binding.meterId() + "); use BindMeter after a meter exchange");
        }
        String now = Tx.timestamp(stub);
        MeterReading reading = new MeterReading(p.id(), slot.toString(), slot.sortKey(), imported, exported, meterId,
                correction ? existing.revision() + 1 : 0, reason, caller.clientId(), caller.mspId(), now, stub.getTxId());
        putBinding(stub, new MeterBinding(p.id(), meterId, caller.mspId(), binding == null ? 1 : binding.readings() + 1,
                slot.toString(), now, stub.getTxId()), caller);
        Ledger.put(stub, key, reading);
        // Corrections need the meter org and the participant's own org: no coalition without the
        // meter org can change a reading, and the meter org alone cannot either (e.g. after settlement).
        Endorsement.requireOrgs(stub, key, caller.mspId(), p.mspId());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", p.id());
        event.put("slot", slot.toString());
        event.put("revision", reading.revision());
        event.put("txId", stub.getTxId());
        Events.emit(stub, correction ? EventNames.METER_READING_CORRECTED : EventNames.METER_READING_RECORDED, event);
        return Json.write(reading);
    }

    private static void requireReadOrMeter(Caller caller, String participantId, MarketConfig config, String tx) {
        if (!caller.mayRead(String.valueOf(participantId), config) && !caller.has(Role.METER, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " of " + participantId + " is for the participant, its "
                    + "org's admins, the operator, auditors and meter identities; caller is " + caller.describe());
        }
    }

    private static void requireMeter(Caller caller, MarketConfig config, String tx) {
        if (!caller.has(Role.METER, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role meter from the meter operator's org; caller is "
                    + caller.describe());
        }
    }

    /**
     * Writes the binding and (re)sets its key-level policy: a peer of the meter identity's org must
     * endorse. Fabric validates every later write of the key, including this one's successors,
     * against that policy.
     */
    private static void putBinding(ChaincodeStub stub, MeterBinding binding, Caller caller) {
        String key = Keys.meterBinding(binding.participant());
        Ledger.put(stub, key, binding);
        Endorsement.requireOrgs(stub, key, caller.mspId());
    }
}
