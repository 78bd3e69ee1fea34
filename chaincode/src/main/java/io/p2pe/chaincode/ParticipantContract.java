package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.Participant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Participant registry. An org admin registers its own org's participants (the operator may
 * register anyone's); a participant's certificate maps to its record through
 * {@code <MSP id>:<p2pe.participant>}.
 */
@Contract(name = Contracts.Participant.NAME, info = @Info(title = "p2pe participant registry", version = "1.0.0"))
public final class ParticipantContract extends P2peContract {
    static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9._-]{1,48}");
    static final String LOCAL_ID_RULE = "must be 1-48 characters of [A-Za-z0-9._-]";
    static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+){0,15}");
    static final String LOCATION_RULE = "must be a /-separated path of 1-16 segments of [A-Za-z0-9._-]";
    private static final Set<String> FIELDS = Set.of("participant", "mspId", "kind", "location", "pvWatts",
            "batteryWh", "ev", "evBatteryWh", "sourceType");
    private static final long MAX_CAPACITY = 1_000_000_000_000L;

    /**
     * Most participants one RegisterParticipants takes. The argument is measured against
     * {@code maxArgumentBytes} first (65536 by default: about 400 registrations of 150 bytes);
     * the cap bounds what one transaction writes and returns (a record of some 350 bytes each)
     * whatever that limit is raised to, and still registers a city of 100,000 households in 100
     * transactions.
     */
    static final int MAX_BATCH_PARTICIPANTS = 1_000;

    /**
     * Registers a participant (org admin of the participant's org, or the operator).
     *
     * @param json {@code {"participant": "home-001", "mspId"?: "RetailerOrgMSP", "kind": "HOUSEHOLD", ...}}
     * @return the stored participant
     */
    @Transaction(name = Contracts.Participant.REGISTER_PARTICIPANT, intent = Transaction.TYPE.SUBMIT)
    public String registerParticipant(Context ctx, String json) {
        Registrations r = new Registrations(ctx, false);
        Participant p = r.plan(Args.of(json, "participant", FIELDS));
        r.write();
        Events.emit(r.stub, EventNames.PARTICIPANT_REGISTERED, summary(p, r.stub.getTxId()));
        return Json.write(p);
    }

    /**
     * Registers many participants in one transaction, each exactly as RegisterParticipant
     * registers it (the same checks, the admin check for each one's org: {@link Registrations}),
     * all or nothing; a refusal names the index ({@code participants[3]: }). One participant twice
     * in the batch is refused CONFLICT. A participant already registered with the same fields is
     * skipped, so a batch whose outcome was lost may be submitted again; one registered with other
     * fields is refused ALREADY_EXISTS.
     *
     * @param json a JSON array of 1 to {@link #MAX_BATCH_PARTICIPANTS} RegisterParticipant objects
     * @return {@code {"registered": n, "alreadyRegistered": m, "participants": [participant, ...]}}
     *     in batch order (the stored record for a skipped one)
     */
    @Transaction(name = Contracts.Participant.REGISTER_PARTICIPANTS, intent = Transaction.TYPE.SUBMIT)
    public String registerParticipants(Context ctx, String json) {
        Registrations r = new Registrations(ctx, true);
        List<JsonNode> batch = Args.batch(json, BATCH_FIELD, MAX_BATCH_PARTICIPANTS);
        r.prefetch(batch);
        List<Participant> answers = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                answers.add(r.plan(Args.of(batch.get(i), "participant", FIELDS)));
            } catch (ChaincodeException e) {
                throw Refusal.atIndex(BATCH_FIELD, i, e);
            }
        }
        r.write();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Participant p : r.planned.values()) {
            entries.add(entry(p));
        }
        Events.emitBatch(r.stub, EventNames.PARTICIPANTS_REGISTERED, "participants", entries);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("registered", r.planned.size());
        out.put("alreadyRegistered", answers.size() - r.planned.size());
        out.put("participants", answers);
        return Json.write(out);
    }

    /** The name of RegisterParticipants' batch in its refusals ({@code participants[3]: }). */
    private static final String BATCH_FIELD = "participants";

    /**
     * The registrations of one transaction, each checked by {@link #plan} before {@link #write}
     * writes any: a refusal leaves nothing behind. The records to write are kept by key (a sorted
     * map, so the writes depend on the input alone), and the batch's own earlier registrations are
     * consulted there: Fabric shows a transaction committed state only.
     */
    private static final class Registrations {
        final ChaincodeStub stub;
        private final Caller caller;
        private final MarketConfig config;
        /** Whether a participant registered with the same fields is skipped (RegisterParticipants). */
        private final boolean skipIdentical;
        private final String tx;
        private final String now;
        /** The participants to write, by key. */
        final Map<String, Participant> planned = new TreeMap<>();
        /** The id of every participant so far (planned or skipped), with its index. */
        private final Map<String, Integer> seen = new TreeMap<>();

        Registrations(Context ctx, boolean skipIdentical) {
            this.stub = ctx.getStub();
            this.caller = Caller.of(ctx);
            this.config = ConfigContract.current(stub);
            this.skipIdentical = skipIdentical;
            this.tx = skipIdentical ? Contracts.Participant.REGISTER_PARTICIPANTS : Contracts.Participant.REGISTER_PARTICIPANT;
            this.now = Tx.timestamp(stub);
        }

        /**
         * Reads the batch's participant keys in one round trip (BatchedStub) instead of one each;
         * an element whose ids do not parse is left to {@link #plan}, which refuses it at its index.
         */
        void prefetch(List<JsonNode> batch) {
            List<String> keys = new ArrayList<>();
            for (JsonNode node : batch) {
                JsonNode local = node.get("participant");
                JsonNode msp = node.get("mspId");
                String key = local == null || !local.isTextual() || (msp != null && !msp.isTextual()) ? null
                        : keyIfWellFormed(msp == null ? caller.mspId() : msp.asText(), local.asText());
                if (key != null) {
                    keys.add(key);
                }
            }
            BatchedStub.prefetch(stub, keys);
        }

        /**
         * Checks one registration against every rule and keeps it for {@link #write}.
         *
         * @return the new record, or the stored one when it is skipped
         */
        Participant plan(Args a) {
            String localId = a.matching("participant", LOCAL_ID, LOCAL_ID_RULE);
            String mspId = a.optionalMatching("mspId", MarketConfig.MSP_ID, "must be 1-64 characters of [A-Za-z0-9._-]");
            if (mspId == null) {
                mspId = caller.mspId();
            }
            requireAdministrator(caller, mspId, config, tx);
            Participant.Kind kind = a.enumValue("kind", Participant.Kind.class, null);
            String location = a.optionalMatching("location", LOCATION, LOCATION_RULE);
            long pv = a.optionalInteger("pvWatts", 0, 0, MAX_CAPACITY);
            long battery = a.optionalInteger("batteryWh", 0, 0, MAX_CAPACITY);
            boolean ev = a.optionalBoolean("ev", false);
            long evBattery = a.optionalInteger("evBatteryWh", 0, 0, MAX_CAPACITY);
            if (!ev && evBattery != 0) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, "participant: field 'evBatteryWh' needs ev true");
            }
            String source = a.optionalMatching("sourceType", MarketConfig.SOURCE_TYPE, MarketConfig.SOURCE_TYPE_RULE);
            String key = Keys.participant(mspId, localId);
            String id = mspId + ":" + localId;
            Integer first = seen.putIfAbsent(id, seen.size());
            if (first != null) {
                throw Refusal.of(ErrorCode.CONFLICT, tx + ": participant " + id + " appears twice in the transaction "
                        + "(the first is " + BATCH_FIELD + "[" + first + "])");
            }
            Participant p = new Participant(id, mspId, localId, kind, location == null ? "" : location, pv, battery, ev,
                    evBattery, source, Participant.Status.ACTIVE, null, caller.clientId(), now, now);
            Participant existing = Ledger.get(stub, key, Participant.class);
            if (existing != null) {
                if (skipIdentical && sameRegistration(existing, p)) {
                    // A retry of a batch whose outcome was lost: the stored participant is this one.
                    return existing;
                }
                throw Refusal.of(ErrorCode.ALREADY_EXISTS, "participant " + id + " is already registered"
                        + (skipIdentical ? " with other fields" : ""));
            }
            planned.put(key, p);
            return p;
        }

        void write() {
            for (Map.Entry<String, Participant> e : planned.entrySet()) {
                Ledger.put(stub, e.getKey(), e.getValue());
            }
        }
    }

    /** Whether a stored participant was registered with the fields of {@code p} (status and times aside). */
    private static boolean sameRegistration(Participant stored, Participant p) {
        return stored.kind() == p.kind() && stored.location().equals(p.location()) && stored.pvWatts() == p.pvWatts()
                && stored.batteryWh() == p.batteryWh() && stored.ev() == p.ev()
                && stored.evBatteryWh() == p.evBatteryWh() && Objects.equals(stored.sourceType(), p.sourceType());
    }

    /** Suspends trading (org admin of the participant's org, or the operator). */
    @Transaction(name = Contracts.Participant.SUSPEND_PARTICIPANT, intent = Transaction.TYPE.SUBMIT)
    public String suspendParticipant(Context ctx, String participantId, String reason) {
        return changeStatus(ctx, participantId, reason, Participant.Status.SUSPENDED, "SuspendParticipant",
                EventNames.PARTICIPANT_SUSPENDED);
    }

    /** Lifts a suspension (org admin of the participant's org, or the operator). */
    @Transaction(name = Contracts.Participant.REINSTATE_PARTICIPANT, intent = Transaction.TYPE.SUBMIT)
    public String reinstateParticipant(Context ctx, String participantId, String reason) {
        return changeStatus(ctx, participantId, reason, Participant.Status.ACTIVE, "ReinstateParticipant",
                EventNames.PARTICIPANT_REINSTATED);
    }

    private String changeStatus(Context ctx, String participantId, String reason, Participant.Status target,
                                String tx, String event) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.current(stub);
        Participant p = require(stub, participantId);
        requireAdministrator(caller, p.mspId(), config, tx);
        if (reason == null || reason.isBlank() || reason.length() > 256) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "reason must be 1-256 characters");
        }
        if (p.status() == target) {
            throw Refusal.of(ErrorCode.INVALID_STATE, "participant " + p.id() + " is already " + target);
        }
        Participant updated = p.withStatus(target, reason, Tx.timestamp(stub));
        Ledger.put(stub, Keys.participant(p.mspId(), p.localId()), updated);
        Events.emit(stub, event, summary(updated, stub.getTxId()));
        return Json.write(updated);
    }

    /** One participant (itself, an admin of its org, the operator or an auditor). */
    @Transaction(name = Contracts.Participant.GET_PARTICIPANT, intent = Transaction.TYPE.EVALUATE)
    public String getParticipant(Context ctx, String participantId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.current(stub);
        Participant p = require(stub, participantId);
        if (!caller.mayRead(p.id(), config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetParticipant " + participantId + " is for the participant, its org's "
                    + "admins, the operator and auditors; caller is " + caller.describe());
        }
        return Json.write(p);
    }

    /**
     * Registered participants, by id, one page at a time: all of them for the operator and
     * auditors, the own org's for an org admin.
     *
     * @param mspId only this org's participants; empty for all (operator/auditor only)
     */
    @Transaction(name = Contracts.Participant.LIST_PARTICIPANTS, intent = Transaction.TYPE.EVALUATE)
    public String listParticipants(Context ctx, String mspId, String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.current(stub);
        boolean all = mspId == null || mspId.isEmpty();
        if (!caller.isOverseer(config) && !(caller.orgAdmin() && !all && mspId.equals(caller.mspId()))) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "ListParticipants is for the operator and auditors, or an org admin "
                    + "listing its own org; caller is " + caller.describe());
        }
        var prefix = all ? Keys.prefix(Keys.PARTICIPANT) : Keys.prefix(Keys.PARTICIPANT, mspId);
        return Json.write(Ledger.page(stub, prefix, null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), Participant.class), null));
    }

    /** What the chaincode makes of the caller's certificate, and its participant record if any. */
    @Transaction(name = Contracts.Participant.WHO_AM_I, intent = Transaction.TYPE.EVALUATE)
    public String whoAmI(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.current(stub);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mspId", caller.mspId());
        out.put("clientId", caller.clientId());
        out.put("role", caller.role() == null ? null : caller.role().attributeValue());
        out.put("roleAccepted", caller.role() != null && caller.has(caller.role(), config));
        out.put("orgAdmin", caller.orgAdmin());
        out.put("participantId", caller.participantId());
        out.put("participant", caller.participantId() == null ? null : find(stub, caller.participantId()));
        return Json.write(out);
    }

    /**
     * The registration key of {@code <MSP id>:<local id>} when both parts are well formed, else
     * null: for reading ahead (BatchedStub) before a transaction checks its input, which a key of
     * any text could not be built from.
     */
    static String keyIfWellFormed(String mspId, String localId) {
        return mspId != null && localId != null && MarketConfig.MSP_ID.matcher(mspId).matches()
                && LOCAL_ID.matcher(localId).matches() ? Keys.participant(mspId, localId) : null;
    }

    /** {@link #keyIfWellFormed(String, String)} of a participant id. */
    static String keyIfWellFormed(String participantId) {
        int colon = participantId == null ? -1 : participantId.indexOf(':');
        return colon < 0 ? null : keyIfWellFormed(participantId.substring(0, colon), participantId.substring(colon + 1));
    }

    /** The participant, or null. */
    static Participant find(ChaincodeStub stub, String participantId) {
        String key = keyIfWellFormed(participantId);
        return key == null ? null : Ledger.get(stub, key, Participant.class);
    }

    static Participant require(ChaincodeStub stub, String participantId) {
        Participant p = find(stub, participantId);
        if (p == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "participant " + Args.quote(String.valueOf(participantId))
                    + " is not registered (ids are <MSP id>:<local id>)");
        }
        return p;
    }

    /**
     * The active participant the caller's certificate maps to, with a trading role; every order
     * transaction starts here.
     */
    static Participant requireTrader(ChaincodeStub stub, Caller caller, MarketConfig config, String tx) {
        if (!caller.isTrader(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role participant or retailer; caller is " + caller.describe());
        }
        if (caller.participantId() == null) {
            throw Refusal.of(ErrorCode.NOT_REGISTERED, tx + ": the caller's certificate has no p2pe.participant attribute");
        }
        Participant p = find(stub, caller.participantId());
        if (p == null) {
            throw Refusal.of(ErrorCode.NOT_REGISTERED, tx + ": participant " + caller.participantId() + " is not registered");
        }
        if (p.status() != Participant.Status.ACTIVE) {
            throw Refusal.of(ErrorCode.PARTICIPANT_SUSPENDED, tx + ": participant " + p.id() + " is suspended");
        }
        return p;
    }

    private static void requireAdministrator(Caller caller, String mspId, MarketConfig config, String tx) {
        boolean ownOrgAdmin = caller.orgAdmin() && caller.mspId().equals(mspId);
        if (!ownOrgAdmin && !caller.has(Role.OPERATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " for org " + mspId + " needs an admin certificate of that org "
                    + "(OU=admin) or role operator; caller is " + caller.describe());
        }
    }

    private static Map<String, Object> summary(Participant p, String txId) {
        Map<String, Object> m = entry(p);
        m.put("txId", txId);
        return m;
    }

    /** A participant as events name it. */
    private static Map<String, Object> entry(Participant p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("participant", p.id());
        m.put("kind", p.kind());
        m.put("status", p.status());
        return m;
    }
}
