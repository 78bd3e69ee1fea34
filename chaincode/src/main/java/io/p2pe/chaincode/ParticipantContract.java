package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.Participant;
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
     * Registers a participant (org admin of the participant's org, or the operator).
     *
     * @param json {@code {"participant": "home-001", "mspId"?: "RetailerOrgMSP", "kind": "HOUSEHOLD", ...}}
     * @return the stored participant
     */
    @Transaction(name = Contracts.Participant.REGISTER_PARTICIPANT, intent = Transaction.TYPE.SUBMIT)
    public String registerParticipant(Context ctx, String json) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.current(stub);
        Args a = Args.of(json, "participant", FIELDS);
        String localId = a.matching("participant", LOCAL_ID, LOCAL_ID_RULE);
        String mspId = a.optionalMatching("mspId", MarketConfig.MSP_ID, "must be 1-64 characters of [A-Za-z0-9._-]");
        if (mspId == null) {
            mspId = caller.mspId();
        }
        requireAdministrator(caller, mspId, config, "RegisterParticipant");
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
        if (stub.getState(key) != null && stub.getState(key).length > 0) {
            throw Refusal.of(ErrorCode.ALREADY_EXISTS, "participant " + id + " is already registered");
        }
        String now = Tx.timestamp(stub);
        Participant p = new Participant(id, mspId, localId, kind, location == null ? "" : location, pv, battery, ev,
                evBattery, source, Participant.Status.ACTIVE, null, caller.clientId(), now, now);
        Ledger.put(stub, key, p);
        Events.emit(stub, EventNames.PARTICIPANT_REGISTERED, summary(p, stub.getTxId()));
        return Json.write(p);
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

    /** The participant, or null. */
    static Participant find(ChaincodeStub stub, String participantId) {
        int colon = participantId == null ? -1 : participantId.indexOf(':');
        if (colon <= 0 || colon == participantId.length() - 1) {
            return null;
        }
        return Ledger.get(stub, Keys.participant(participantId.substring(0, colon), participantId.substring(colon + 1)),
                Participant.class);
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("participant", p.id());
        m.put("kind", p.kind());
        m.put("status", p.status());
        m.put("txId", txId);
        return m;
    }
}
