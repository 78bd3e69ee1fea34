package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.PointsEntry;
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
 * Incentive points: DR credits come from {@link DemandResponseContract#measureDrPerformance};
 * here participants transfer points to each other and the operator records their redemption (the
 * local-currency payment itself happens outside the ledger, under the reference it records).
 */
@Contract(name = Contracts.Points.NAME, info = @Info(title = "p2pe incentive points", version = "1.0.0"))
public final class PointsContract extends P2peContract {
    static final Pattern REFERENCE = Pattern.compile("[\\p{Alnum} ._:/#-]{1,128}");
    static final String REFERENCE_RULE = "must be 1-128 letters, digits, spaces or ._:/#-";

    /** A participant's balance: whoever may read its records. */
    @Transaction(name = Contracts.Points.GET_POINTS_BALANCE, intent = Transaction.TYPE.EVALUATE)
    public String getPointsBalance(Context ctx, String participantId) {
        ChaincodeStub stub = ctx.getStub();
        Access.requireRead(Caller.of(ctx), participantId, ConfigContract.require(stub),
                Contracts.Points.GET_POINTS_BALANCE);
        return Json.write(PointsLedger.balance(stub, participantId));
    }

    /** A participant's movements, by entry id, one page at a time: whoever may read its records. */
    @Transaction(name = Contracts.Points.LIST_POINTS_ENTRIES, intent = Transaction.TYPE.EVALUATE)
    public String listPointsEntries(Context ctx, String participantId, String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        Access.requireRead(Caller.of(ctx), participantId, ConfigContract.require(stub),
                Contracts.Points.LIST_POINTS_ENTRIES);
        return Json.write(Ledger.page(stub, Keys.prefix(Keys.POINTS_ENTRY, participantId), null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), PointsEntry.class), null));
    }

    /**
     * Moves the caller's points to another registered participant.
     *
     * @param json {@code {"to": participant id, "points": 1 to the caller's balance, "memo": optional}}
     */
    @Transaction(name = Contracts.Points.TRANSFER_POINTS, intent = Transaction.TYPE.SUBMIT)
    public String transferPoints(Context ctx, String json) {
        String tx = Contracts.Points.TRANSFER_POINTS;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        String from = ParticipantContract.requireTrader(stub, caller, config, tx).id();
        Args a = Args.of(json, "points transfer", Set.of("to", "points", "memo"));
        Participant to = ParticipantContract.require(stub, a.text("to"));
        if (to.id().equals(from)) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "points transfer: field 'to' is the caller itself");
        }
        long points = a.integer("points", 1, PointsLedger.MAX_BALANCE);
        String reference = a.optionalMatching("memo", REFERENCE, REFERENCE_RULE);
        String entryId = "transfer~" + stub.getTxId();
        PointsLedger.Account out = new PointsLedger.Account(stub, from, tx);
        PointsEntry debit = out.move(entryId, PointsEntry.Kind.TRANSFER_OUT, -points, null, null, to.id(), reference);
        PointsLedger.Account in = new PointsLedger.Account(stub, to.id(), tx);
        in.move(entryId, PointsEntry.Kind.TRANSFER_IN, points, null, null, from, reference);
        out.write();
        in.write();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("from", from);
        event.put("to", to.id());
        event.put("points", points);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.POINTS_TRANSFERRED, event);
        return Json.write(debit);
    }

    /**
     * Records that a participant's points were redeemed (the operator only).
     *
     * @param json {@code {"participant", "points", "reference"}}: the reference of the external
     *     settlement, e.g. the local-currency payment id
     */
    @Transaction(name = Contracts.Points.REDEEM_POINTS, intent = Transaction.TYPE.SUBMIT)
    public String redeemPoints(Context ctx, String json) {
        String tx = Contracts.Points.REDEEM_POINTS;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.has(Role.OPERATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role operator; caller is " + caller.describe());
        }
        Args a = Args.of(json, "redemption", Set.of("participant", "points", "reference"));
        Participant p = ParticipantContract.require(stub, a.text("participant"));
        long points = a.integer("points", 1, PointsLedger.MAX_BALANCE);
        String ref = a.matching("reference", REFERENCE, REFERENCE_RULE);
        PointsLedger.Account account = new PointsLedger.Account(stub, p.id(), tx);
        PointsEntry entry = account.move("redemption~" + stub.getTxId(), PointsEntry.Kind.REDEMPTION, -points, null,
                null, null, ref);
        account.write();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", p.id());
        event.put("points", points);
        event.put("reference", ref);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.POINTS_REDEEMED, event);
        return Json.write(entry);
    }
}
