package io.p2pe.chaincode;

import io.p2pe.market.Slot;
import io.p2pe.market.dr.Baseline;
import io.p2pe.market.dr.DrDirection;
import io.p2pe.market.dr.Performance;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.DrEnrolment;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.DrProgram;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.PointsEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Demand-response events (docs/chaincode.md, demand response): the operator, or a retailer when the
 * DR programme lets retailers declare, asks participants to use less (DOWN) or more (UP) than their
 * baseline in some slots; participants enrol before a deadline (each enrolment its own key); once
 * the slots are metered, anyone with a p2pe role measures an enrolled participant's performance
 * against its baseline, computed here from its own past readings ({@link Baseline}), which credits
 * its incentive points once per event and slot; the declarer closes the event with its result.
 */
@Contract(name = Contracts.DemandResponse.NAME, info = @Info(title = "p2pe demand response", version = "1.0.0"))
public final class DemandResponseContract extends P2peContract {
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String EVENT_ID_RULE = "must be 1-64 characters of [A-Za-z0-9._-]";
    /** Six hours of 30-minute slots: DR events last one to a few hours; bounds the baseline's reads. */
    static final int MAX_EVENT_SLOTS = 12;
    static final long MAX_TARGET_WH = 1_000_000_000_000L;
    private static final Set<String> EVENT_FIELDS = Set.of("eventId", "direction", "fromSlot", "toSlot", "targetWh",
            "pointsPerKwh", "enrolmentDeadline");
    private static final Set<String> DECLARER_ROLES = Set.of(Role.OPERATOR.attributeValue(),
            Role.RETAILER.attributeValue());

    /**
     * Sets who may declare DR events (operator only).
     *
     * @param json {@code {"declarerRoles": ["operator", "retailer"], "participationPointsPerKwh": 0}};
     *     operator is always among the declarers; participation points per kWh traded P2P (0, the
     *     default, for none), credited at SettleSlot
     */
    @Transaction(name = Contracts.DemandResponse.SET_DR_PROGRAM, intent = Transaction.TYPE.SUBMIT)
    public String setDrProgram(Context ctx, String json) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireOperator(caller, config, Contracts.DemandResponse.SET_DR_PROGRAM);
        Args a = Args.of(json, "DR programme", Set.of("declarerRoles", "participationPointsPerKwh"));
        List<String> roles = a.optionalStrings("declarerRoles", Pattern.compile("operator|retailer"),
                "must be operator or retailer", DECLARER_ROLES.size());
        if (roles == null || !roles.contains(Role.OPERATOR.attributeValue())) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "DR programme: field 'declarerRoles' must list operator "
                    + "(and may list retailer)");
        }
        long participation = a.optionalInteger("participationPointsPerKwh", 0, 0, Performance.MAX_POINTS_PER_KWH);
        DrProgram old = program(stub);
        DrProgram p = new DrProgram(List.copyOf(new TreeSet<>(roles)), participation, old.version() + 1,
                caller.clientId(), Tx.timestamp(stub), stub.getTxId());
        Ledger.put(stub, Keys.drProgram(), p);
        Events.emit(stub, EventNames.DR_PROGRAM_SET, Map.of("declarerRoles", p.declarerRoles(), "txId", p.txId()));
        return Json.write(p);
    }

    /** The DR programme's settings (version 0 = the defaults: operator only). Any p2pe identity. */
    @Transaction(name = Contracts.DemandResponse.GET_DR_PROGRAM, intent = Transaction.TYPE.EVALUATE)
    public String getDrProgram(Context ctx) {
        Caller.of(ctx).requireMember(ConfigContract.require(ctx.getStub()), Contracts.DemandResponse.GET_DR_PROGRAM);
        return Json.write(program(ctx.getStub()));
    }

    /**
     * Declares an event.
     *
     * @param json {@code {"eventId", "direction": "UP"|"DOWN", "fromSlot", "toSlot", "targetWh",
     *     "pointsPerKwh", "enrolmentDeadline"}}: consecutive slots of one local day, at most
     *     {@link #MAX_EVENT_SLOTS}; the deadline after the market time and not after the first slot's start
     */
    @Transaction(name = Contracts.DemandResponse.DECLARE_DR_EVENT, intent = Transaction.TYPE.SUBMIT)
    public String declareDrEvent(Context ctx, String json) {
        String tx = Contracts.DemandResponse.DECLARE_DR_EVENT;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        DrProgram program = program(stub);
        boolean mayDeclare = caller.has(Role.OPERATOR, config)
                || (caller.has(Role.RETAILER, config) && program.declarerRoles().contains(Role.RETAILER.attributeValue()));
        if (!mayDeclare) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role " + String.join(" or ", program.declarerRoles())
                    + " (the DR programme's declarerRoles); caller is " + caller.describe());
        }
        Args a = Args.of(json, "DR event", EVENT_FIELDS);
        String eventId = a.matching("eventId", EVENT_ID, EVENT_ID_RULE);
        DrDirection direction = a.enumValue("direction", DrDirection.class, null);
        Slot from = Slots.parse(a.text("fromSlot"), config, "fromSlot");
        Slot to = Slots.parse(a.text("toSlot"), config, "toSlot");
        List<String> slots = new ArrayList<>();
        for (Slot s = from; s.compareTo(to) <= 0 && slots.size() <= MAX_EVENT_SLOTS; s = s.next()) {
            slots.add(canonical(s, config));
        }
        if (from.compareTo(to) > 0) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "DR event: field 'toSlot' must not be before fromSlot");
        }
        if (slots.size() > MAX_EVENT_SLOTS) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "DR event: fields 'fromSlot'..'toSlot' span more than "
                    + MAX_EVENT_SLOTS + " slots");
        }
        if (!Baseline.localDay(from.startInstant(), config.zone()).equals(Baseline.localDay(to.startInstant(), config.zone()))) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "DR event: fields 'fromSlot' and 'toSlot' must be on one day in "
                    + config.timeZone());
        }
        long targetWh = a.integer("targetWh", 1, MAX_TARGET_WH);
        long rate = a.integer("pointsPerKwh", 0, Performance.MAX_POINTS_PER_KWH);
        Instant deadline = ConfigContract.parseTime(a.text("enrolmentDeadline"), "DR event", "enrolmentDeadline");
        MarketTime now = MarketTime.now(stub, config, tx);
        if (!now.isBefore(deadline)) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "DR event: field 'enrolmentDeadline' must be after the market "
                    + "time (" + now + "), got " + Slots.iso(deadline));
        }
        if (deadline.isAfter(from.startInstant())) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "DR event: field 'enrolmentDeadline' must not be after the first "
                    + "slot's start " + Slots.iso(from.startInstant()) + ", got " + Slots.iso(deadline));
        }
        if (Ledger.get(stub, Keys.drEvent(eventId), DrEvent.class) != null) {
            throw Refusal.of(ErrorCode.ALREADY_EXISTS, tx + ": DR event " + eventId + " exists");
        }
        DrEvent e = new DrEvent(eventId, direction, slots, targetWh, rate, Slots.iso(deadline), DrEvent.Status.OPEN,
                caller.clientId(), caller.mspId(), Tx.timestamp(stub), stub.getTxId(), null);
        Ledger.put(stub, Keys.drEvent(eventId), e);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("direction", direction);
        event.put("fromSlot", slots.get(0));
        event.put("toSlot", slots.get(slots.size() - 1));
        event.put("enrolmentDeadline", e.enrolmentDeadline());
        event.put("txId", e.txId());
        Events.emit(stub, EventNames.DR_EVENT_DECLARED, event);
        return Json.write(e);
    }

    /** The caller's enrolment in an open event before its deadline; enrolling again returns the enrolment. */
    @Transaction(name = Contracts.DemandResponse.ENROL_DR_EVENT, intent = Transaction.TYPE.SUBMIT)
    public String enrolDrEvent(Context ctx, String eventId) {
        String tx = Contracts.DemandResponse.ENROL_DR_EVENT;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        String participantId = ParticipantContract.requireTrader(stub, caller, config, tx).id();
        DrEvent e = requireEvent(stub, eventId);
        if (e.status() != DrEvent.Status.OPEN) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": DR event " + eventId + " is closed");
        }
        MarketTime now = MarketTime.now(stub, config, tx);
        if (!now.isBefore(Instant.parse(e.enrolmentDeadline()))) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": enrolment in DR event " + eventId + " closed at "
                    + e.enrolmentDeadline() + "; the market time is " + now);
        }
        String key = Keys.drEnrolment(eventId, participantId);
        DrEnrolment existing = Ledger.get(stub, key, DrEnrolment.class);
        if (existing != null) {
            return Json.write(existing);
        }
        DrEnrolment enrolment = new DrEnrolment(eventId, participantId, Tx.timestamp(stub), stub.getTxId());
        Ledger.put(stub, key, enrolment);
        String day = Baseline.localDay(Slots.start(e.slots().get(0)), config.zone()).toString();
        Ledger.put(stub, Keys.drDay(participantId, day), Map.of("eventId", eventId));
        Events.emit(stub, EventNames.DR_ENROLLED, Map.of("eventId", eventId, "participant", participantId,
                "txId", stub.getTxId()));
        return Json.write(enrolment);
    }

    /**
     * Measures an enrolled participant's performance once its event's slots are metered, and
     * credits its points. Any identity with a p2pe role; measuring again returns the measurement
     * and credits nothing.
     */
    @Transaction(name = Contracts.DemandResponse.MEASURE_DR_PERFORMANCE, intent = Transaction.TYPE.SUBMIT)
    public String measureDrPerformance(Context ctx, String eventId, String participantId) {
        String tx = Contracts.DemandResponse.MEASURE_DR_PERFORMANCE;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        caller.requireRole(config, tx);
        DrEvent e = requireEvent(stub, eventId);
        if (e.status() != DrEvent.Status.OPEN) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": DR event " + eventId + " is closed; its result is final");
        }
        if (Ledger.get(stub, Keys.drEnrolment(eventId, String.valueOf(participantId)), DrEnrolment.class) == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, tx + ": " + Args.quote(String.valueOf(participantId))
                    + " is not enrolled in DR event " + eventId);
        }
        List<Slot> slots = slots(e, config);
        requireEnded(stub, config, slots, eventId, tx);
        String key = Keys.drPerformance(eventId, participantId);
        if (Ledger.get(stub, key, DrPerformance.class) != null) {
            return Json.write(Ledger.getPrivate(stub, Keys.privateCollection(participantId), key, DrPerformance.class));
        }
        long[] actual = new long[slots.size()];
        for (int i = 0; i < actual.length; i++) {
            Long v = netLoad(stub, slots.get(i), participantId);
            if (v == null) {
                throw Refusal.of(ErrorCode.MISSING_METER_READING, tx + ": " + participantId + " has no meter reading for "
                        + "slot " + e.slots().get(i) + " yet");
            }
            actual[i] = v;
        }
        Performance.Result r;
        try {
            r = Performance.measure(e.direction(), e.pointsPerKwh(), slots, baseline(stub, config, participantId, slots),
                    actual);
        } catch (ArithmeticException x) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": the baseline or performance of " + participantId
                    + " leaves the 64-bit range");
        }
        DrPerformance full = record(e, participantId, r, caller, stub, config);
        Ledger.putPrivate(stub, Keys.privateCollection(participantId), key, full);
        Ledger.put(stub, key, summary(full));
        PointsLedger.Account account = new PointsLedger.Account(stub, participantId, tx);
        for (Performance.SlotResult s : r.slots()) {
            if (s.points() > 0) {
                account.move(Keys.drCreditEntryId(eventId, s.slot().sortKey()), PointsEntry.Kind.DR_CREDIT, s.points(),
                        eventId, canonical(s.slot(), config), null, null);
            }
        }
        account.write();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("participant", participantId);
        event.put("points", r.points());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.DR_PERFORMANCE_MEASURED, event);
        return Json.write(full);
    }

    /**
     * Closes an event with its result, once its last slot has ended: the operator, or the identity
     * that declared it. Enrolled participants not measured by then are listed and get nothing
     * later. Closing a closed event returns it.
     */
    @Transaction(name = Contracts.DemandResponse.CLOSE_DR_EVENT, intent = Transaction.TYPE.SUBMIT)
    public String closeDrEvent(Context ctx, String eventId) {
        String tx = Contracts.DemandResponse.CLOSE_DR_EVENT;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        DrEvent e = requireEvent(stub, eventId);
        if (!caller.has(Role.OPERATOR, config) && !isDeclarer(caller, e, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " is for the operator or the event's declarer; caller is "
                    + caller.describe());
        }
        if (e.status() == DrEvent.Status.CLOSED) {
            return Json.write(e);
        }
        List<Slot> slots = slots(e, config);
        requireEnded(stub, config, slots, eventId, tx);
        List<DrEnrolment> enrolments = Ledger.all(stub, Keys.prefix(Keys.DR_ENROLMENT, eventId), DrEnrolment.class,
                config, tx, "the enrolments of DR event " + eventId);
        List<DrPerformance> measured = Ledger.all(stub, Keys.prefix(Keys.DR_PERFORMANCE, eventId), DrPerformance.class,
                config, tx, "the measurements of DR event " + eventId);
        Set<String> measuredIds = new TreeSet<>();
        long delivered = 0;
        long credited = 0;
        long points = 0;
        for (DrPerformance p : measured) {
            measuredIds.add(p.participant());
            delivered = Math.addExact(delivered, p.deliveredWh());
            credited = Math.addExact(credited, p.creditedWh());
            points = Math.addExact(points, p.points());
        }
        List<String> unmeasured = new ArrayList<>();
        for (DrEnrolment en : enrolments) {
            if (!measuredIds.contains(en.participant())) {
                unmeasured.add(en.participant());
            }
        }
        DrEvent.Result result = new DrEvent.Result(enrolments.size(), measured.size(), unmeasured, delivered, credited,
                points, Tx.timestamp(stub), stub.getTxId());
        DrEvent closed = new DrEvent(e.eventId(), e.direction(), e.slots(), e.targetWh(), e.pointsPerKwh(),
                e.enrolmentDeadline(), DrEvent.Status.CLOSED, e.declaredBy(), e.declaredMsp(), e.declaredAt(), e.txId(),
                result);
        Ledger.put(stub, Keys.drEvent(eventId), closed);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("targetWh", e.targetWh());
        event.put("creditedWh", credited);
        event.put("pointsIssued", points);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.DR_EVENT_CLOSED, event);
        return Json.write(closed);
    }

    /** One event. Any p2pe identity. */
    @Transaction(name = Contracts.DemandResponse.GET_DR_EVENT, intent = Transaction.TYPE.EVALUATE)
    public String getDrEvent(Context ctx, String eventId) {
        Caller.of(ctx).requireMember(ConfigContract.require(ctx.getStub()), Contracts.DemandResponse.GET_DR_EVENT);
        return Json.write(requireEvent(ctx.getStub(), eventId));
    }

    /** Every event, by id, one page at a time. Any p2pe identity. */
    @Transaction(name = Contracts.DemandResponse.LIST_DR_EVENTS, intent = Transaction.TYPE.EVALUATE)
    public String listDrEvents(Context ctx, String pageSize, String bookmark) {
        Caller.of(ctx).requireMember(ConfigContract.require(ctx.getStub()), Contracts.DemandResponse.LIST_DR_EVENTS);
        return Json.write(Ledger.page(ctx.getStub(), Keys.prefix(Keys.DR_EVENT), null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), DrEvent.class), null));
    }

    /** An event's enrolments, one page at a time: the operator, auditors and the event's declarer. */
    @Transaction(name = Contracts.DemandResponse.LIST_DR_ENROLMENTS, intent = Transaction.TYPE.EVALUATE)
    public String listDrEnrolments(Context ctx, String eventId, String pageSize, String bookmark) {
        String tx = Contracts.DemandResponse.LIST_DR_ENROLMENTS;
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        DrEvent e = requireEvent(stub, eventId);
        if (!caller.isOverseer(config) && !isDeclarer(caller, e, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " is for the operator, auditors and the event's declarer; caller is "
                    + caller.describe());
        }
        return Json.write(Ledger.page(stub, Keys.prefix(Keys.DR_ENROLMENT, eventId), null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), DrEnrolment.class), null));
    }

    /**
     * A participant's measurement: the whole record (baseline days, per-slot figures) from the
     * private collection of its org for whoever may read the participant's records.
     */
    @Transaction(name = Contracts.DemandResponse.GET_DR_PERFORMANCE, intent = Transaction.TYPE.EVALUATE)
    public String getDrPerformance(Context ctx, String eventId, String participantId) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, Contracts.DemandResponse.GET_DR_PERFORMANCE);
        DrPerformance p = Ledger.getPrivate(stub, Keys.privateCollection(participantId), Keys.drPerformance(eventId, participantId),
                DrPerformance.class);
        if (p == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no DR measurement of " + participantId + " in event "
                    + Args.quote(String.valueOf(eventId)));
        }
        return Json.write(p);
    }

    static DrProgram program(ChaincodeStub stub) {
        DrProgram p = Ledger.get(stub, Keys.drProgram(), DrProgram.class);
        return p != null ? p : new DrProgram(List.of(Role.OPERATOR.attributeValue()), 0, 0, null, null, null);
    }

    static DrEvent requireEvent(ChaincodeStub stub, String eventId) {
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "field 'eventId' " + EVENT_ID_RULE + ", got "
                    + Args.quote(String.valueOf(eventId)));
        }
        DrEvent e = Ledger.get(stub, Keys.drEvent(eventId), DrEvent.class);
        if (e == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no DR event " + eventId);
        }
        return e;
    }

    /** The identity that declared the event, with a role its MSP still may hold. */
    private static boolean isDeclarer(Caller caller, DrEvent e, MarketConfig config) {
        return caller.clientId().equals(e.declaredBy()) && caller.mspId().equals(e.declaredMsp())
                && caller.hasAcceptedRole(config);
    }

    /** Refuses with INVALID_STATE until the market time has reached the end of the event's last slot. */
    private static void requireEnded(ChaincodeStub stub, MarketConfig config, List<Slot> slots, String eventId,
                                     String tx) {
        Instant end = slots.get(slots.size() - 1).endInstant();
        MarketTime now = MarketTime.now(stub, config, tx);
        if (now.isBefore(end)) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": DR event " + eventId + " ends at " + Slots.iso(end)
                    + "; the market time is " + now);
        }
    }

    private static void requireOperator(Caller caller, MarketConfig config, String tx) {
        if (!caller.has(Role.OPERATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role operator; caller is " + caller.describe());
        }
    }

    private static List<Slot> slots(DrEvent e, MarketConfig config) {
        List<Slot> out = new ArrayList<>();
        for (String s : e.slots()) {
            out.add(Slot.parse(s, config.slotLengthMinutes()));
        }
        return out;
    }

    /** A slot written in the market zone's offset, as every stored slot text is. */
    private static String canonical(Slot s, MarketConfig config) {
        return new Slot(s.startInstant().atZone(config.zone()).toOffsetDateTime(), s.lengthMinutes()).toString();
    }

    /**
     * A participant's baseline for some slots of one day, from its readings in the private collection of its org,
     * leaving out the days of its own DR events (docs/market-rules.md section 12).
     *
     * @throws ArithmeticException if a sum leaves the long range
     */
    static Baseline.Result baseline(ChaincodeStub stub, MarketConfig config, String participantId, List<Slot> slots) {
        LocalDate day = Baseline.localDay(slots.get(0).startInstant(), config.zone());
        Set<LocalDate> excluded = new TreeSet<>();
        for (int back = 1; back <= Baseline.LOOKBACK_DAYS; back++) {
            LocalDate d = day.minusDays(back);
            if (Ledger.get(stub, Keys.drDay(participantId, d.toString()), Map.class) != null) {
                excluded.add(d);
            }
        }
        return Baseline.compute(slots, config.zone(), excluded, s -> netLoad(stub, s, participantId));
    }

    /** The participant's metered net import in a slot (importedWh − exportedWh), or null without a reading. */
    static Long netLoad(ChaincodeStub stub, Slot slot, String participantId) {
        MeterReading r = Ledger.getPrivate(stub, Keys.privateCollection(participantId), Keys.meter(slot.sortKey(), participantId),
                MeterReading.class);
        return r == null ? null : r.importedWh() - r.exportedWh();
    }

    private static DrPerformance record(DrEvent e, String participantId, Performance.Result r, Caller caller,
                                        ChaincodeStub stub, MarketConfig config) {
        List<DrPerformance.Slot> slots = new ArrayList<>();
        for (Performance.SlotResult s : r.slots()) {
            slots.add(new DrPerformance.Slot(canonical(s.slot(), config), s.baselineWh(), s.actualWh(), s.deliveredWh(),
                    s.creditedWh(), s.points()));
        }
        return new DrPerformance(e.eventId(), participantId, r.baseline().status().name(), r.baseline().method(),
                days(r.baseline().candidateDays()), days(r.baseline().chosenDays()), r.baseline().adjustmentWh(), slots,
                r.deliveredWh(), r.creditedWh(), r.points(), caller.clientId(), Tx.timestamp(stub), stub.getTxId());
    }

    /** The public summary: totals, no per-slot metered figures and no baseline days. */
    private static DrPerformance summary(DrPerformance p) {
        return new DrPerformance(p.eventId(), p.participant(), p.baselineStatus(), p.method(), List.of(), List.of(),
                0, List.of(), p.deliveredWh(), p.creditedWh(), p.points(), p.measuredBy(), p.measuredAt(), p.txId());
    }

    private static List<String> days(List<LocalDate> days) {
        List<String> out = new ArrayList<>();
        for (LocalDate d : days) {
            out.add(d.toString());
        }
        return out;
    }
}
