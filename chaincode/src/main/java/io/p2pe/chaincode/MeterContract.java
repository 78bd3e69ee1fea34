package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.MeterBinding;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Meter readings, recorded by the {@code meter} role of the meter operator's org (GridOrgMSP by
 * default). Readings are write-once per (participant, slot); a correction is the explicit
 * CorrectMeterReading transaction, refused once the slot is settled. A first reading is accepted
 * after settlement too: the next SettleSlot of the slot settles it.
 *
 * <p>Every record written here (readings and corrections, meter bindings, source attestations)
 * lives in the private data collection of the participant's org ({@link Keys#privateCollection}),
 * whose collection-level endorsement policy needs a peer of the meter org (and a second member) for
 * every write, the first write of a key included: Fabric checks a key-level policy only from the
 * key's second write on, so it could not stop two other orgs from creating a reading, a first
 * attestation (a renewable label) or a binding. The public ledger holds each record's hash.
 */
@Contract(name = Contracts.Meter.NAME, info = @Info(title = "p2pe meter readings", version = "1.0.0"))
public final class MeterContract extends P2peContract {
    static final Pattern METER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final String METER_ID_RULE = "must be 1-64 characters of [A-Za-z0-9._:-]";
    private static final long MAX_WH = 1_000_000_000_000L;
    private static final Set<String> FIELDS = Set.of("participant", "slot", "importedWh", "exportedWh", "meterId");
    private static final Set<String> CORRECTION_FIELDS = Set.of("participant", "slot", "importedWh", "exportedWh",
            "meterId", "reason");

    /** The transient field that carries a reading: a transaction's arguments are in every org's blocks. */
    static final String READING_FIELD = "reading";
    /** The transient field that carries RecordMeterReadings' readings. */
    static final String READINGS_FIELD = "readings";
    /**
     * Most readings one RecordMeterReadings takes. Every reading's salted private value (about 300
     * bytes), its binding and its index entry go into the one transaction's write sets: the
     * endorsing peers keep the private write set in their transient store and push it by gossip to
     * the members of every collection it touches before the transaction commits, and the receipts
     * fill one proposal response. 1,000 readings keep each of those to a few hundred kilobytes, far
     * inside gossip's and gRPC's message sizes, and still cut a city's 100,000 readings of a slot
     * to 100 transactions.
     */
    static final int MAX_BATCH_READINGS = 1_000;
    /**
     * The largest transient {@code readings} read, in bytes: 512 a reading (a reading with the
     * longest ids is under 300 bytes). The transient map is not an argument, so {@link Limits}
     * does not measure it; this is checked before the JSON is parsed.
     */
    static final int MAX_READINGS_BYTES = MAX_BATCH_READINGS * 512;

    /**
     * Records a participant's metered flows for a delivered slot. The reading is no argument: it is
     * the transient field {@code reading}, {@code {"participant", "slot", "importedWh", "exportedWh",
     * "meterId"}}, beside the transient {@code salt} ({@link PrivateRecords}); arguments and return
     * values are in every org's blocks, transient fields in none.
     *
     * @return the receipt: the stored reading without its flows, meter id and reason, plus
     *     {@code privateHash} (hex SHA-256 of the stored value, as on the public ledger)
     */
    @Transaction(name = Contracts.Meter.RECORD_METER_READING, intent = Transaction.TYPE.SUBMIT)
    public String recordMeterReading(Context ctx) {
        return write(ctx, false);
    }

    /**
     * Replaces a recorded reading before the slot is settled: transient {@code reading} as for
     * RecordMeterReading plus {@code "reason"}, and {@code salt}.
     *
     * @return the receipt, as RecordMeterReading's
     */
    @Transaction(name = Contracts.Meter.CORRECT_METER_READING, intent = Transaction.TYPE.SUBMIT)
    public String correctMeterReading(Context ctx) {
        return write(ctx, true);
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
        MeterBinding old = Ledger.getPrivate(stub, Keys.privateCollection(p.id()), Keys.meterBinding(p.id()), MeterBinding.class);
        MeterBinding binding = new MeterBinding(p.id(), meterId, caller.mspId(), old == null ? 0 : old.readings(),
                old == null ? null : old.lastSlot(), Tx.timestamp(stub), stub.getTxId());
        putBinding(stub, binding);
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
        Ledger.putPrivate(stub, Keys.privateCollection(p.id()), key, a);
        // Relabelling needs the participant's own org too (no coalition without it either).
        requireMeterAndOwner(stub, key, caller, p);
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
        return Ledger.getPrivate(stub, Keys.privateCollection(participantId), Keys.source(participantId), SourceAttestation.class);
    }

    /**
     * A reading, as stored (with its {@code salt}): the participant, its org's admins, the operator,
     * auditors and meter identities, through a peer of an org that holds the participant's
     * collection (its own org, GridOrg, ExchangeOrg).
     */
    @Transaction(name = Contracts.Meter.GET_METER_READING, intent = Transaction.TYPE.EVALUATE)
    public String getMeterReading(Context ctx, String participantId, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireReadOrMeter(caller, participantId, config, "GetMeterReading");
        Slot s = Slots.parse(slot, config, "slot");
        // The stored text, its salt included, so that the answer can be checked against the ledger's hash.
        String r = PrivateRecords.text(stub, participantId, Keys.meter(s.sortKey(), participantId));
        if (r == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no meter reading of " + participantId + " for slot " + slot);
        }
        return r;
    }

    /**
     * Records many readings in one transaction, each exactly as RecordMeterReading records it (the
     * same checks, writes, key-level policies, index entry and binding update: {@link Recordings}),
     * all or nothing. The readings are the transient field {@code readings}, a JSON array of 1 to
     * {@link #MAX_BATCH_READINGS} objects with RecordMeterReading's fields, beside the transient
     * {@code salt}. A refusal names the reading's index ({@code readings[17]: }). One participant's
     * reading of one slot twice in the batch is refused CONFLICT. A reading already stored with the
     * same flows and meter id is skipped, so a batch whose outcome was lost may be submitted again;
     * a stored reading that differs is refused ALREADY_EXISTS (CorrectMeterReading replaces it).
     *
     * @return {@code {"recorded": n, "alreadyRecorded": m, "receipts": [receipt, ...]}}, a receipt
     *     per reading in batch order, as RecordMeterReading's (a skipped reading's is the stored one's)
     */
    @Transaction(name = Contracts.Meter.RECORD_METER_READINGS, intent = Transaction.TYPE.SUBMIT)
    public String recordMeterReadings(Context ctx) {
        Recordings r = new Recordings(ctx, Mode.RECORD_OR_SKIP, READINGS_FIELD);
        if (r.input.length > MAX_READINGS_BYTES) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, r.tx + ": transient field '" + READINGS_FIELD + "' is "
                    + r.input.length + " bytes, more than the limit of " + MAX_READINGS_BYTES + " bytes; it was not read");
        }
        List<JsonNode> batch = Args.batch(new String(r.input, StandardCharsets.UTF_8), READINGS_FIELD, MAX_BATCH_READINGS);
        prefetch(r, batch);
        for (int i = 0; i < batch.size(); i++) {
            try {
                r.plan(Args.of(batch.get(i), "reading", FIELDS));
            } catch (ChaincodeException e) {
                throw Refusal.atIndex(READINGS_FIELD, i, e);
            }
        }
        r.write();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Planned p : r.planned) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("participant", p.reading().participant());
            e.put("slot", p.reading().slot());
            entries.add(e);
        }
        Events.emitBatch(r.stub, EventNames.METER_READINGS_RECORDED, "readings", entries);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recorded", r.planned.size());
        out.put("alreadyRecorded", r.skipped);
        out.put("receipts", r.receipts);
        return Json.write(out);
    }

    /**
     * Reads what a batch of readings reads in a few round trips instead of three per reading
     * (BatchedStub): the participants' registrations, then per org's collection the stored
     * readings and meter bindings. An element that does not parse is left to the plan, which
     * refuses it at its index.
     */
    private static void prefetch(Recordings r, List<JsonNode> batch) {
        List<String> registrations = new ArrayList<>();
        Map<String, List<String>> byCollection = new TreeMap<>();
        for (JsonNode node : batch) {
            JsonNode participant = node.get("participant");
            JsonNode slot = node.get("slot");
            if (participant == null || !participant.isTextual() || slot == null || !slot.isTextual()) {
                continue;
            }
            String id = participant.asText();
            String registration = ParticipantContract.keyIfWellFormed(id);
            if (registration == null) {
                continue;
            }
            Slot s;
            try {
                s = Slots.parse(slot.asText(), r.config, "slot");
            } catch (ChaincodeException e) {
                continue;
            }
            registrations.add(registration);
            List<String> keys = byCollection.computeIfAbsent(Keys.privateCollection(id), c -> new ArrayList<>());
            keys.add(Keys.meter(s.sortKey(), id));
            keys.add(Keys.meterBinding(id));
        }
        BatchedStub.prefetch(r.stub, registrations);
        byCollection.forEach((collection, keys) -> BatchedStub.prefetchPrivate(r.stub, collection, keys));
    }

    private static String write(Context ctx, boolean correction) {
        Recordings r = new Recordings(ctx, correction ? Mode.CORRECT : Mode.RECORD, READING_FIELD);
        r.plan(Args.of(new String(r.input, StandardCharsets.UTF_8), "reading", correction ? CORRECTION_FIELDS : FIELDS));
        r.write();
        MeterReading reading = r.planned.get(0).reading();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", reading.participant());
        event.put("slot", reading.slot());
        event.put("revision", reading.revision());
        event.put("txId", r.stub.getTxId());
        Events.emit(r.stub, correction ? EventNames.METER_READING_CORRECTED : EventNames.METER_READING_RECORDED, event);
        return Json.write(r.receipts.get(0));
    }

    /** What a transaction does with each of its readings. */
    private enum Mode {
        /** RecordMeterReading: a first reading; a stored one is refused. */
        RECORD,
        /** RecordMeterReadings: a first reading; one stored with the same values is skipped (a retry). */
        RECORD_OR_SKIP,
        /** CorrectMeterReading: replaces the stored reading, keeping the replaced revision. */
        CORRECT
    }

    /** A reading that passed every check, with what the transaction writes for it. */
    private record Planned(Participant participant, String key, MeterReading reading, byte[] stored,
                           String replacedKey, byte[] replaced) {
    }

    /**
     * The readings of one transaction (RecordMeterReading and CorrectMeterReading one, RecordMeterReadings
     * many), each checked against every rule by {@link #plan}, in order, before {@link #write} writes
     * anything, so a refusal leaves nothing behind. Fabric shows a transaction committed state only,
     * not its own writes, so what the earlier readings of the transaction change (the participants'
     * meter bindings) is kept here and consulted first; the market time and the slot checks are
     * made once per transaction and once per distinct slot. Sorted maps and lists only: the writes
     * depend on the input alone.
     */
    private static final class Recordings {
        final ChaincodeStub stub;
        final String tx;
        /** The transient input, not yet parsed. */
        final byte[] input;
        private final Caller caller;
        final MarketConfig config;
        private final Mode mode;
        private final byte[] seed;
        private final String now;
        private MarketTime marketNow;
        /** The keys of the slots that passed the slot checks. */
        private final Set<String> slotsChecked = new TreeSet<>();
        private final Map<String, Participant> participants = new TreeMap<>();
        /** Every binding this transaction rewrites, as it will be written, by participant. */
        private final Map<String, MeterBinding> bindings = new TreeMap<>();
        /** The reading key of every reading so far (planned or skipped), with its index. */
        private final Map<String, Integer> seen = new TreeMap<>();
        /** The readings to write, in input order. */
        final List<Planned> planned = new ArrayList<>();
        /** A receipt per reading, in input order. */
        final List<Map<String, Object>> receipts = new ArrayList<>();
        /** Readings skipped as already stored with the same values. */
        int skipped;

        /** Checks the caller and reads the transient {@code field} and {@code salt}. */
        Recordings(Context ctx, Mode mode, String field) {
            this.stub = ctx.getStub();
            this.mode = mode;
            this.tx = switch (mode) {
                case RECORD -> Contracts.Meter.RECORD_METER_READING;
                case RECORD_OR_SKIP -> Contracts.Meter.RECORD_METER_READINGS;
                case CORRECT -> Contracts.Meter.CORRECT_METER_READING;
            };
            this.caller = Caller.of(ctx);
            this.config = ConfigContract.require(stub);
            requireMeter(caller, config, tx);
            byte[] json = stub.getTransient().get(field);
            if (json == null) {
                throw Refusal.of(ErrorCode.MISSING_FIELD, tx + ": transient field '" + field + "' is required (the "
                        + "reading travels outside the transaction's arguments, which every org's blocks hold)");
            }
            this.input = json;
            this.seed = PrivateRecords.seed(stub, tx);
            this.now = Tx.timestamp(stub);
        }

        /** Checks one reading against every rule of the transaction and keeps what it writes. */
        void plan(Args a) {
            boolean correction = mode == Mode.CORRECT;
            Participant p = participant(a.text("participant"));
            Slot slot = Slots.parse(a.text("slot"), config, "slot");
            long imported = a.integer("importedWh", 0, MAX_WH);
            long exported = a.integer("exportedWh", 0, MAX_WH);
            String meterId = a.matching("meterId", METER_ID, METER_ID_RULE);
            String reason = correction ? a.text("reason") : null;
            if (reason != null && (reason.isBlank() || reason.length() > 256)) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, "reading: field 'reason' must be 1-256 characters");
            }
            checkSlot(slot);
            String collection = Keys.privateCollection(p.id());
            String key = Keys.meter(slot.sortKey(), p.id());
            Integer first = seen.putIfAbsent(key, seen.size());
            if (first != null) {
                throw Refusal.of(ErrorCode.CONFLICT, tx + ": " + p.id() + " has a second reading of slot " + slot
                        + " in this transaction (the first is " + READINGS_FIELD + "[" + first + "])");
            }
            byte[] existingBytes = stub.getPrivateData(collection, key);
            MeterReading existing = existingBytes == null || existingBytes.length == 0 ? null
                    : Json.read(existingBytes, MeterReading.class);
            if (!correction && existing != null) {
                if (mode == Mode.RECORD_OR_SKIP && existing.importedWh() == imported
                        && existing.exportedWh() == exported && existing.meterId().equals(meterId)) {
                    // A retry of a batch whose outcome was lost: the stored reading is this one.
                    skipped = Math.addExact(skipped, 1);
                    receipts.add(receipt(existing, existingBytes));
                    return;
                }
                throw Refusal.of(ErrorCode.ALREADY_EXISTS, tx + ": " + p.id() + " already has a reading for slot "
                        + slot + (mode == Mode.RECORD_OR_SKIP ? " with other flows or meter id" : "")
                        + "; use CorrectMeterReading");
            }
            if (correction && existing == null) {
                throw Refusal.of(ErrorCode.NOT_FOUND, tx + ": " + p.id() + " has no reading for slot " + slot);
            }
            MeterBinding binding = binding(p);
            if (binding != null && !binding.meterId().equals(meterId)) {
                throw Refusal.of(ErrorCode.CONFLICT, tx + ": reading: field 'meterId' " + Args.quote(meterId)
                        + " is not the meter bound to " + p.id() + " (" + binding.meterId() + "); use BindMeter after a meter exchange");
            }
            MeterReading reading = new MeterReading(p.id(), slot.toString(), slot.sortKey(), imported, exported, meterId,
                    correction ? Math.addExact(existing.revision(), 1) : 0, reason, caller.clientId(), caller.mspId(),
                    now, stub.getTxId());
            bindings.put(p.id(), new MeterBinding(p.id(), meterId, caller.mspId(),
                    binding == null ? 1 : Math.addExact(binding.readings(), 1), slot.toString(), now, stub.getTxId()));
            byte[] stored = PrivateRecords.salted(reading, seed, key);
            // A correction keeps the replaced value as it was stored, its salt included.
            planned.add(new Planned(p, key, reading, stored,
                    correction ? Keys.meterRevision(slot.sortKey(), p.id(), existing.revision()) : null,
                    correction ? existingBytes : null));
            receipts.add(receipt(reading, stored));
        }

        /** Writes every planned reading: nothing is written before every reading has passed. */
        void write() {
            for (Planned r : planned) {
                Participant p = r.participant();
                String collection = Keys.privateCollection(p.id());
                stub.putPrivateData(collection, r.key(), r.stored());
                if (r.replacedKey() != null) {
                    stub.putPrivateData(collection, r.replacedKey(), r.replaced());
                }
                // Corrections need the participant's own org too: not GridOrg with any other org.
                requireMeterAndOwner(stub, r.key(), caller, p);
                if (mode != Mode.CORRECT) {
                    // The public index SettleSlot scans. Rewritten by every first reading and kept under the
                    // meter org's and the participant's org's policy, so once a reading has committed no
                    // coalition without them can drop its index entry (SettleSlot would miss the reading).
                    String index = Keys.metered(r.reading().slotKey(), p.id());
                    Ledger.put(stub, index, new Metered(p.id(), r.reading().slot()));
                    Endorsement.requireOrgs(stub, index, caller.mspId(), p.mspId());
                }
            }
            for (MeterBinding b : bindings.values()) {
                putBinding(stub, b);
            }
        }

        private Participant participant(String id) {
            Participant p = participants.get(id);
            if (p == null) {
                p = ParticipantContract.require(stub, id);
                participants.put(id, p);
            }
            return p;
        }

        /** The participant's binding as this transaction's earlier readings left it, else as committed. */
        private MeterBinding binding(Participant p) {
            MeterBinding b = bindings.get(p.id());
            return b != null ? b : Ledger.getPrivate(stub, Keys.privateCollection(p.id()), Keys.meterBinding(p.id()),
                    MeterBinding.class);
        }

        /** The slot must be delivered by market time; a settled slot's readings cannot be corrected. */
        private void checkSlot(Slot slot) {
            if (slotsChecked.contains(slot.sortKey())) {
                return;
            }
            if (marketNow == null) {
                marketNow = MarketTime.now(stub, config, tx);
            }
            if (marketNow.isBefore(slot.endInstant())) {
                throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is not delivered yet; it ends at "
                        + Slots.iso(slot.endInstant()) + " and the market time is " + marketNow);
            }
            SlotState state = SlotContract.state(stub, slot.sortKey());
            // A late first reading is accepted (SettleSlot again writes its line); a settled line is
            // final, so its reading cannot be corrected, from the slot's first settled page on (a
            // counterparty's line in a later page would otherwise use another reading).
            if (mode == Mode.CORRECT && state != null && (state.status() == SlotState.Status.SETTLED
                    || state.status() == SlotState.Status.SETTLING)) {
                throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is already "
                        + (state.status() == SlotState.Status.SETTLED ? "settled" : "settling") + "; its readings are final");
            }
            slotsChecked.add(slot.sortKey());
        }
    }

    /** A reading's receipt: the stored reading without what stays private, plus the hash of the stored value. */
    private static Map<String, Object> receipt(MeterReading reading, byte[] stored) {
        TreeMap<String, Object> receipt = Json.MAPPER.convertValue(reading, Json.MAP_TYPE);
        receipt.keySet().removeAll(PRIVATE_READING_FIELDS);
        receipt.put("privateHash", HexFormat.of().formatHex(PrivateRecords.sha256(stored)));
        return receipt;
    }

    /** What a reading's receipt leaves out: the return value is in every org's blocks. */
    private static final Set<String> PRIVATE_READING_FIELDS = Set.of("importedWh", "exportedWh", "meterId",
            "correctionReason");

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
     * Writes the binding. It has no key-level policy: one of the meter org alone would replace the
     * collection's policy (meter org and a second org) for every later write of the key.
     */
    private static void putBinding(ChaincodeStub stub, MeterBinding binding) {
        Ledger.putPrivate(stub, Keys.privateCollection(binding.participant()), Keys.meterBinding(binding.participant()), binding);
    }

    /**
     * Later writes of a private meter key need the meter org and the participant's own org. Fabric
     * validates a key with a key-level policy against it instead of the collection's policy, so it
     * is set only where it still needs the meter org and a second org: for a participant of the
     * meter org itself it would be the meter org alone, and the collection's policy stays.
     */
    private static void requireMeterAndOwner(ChaincodeStub stub, String key, Caller caller, Participant p) {
        if (!p.mspId().equals(caller.mspId())) {
            Endorsement.requireOrgsPrivate(stub, Keys.privateCollection(p.id()), key, caller.mspId(), p.mspId());
        }
    }

    /** A participant's reading of a slot, or null. */
    static MeterReading reading(ChaincodeStub stub, String slotKey, String participantId) {
        return Ledger.getPrivate(stub, Keys.privateCollection(participantId), Keys.meter(slotKey, participantId), MeterReading.class);
    }

    /**
     * The participants in the public index of a slot's readings, in order, by one scan (refused at
     * the query limit, Ledger.all). Fabric allows no write in a transaction that scanned private
     * data, hence the index; its entry is written with the reading, under the meter org's and the
     * participant's org's policy. An entry without a reading (only a coalition without the meter
     * org could write one) carries no flows: whoever reads the readings treats it as none.
     */
    static TreeSet<String> meteredIndex(ChaincodeStub stub, String slotKey, MarketConfig config, String tx,
                                        String what) {
        TreeSet<String> out = new TreeSet<>();
        for (Metered m : Ledger.all(stub, Keys.prefix(Keys.METERED, slotKey), Metered.class, config, tx, what)) {
            out.add(m.participant());
        }
        return out;
    }

    /**
     * The participants with a reading of a slot, in order, from the index and the readings' hashes:
     * any client and any peer of the channel may learn who was metered (the reading events say so),
     * not the flows.
     */
    static TreeSet<String> metered(ChaincodeStub stub, String slotKey, MarketConfig config, String tx, String what) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : meteredIndex(stub, slotKey, config, tx, what)) {
            if (Ledger.privateExists(stub, Keys.privateCollection(p), Keys.meter(slotKey, p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** An entry of the public index of a slot's readings: who was metered, no flows. */
    record Metered(String participant, String slot) {
    }
}
