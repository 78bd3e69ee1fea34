package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.InputValidator;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.market.TieBreak;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Orders: submitted and cancelled until gate closure, one key per order. A submission reads and
 * writes only its own participant's keys plus reads the slot state key and the configuration, so
 * submissions of different participants never conflict (docs/chaincode.md, key schema).
 */
@Contract(name = Contracts.Order.NAME, info = @Info(title = "p2pe orders", version = "1.0.0"))
public final class OrderContract extends P2peContract {
    static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final String CLIENT_ORDER_ID_RULE = "must be 1-64 characters of [A-Za-z0-9._:-]";
    static final Pattern ORDER_ID = Pattern.compile("(\\d{8}T\\d{4}Z)-[0-9a-f]{40}");
    static final String UNSPECIFIED_SOURCE = "unspecified";
    private static final Set<String> FIELDS = Set.of("clientOrderId", "slot", "side", "wh", "price",
            "renewableOnly", "sourceType");

    /**
     * Submits an order for a slot until its gate closes. Idempotent on clientOrderId.
     *
     * @param json {@code {"clientOrderId", "slot", "side", "wh", "price", "renewableOnly"?, "sourceType"?}};
     *     a SELL's source type is the grid operator's attestation, and a {@code sourceType} that
     *     differs from it is refused
     * @return the order record (the existing one for a retry)
     */
    @Transaction(name = Contracts.Order.SUBMIT_ORDER, intent = Transaction.TYPE.SUBMIT)
    public String submitOrder(Context ctx, String json) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Participant owner = ParticipantContract.requireTrader(stub, caller, config, "SubmitOrder");
        Args a = Args.of(json, "order", FIELDS);
        String clientOrderId = a.matching("clientOrderId", CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE);
        checkSlotWithMarketRules(a, config);
        String slotText = a.text("slot");
        Slot slot = Slots.parse(slotText, config, "slot");
        String orderId = orderId(slot.sortKey(), owner.id(), clientOrderId);
        Order order = validateWithMarketRules(a, orderId, owner, config);
        boolean renewableOnly = a.optionalBoolean("renewableOnly", false);
        if (renewableOnly && order.side() != Side.BUY) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'renewableOnly' applies to BUY orders only");
        }
        String claimedSource = a.optionalMatching("sourceType", MarketConfig.SOURCE_TYPE, MarketConfig.SOURCE_TYPE_RULE);
        if (claimedSource != null && order.side() != Side.SELL) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'sourceType' applies to SELL orders only");
        }
        String sourceType = order.side() == Side.SELL ? attestedSource(stub, owner) : null;
        String now = Tx.timestamp(stub);
        OrderRecord record = new OrderRecord(orderId, clientOrderId, owner.id(), slotText, slot.sortKey(), order.side(),
                order.wh(), order.price(), owner.location(), sourceType, renewableOnly, OrderRecord.Status.OPEN, now,
                stub.getTxId(), null, null);

        // A retry returns what the first attempt stored, even after gate closure.
        ClientOrder previous = Ledger.get(stub, Keys.clientOrder(owner.id(), clientOrderId), ClientOrder.class);
        if (previous != null) {
            OrderRecord existing = Ledger.get(stub, Keys.order(previous.slotKey(), previous.orderId()), OrderRecord.class);
            if (existing != null && existing.sameContent(record)) {
                return Json.write(existing);
            }
            throw Refusal.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "order: field 'clientOrderId' " + Args.quote(clientOrderId)
                    + " was already used for order " + previous.orderId() + " with different content");
        }
        if (claimedSource != null && !claimedSource.equals(sourceType)) {
            throw Refusal.of(ErrorCode.CONFLICT, "order " + orderId + ": field 'sourceType' " + Args.quote(claimedSource)
                    + " is not the source the grid operator attested for " + owner.id() + " (" + sourceType
                    + "); an order cannot set or change it (omit the field)");
        }
        MarketTime marketNow = requireOpen(stub, slot, config, "SubmitOrder");
        if (slot.startInstant().isAfter(marketNow.instant().plus(Duration.ofDays(config.orderWindowDays())))) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "order " + orderId + ": field 'slot' must start within "
                    + config.orderWindowDays() + " days of the market time (" + marketNow + "), got " + slotText);
        }
        if (order.price() < config.priceFloor() || order.price() > config.priceCap()) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "order " + orderId + ": field 'price' must be between "
                    + config.priceFloor() + " and " + config.priceCap() + " (market price floor and cap), got "
                    + order.price());
        }
        String positionKey = Keys.position(slot.sortKey(), owner.id());
        Position position = Ledger.get(stub, positionKey, Position.class);
        List<String> open = new ArrayList<>();
        if (position != null) {
            if (position.side() != order.side()) {
                refuseBothSides(stub, slot, position, order);
            }
            open.addAll(position.openOrderIds());
        }
        // The position lists the open orders and every submission rewrites it: the cap bounds
        // both the record and the bytes one submission writes.
        if (open.size() >= config.maxOpenOrdersPerParticipant()) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, "order " + orderId + ": participant " + owner.id() + " has "
                    + open.size() + " open orders in slot " + slotText + ", the most the market allows (config "
                    + "maxOpenOrdersPerParticipant " + config.maxOpenOrdersPerParticipant() + "); cancel one or "
                    + "combine quantities into fewer orders");
        }
        open.add(orderId);

        Ledger.put(stub, Keys.order(slot.sortKey(), orderId), record);
        Ledger.put(stub, Keys.ownerOrder(owner.id(), slot.sortKey(), orderId), Map.of("orderId", orderId));
        Ledger.put(stub, Keys.clientOrder(owner.id(), clientOrderId),
                new ClientOrder(owner.id(), clientOrderId, orderId, slot.sortKey()));
        Ledger.put(stub, positionKey, new Position(owner.id(), slotText, order.side(), open));
        // Sealed auction: the event says that an order exists, not its side, quantity or price.
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderId", orderId);
        event.put("clientOrderId", clientOrderId);
        event.put("participant", owner.id());
        event.put("slot", slotText);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.ORDER_SUBMITTED, event);
        return Json.write(record);
    }

    /**
     * Cancels an open order before gate closure: its owner, or the operator (e.g. for a
     * suspended participant).
     */
    @Transaction(name = Contracts.Order.CANCEL_ORDER, intent = Transaction.TYPE.SUBMIT)
    public String cancelOrder(Context ctx, String orderId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        OrderRecord order = require(stub, orderId);
        boolean operator = caller.has(Role.OPERATOR, config);
        if (!operator) {
            Participant p = ParticipantContract.requireTrader(stub, caller, config, "CancelOrder");
            if (!p.id().equals(order.participant())) {
                throw Refusal.of(ErrorCode.FORBIDDEN, "CancelOrder: order " + orderId + " belongs to another participant");
            }
        }
        if (order.status() != OrderRecord.Status.OPEN) {
            throw Refusal.of(ErrorCode.INVALID_STATE, "CancelOrder: order " + orderId + " is " + order.status());
        }
        requireOpen(stub, Slots.start(order.slot()), order.slot(), order.slotKey(), config, "CancelOrder");
        String positionKey = Keys.position(order.slotKey(), order.participant());
        Position position = Ledger.get(stub, positionKey, Position.class);
        List<String> open = new ArrayList<>(position == null ? List.of() : position.openOrderIds());
        open.remove(orderId);
        OrderRecord cancelled = order.cancelled(Tx.timestamp(stub), caller.clientId());
        Ledger.put(stub, Keys.order(order.slotKey(), orderId), cancelled);
        if (open.isEmpty()) {
            stub.delState(positionKey);
        } else {
            Ledger.put(stub, positionKey, new Position(order.participant(), order.slot(), order.side(), open));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderId", orderId);
        event.put("participant", order.participant());
        event.put("slot", order.slot());
        event.put("byOperator", operator);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.ORDER_CANCELLED, event);
        return Json.write(cancelled);
    }

    /**
     * One order with its fill once the slot is cleared. Its owner, the owner's org admin, the
     * operator and auditors may read it at any time; other callers with a role once the slot has
     * closed (sealed auction).
     */
    @Transaction(name = Contracts.Order.GET_ORDER, intent = Transaction.TYPE.EVALUATE)
    public String getOrder(Context ctx, String orderId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        OrderRecord order = require(stub, orderId);
        SlotState state = SlotContract.state(stub, order.slotKey());
        if (!caller.mayRead(order.participant(), config) && !(state != null && caller.hasAcceptedRole(config))) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetOrder: order " + orderId + " is sealed until its slot closes");
        }
        return Json.write(withFill(order, state == null || state.clearing() == null ? null
                : SlotContract.fills(stub, state)));
    }

    /**
     * The caller's own orders, by slot then order id (role participant or retailer).
     *
     * @param slot only this slot's orders; empty for all
     */
    @Transaction(name = Contracts.Order.LIST_MY_ORDERS, intent = Transaction.TYPE.EVALUATE)
    public String listMyOrders(Context ctx, String slot, String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.isTrader(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "ListMyOrders needs role participant or retailer; caller is "
                    + caller.describe());
        }
        String me = caller.participantId();
        if (me == null) {
            throw Refusal.of(ErrorCode.NOT_REGISTERED, "ListMyOrders: the caller's certificate has no p2pe.participant attribute");
        }
        var prefix = slot == null || slot.isEmpty() ? Keys.prefix(Keys.OWNER_ORDER, me)
                : Keys.prefix(Keys.OWNER_ORDER, me, Slots.parse(slot, config, "slot").sortKey());
        // A page usually holds many orders of few slots: read each slot's state and fills once.
        Map<String, Map<String, Long>> fillsBySlot = new java.util.TreeMap<>();
        Ledger.Page<Map<String, Object>> page = Ledger.page(stub, prefix, null, pageSize, bookmark, kv -> {
            List<String> parts = stub.splitCompositeKey(kv.getKey()).getAttributes();
            OrderRecord o = Ledger.get(stub, Keys.order(parts.get(1), parts.get(2)), OrderRecord.class);
            Map<String, Long> fills = fillsBySlot.computeIfAbsent(o.slotKey(), k -> {
                SlotState state = SlotContract.state(stub, k);
                return state == null || state.clearing() == null ? null : SlotContract.fills(stub, state);
            });
            return withFill(o, fills);
        }, null);
        return Json.write(page);
    }

    /**
     * A slot's orders (all statuses), by order id. The operator and auditors may read it at any
     * time; other callers with a role once the slot has closed (sealed auction).
     */
    @Transaction(name = Contracts.Order.GET_SLOT_BOOK, intent = Transaction.TYPE.EVALUATE)
    public String getSlotBook(Context ctx, String slot, String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = SlotContract.state(stub, s.sortKey());
        if (!caller.isOverseer(config) && !(state != null && caller.hasAcceptedRole(config))) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetSlotBook: the book of " + slot
                    + " is sealed until the slot closes (operator and auditors excepted)");
        }
        return Json.write(Ledger.page(stub, Keys.prefix(Keys.ORDER, s.sortKey()), null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), OrderRecord.class), null));
    }

    /**
     * What a participant's SELL orders are generated from: the grid operator's attestation
     * (meter:AttestSource), {@code unspecified} without one. A registration's own {@code sourceType}
     * is the org's declaration and labels nothing until the grid operator attests it.
     */
    static String attestedSource(ChaincodeStub stub, Participant owner) {
        SourceAttestation a = MeterContract.attestation(stub, owner.id());
        return a == null ? UNSPECIFIED_SOURCE : a.sourceType();
    }

    /** {@code <slot sort key>-<first 40 hex of SHA-256(participantId|clientOrderId)>}: valid market ids. */
    static String orderId(String slotKey, String participantId, String clientOrderId) {
        String hash = TieBreak.sha256Hex((participantId + "|" + clientOrderId).getBytes(StandardCharsets.UTF_8));
        return slotKey + "-" + hash.substring(0, 40);
    }

    static OrderRecord require(ChaincodeStub stub, String orderId) {
        var m = orderId == null ? null : ORDER_ID.matcher(orderId);
        if (m == null || !m.matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "orderId must look like 20260617T0300Z-<40 hex digits>, got "
                    + Args.quote(String.valueOf(orderId)));
        }
        OrderRecord o = Ledger.get(stub, Keys.order(m.group(1), orderId), OrderRecord.class);
        if (o == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "order " + orderId + " does not exist");
        }
        return o;
    }

    /**
     * Gate closure, two guards (docs/design.md section 4): the slot state key is read (absent = OPEN),
     * so a CloseSlot committed first invalidates this transaction at MVCC validation; and the
     * market time (tx timestamp or ledger clock, by the config's clockMode) must be before gate
     * closure.
     *
     * @return the market time of the transaction
     */
    static MarketTime requireOpen(ChaincodeStub stub, Slot slot, MarketConfig config, String tx) {
        return requireOpen(stub, slot.startInstant(), slot.toString(), slot.sortKey(), config, tx);
    }

    private static MarketTime requireOpen(ChaincodeStub stub, Instant start, String slotText, String slotKey,
                                          MarketConfig config, String tx) {
        SlotState state = SlotContract.state(stub, slotKey);
        if (state != null) {
            throw Refusal.of(ErrorCode.SLOT_CLOSED, tx + ": slot " + slotText + " is " + state.status());
        }
        Instant gate = Slots.gateClosure(start, config);
        MarketTime now = MarketTime.now(stub, config, tx);
        if (!now.isBefore(gate)) {
            throw Refusal.of(ErrorCode.SLOT_CLOSED, tx + ": gate closure of slot " + slotText + " was at "
                    + Slots.iso(gate) + "; the market time is " + now);
        }
        return now;
    }

    /**
     * Reads side, wh and price exactly as the offline clearing input does and applies the market
     * rules, so refusals carry the engine's messages.
     */
    private static Order validateWithMarketRules(Args a, String orderId, Participant owner, MarketConfig config) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("slot", a.raw("slot"));
        input.put("mechanism", config.mechanism().name());
        if (config.mechanism() == Mechanism.OPTIMAL) {
            input.put("objective", config.objective().name());
        }
        ArrayNode orders = input.putArray("orders");
        ObjectNode o = orders.addObject();
        o.put("id", orderId);
        o.put("participant", owner.id());
        for (String f : List.of("side", "wh", "price")) {
            if (a.raw(f) != null) {
                o.set(f, a.raw(f));
            }
        }
        if (!owner.location().isEmpty()) {
            o.put("location", owner.location());
        }
        try {
            ClearingInput parsed = MarketJson.readInput(Json.write(input));
            InputValidator.validate(parsed);
            return parsed.orders().get(0);
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
    }

    /** The engine's own refusal of a missing or malformed slot, before the chaincode's stricter spelling rule. */
    private static void checkSlotWithMarketRules(Args a, MarketConfig config) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        if (a.raw("slot") != null) {
            input.set("slot", a.raw("slot"));
        }
        input.put("mechanism", Mechanism.UNIFORM_PRICE.name());
        input.putArray("orders");
        try {
            InputValidator.validate(MarketJson.readInput(Json.write(input)));
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
    }

    /** One side per participant per slot, reported with the engine's BOTH_SIDES message. */
    private static void refuseBothSides(ChaincodeStub stub, Slot slot, Position position, Order order) {
        OrderRecord other = Ledger.get(stub, Keys.order(slot.sortKey(), position.openOrderIds().get(0)),
                OrderRecord.class);
        try {
            // Names the new order as the one refused and the open one as what the participant has.
            InputValidator.validateOneSide(other.toMarketOrder(), order);
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
        throw new IllegalStateException("the market rules accepted both sides for " + order.participant());
    }

    /**
     * The order with {@code filledWh}: null until the slot is cleared, then its fill.
     *
     * @param fills the slot's fills, or null when it is not cleared
     */
    private static Map<String, Object> withFill(OrderRecord order, Map<String, Long> fills) {
        Map<String, Object> out = Json.MAPPER.convertValue(order, Json.MAP_TYPE);
        out.put("filledWh", fills == null ? null : fills.getOrDefault(order.orderId(), 0L));
        return out;
    }
}
