package io.p2pe.chaincode;

import io.p2pe.market.Slot;
import io.p2pe.market.dr.Baseline;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.Participant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Battery dispatch as a virtual power plant (docs/chaincode.md, dispatch): an aggregator that a
 * battery's owner authorised (order:AuthorizeAggregator, the same revocable per-household key as
 * for aggregated orders) instructs the battery to charge or discharge in a coming slot, to meet a
 * DR event or absorb a surplus; after the slot, its metered response against the household's
 * baseline is recorded next to the instruction.
 */
@Contract(name = Contracts.Dispatch.NAME, info = @Info(title = "p2pe battery dispatch", version = "1.0.0"))
public final class DispatchContract extends P2peContract {
    private static final Set<String> FIELDS = Set.of("participant", "slot", "direction", "wh", "eventId");

    /**
     * Instructs a battery for a slot that has not started (market time). The aggregator that gave
     * the slot's instruction may replace it; another aggregator may not.
     *
     * @param json {@code {"participant","slot","direction":"CHARGE"|"DISCHARGE","wh","eventId"?}}; {@code wh}
     *     1 to the battery's registered capacity
     */
    @Transaction(name = Contracts.Dispatch.DISPATCH_BATTERY, intent = Transaction.TYPE.SUBMIT)
    public String dispatchBattery(Context ctx, String json) {
        String tx = Contracts.Dispatch.DISPATCH_BATTERY;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Participant aggregator = OrderContract.requireAggregator(stub, caller, config, tx);
        Args a = Args.of(json, "dispatch", FIELDS);
        String participantId = a.text("participant");
        OrderContract.requireAuthorization(stub, participantId, aggregator, tx);
        Participant owner = ParticipantContract.require(stub, participantId);
        if (owner.batteryWh() <= 0) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": " + owner.id() + " has no battery registered");
        }
        Slot slot = Slots.parse(a.text("slot"), config, "slot");
        BatteryDispatch.Direction direction = a.enumValue("direction", BatteryDispatch.Direction.class, null);
        long wh = a.integer("wh", 1, owner.batteryWh());
        String eventId = a.optionalMatching("eventId", DemandResponseContract.EVENT_ID, DemandResponseContract.EVENT_ID_RULE);
        if (eventId != null) {
            DemandResponseContract.requireEvent(stub, eventId);
        }
        MarketTime now = MarketTime.now(stub, config, tx);
        if (!now.isBefore(slot.startInstant())) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " has started; the market time is " + now);
        }
        String key = Keys.dispatch(owner.id(), slot.sortKey());
        BatteryDispatch old = Ledger.get(stub, key, BatteryDispatch.class);
        if (old != null && !old.aggregator().equals(aggregator.id())) {
            throw Refusal.of(ErrorCode.CONFLICT, tx + ": " + old.aggregator() + " dispatched " + owner.id()
                    + " for slot " + slot + " already");
        }
        BatteryDispatch d = new BatteryDispatch(owner.id(), slot.toString(), direction, wh, eventId, aggregator.id(),
                Tx.timestamp(stub), stub.getTxId(), null);
        Ledger.put(stub, key, d);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", owner.id());
        event.put("slot", d.slot());
        event.put("direction", direction);
        event.put("wh", wh);
        event.put("aggregator", aggregator.id());
        event.put("txId", d.txId());
        Events.emit(stub, EventNames.BATTERY_DISPATCHED, event);
        return Json.write(d);
    }

    /**
     * Records a dispatched battery's response once its slot's reading is in: any identity with a
     * p2pe role; recording again returns the instruction with its response.
     */
    @Transaction(name = Contracts.Dispatch.RECORD_DISPATCH_RESPONSE, intent = Transaction.TYPE.SUBMIT)
    public String recordDispatchResponse(Context ctx, String participantId, String slotText) {
        String tx = Contracts.Dispatch.RECORD_DISPATCH_RESPONSE;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        caller.requireRole(config, tx);
        Slot slot = Slots.parse(slotText, config, "slot");
        String key = Keys.dispatch(String.valueOf(participantId), slot.sortKey());
        BatteryDispatch d = Ledger.get(stub, key, BatteryDispatch.class);
        if (d == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, tx + ": no dispatch of " + Args.quote(String.valueOf(participantId))
                    + " for slot " + slot);
        }
        if (d.response() != null) {
            return Json.write(d);
        }
        Long actual = DemandResponseContract.netLoad(stub, slot, participantId);
        if (actual == null) {
            throw Refusal.of(ErrorCode.MISSING_METER_READING, tx + ": " + participantId + " has no meter reading for slot "
                    + slot + " yet");
        }
        Baseline.Result b;
        long responded;
        try {
            b = DemandResponseContract.baseline(stub, config, participantId, List.of(slot));
            long baselineWh = b.status() == Baseline.Status.NO_BASELINE ? actual : b.slotBaselinesWh().get(0);
            responded = d.direction() == BatteryDispatch.Direction.DISCHARGE ? Math.subtractExact(baselineWh, actual)
                    : Math.subtractExact(actual, baselineWh);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("participant", participantId);
            detail.put("slot", d.slot());
            detail.put("baselineStatus", b.status().name());
            detail.put("chosenDays", b.chosenDays().stream().map(Object::toString).toList());
            detail.put("baselineWh", baselineWh);
            detail.put("actualWh", actual);
            detail.put("txId", stub.getTxId());
            Ledger.putPrivate(stub, Keys.privateCollection(participantId), key, detail);
        } catch (ArithmeticException x) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": the baseline of " + participantId + " leaves the 64-bit range");
        }
        BatteryDispatch done = new BatteryDispatch(d.participant(), d.slot(), d.direction(), d.wh(), d.eventId(),
                d.aggregator(), d.issuedAt(), d.txId(), new BatteryDispatch.Response(b.status().name(), responded,
                Tx.timestamp(stub), stub.getTxId()));
        Ledger.put(stub, key, done);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("participant", d.participant());
        event.put("slot", d.slot());
        event.put("respondedWh", responded);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.DISPATCH_RESPONSE_RECORDED, event);
        return Json.write(done);
    }

    /** One instruction: whoever may read the owner's records, and the aggregator that gave it. */
    @Transaction(name = Contracts.Dispatch.GET_DISPATCH, intent = Transaction.TYPE.EVALUATE)
    public String getDispatch(Context ctx, String participantId, String slotText) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Caller caller = Caller.of(ctx);
        Slot slot = Slots.parse(slotText, config, "slot");
        BatteryDispatch d = Ledger.get(stub, Keys.dispatch(String.valueOf(participantId), slot.sortKey()),
                BatteryDispatch.class);
        boolean itsAggregator = d != null && caller.has(Role.AGGREGATOR, config)
                && d.aggregator().equals(caller.participantId());
        if (!itsAggregator) {
            Access.requireRead(caller, participantId, config, Contracts.Dispatch.GET_DISPATCH);
        }
        if (d == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no dispatch of " + participantId + " for slot " + slot);
        }
        return Json.write(d);
    }

    /** A battery's instructions from {@code fromSlot} to {@code toSlot}, one page at a time: may-read the owner. */
    @Transaction(name = Contracts.Dispatch.LIST_DISPATCHES, intent = Transaction.TYPE.EVALUATE)
    public String listDispatches(Context ctx, String participantId, String fromSlot, String toSlot, String pageSize,
                                 String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, Contracts.Dispatch.LIST_DISPATCHES);
        return Json.write(Access.period(stub, config, Keys.DISPATCH, participantId, fromSlot, toSlot, pageSize, bookmark,
                BatteryDispatch.class));
    }
}
