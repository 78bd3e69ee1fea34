package io.p2pe.chaincode;

import io.p2pe.protocol.SourceAttestation;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.p2pe.protocol.ClockMode;
import io.p2pe.market.TieBreak;
import io.p2pe.protocol.AggregatorAuthorization;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.OrderBookMode;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SealedOrderFormat;
import io.p2pe.protocol.SealingKey;
import io.p2pe.protocol.SlotState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
    /** An order of a batch names its household. */
    private static final Set<String> BATCH_ORDER_FIELDS = Set.of("participant", "clientOrderId", "slot", "side", "wh",
            "price", "renewableOnly", "sourceType");
    /**
     * Most orders one SubmitOrders takes. With orders of about 150 bytes, 200 fit the default
     * {@code maxArgumentBytes} (65536), which is checked first; the cap bounds what one batch
     * writes (3 keys per order, one position per household and slot) whatever that limit is raised to.
     */
    static final int MAX_BATCH_ORDERS = 200;

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
        prefetchCaller(stub, caller);
        MarketConfig config = ConfigContract.require(stub);
        requireOrderBook(config, OrderBookMode.OPEN, "SubmitOrder");
        Participant owner = ParticipantContract.requireTrader(stub, caller, config, "SubmitOrder");
        Args order = Args.of(json, "order", FIELDS);
        BatchedStub.prefetch(stub, orderKeys(config, order, owner.id()));
        Placements placements = new Placements(stub, config, "SubmitOrder");
        OrderRecord record = placements.place(order, owner);
        if (placements.write()) {
            // Sealed auction: the event says that an order exists, not its side, quantity or price.
            Map<String, Object> event = eventEntry(record);
            event.put("txId", stub.getTxId());
            Events.emit(stub, EventNames.ORDER_SUBMITTED, event);
        }
        return Json.write(record);
    }

    /**
     * An aggregator submits orders of the households that authorised it (AuthorizeAggregator), in
     * one transaction: every order is its household's, checked exactly as SubmitOrder checks it
     * (the same code, {@link Placements#place}), in the order of the batch; all or nothing. A
     * refusal names the order's index: {@code orders[3]: } followed by SubmitOrder's message.
     *
     * @param batch {@code {"orders": [{"participant": "<household id>", "clientOrderId", "slot",
     *     "side", "wh", "price", "renewableOnly"?, "sourceType"?}, ...]}}, 1 to {@link #MAX_BATCH_ORDERS}
     * @return {@code {"orders": [order record, ...]}} in batch order (the stored record for a retry)
     */
    @Transaction(name = Contracts.Order.SUBMIT_ORDERS, intent = Transaction.TYPE.SUBMIT)
    public String submitOrders(Context ctx, String batch) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        prefetchCaller(stub, caller);
        MarketConfig config = ConfigContract.require(stub);
        requireOrderBook(config, OrderBookMode.OPEN, "SubmitOrders");
        Participant aggregator = requireAggregator(stub, caller, config, "SubmitOrders");
        Args b = Args.of(batch, "batch", Set.of("orders"));
        JsonNode list = b.raw("orders");
        if (list == null) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "batch: field 'orders' is required");
        }
        if (!list.isArray()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "batch: field 'orders' must be an array of orders");
        }
        if (list.isEmpty()) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "batch: field 'orders' must hold 1 to " + MAX_BATCH_ORDERS
                    + " orders, got 0");
        }
        if (list.size() > MAX_BATCH_ORDERS) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, "batch: field 'orders' holds " + list.size()
                    + " orders, more than the " + MAX_BATCH_ORDERS + " one SubmitOrders may submit; split the batch");
        }
        prefetchBatch(stub, config, list, aggregator);
        Placements placements = new Placements(stub, config, "SubmitOrders");
        Map<String, Participant> households = new TreeMap<>();
        List<OrderRecord> answers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                JsonNode node = list.get(i);
                if (!node.isObject()) {
                    throw Refusal.of(ErrorCode.MALFORMED_INPUT, "order must be a JSON object");
                }
                Args a = Args.of(node, "order", BATCH_ORDER_FIELDS);
                String householdId = a.text("participant");
                Participant household = households.get(householdId);
                if (household == null) {
                    household = requireHousehold(stub, householdId, aggregator, "SubmitOrders");
                    households.put(householdId, household);
                }
                answers.add(placements.place(a, household));
            } catch (ChaincodeException e) {
                throw Refusal.atIndex("orders", i, e);
            }
        }
        if (placements.write()) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (OrderRecord r : placements.placed) {
                entries.add(eventEntry(r));
            }
            // One event per transaction: the orders this batch stored (retries are not repeated).
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("aggregator", aggregator.id());
            event.put("orders", entries);
            event.put("txId", stub.getTxId());
            Events.emit(stub, EventNames.ORDERS_SUBMITTED, event);
        }
        return Json.write(Map.of("orders", answers));
    }

    /**
     * Reads the configuration and the caller's registration in one round trip to the peer (they
     * are what every order transaction reads first; {@link BatchedStub}).
     */
    private static void prefetchCaller(ChaincodeStub stub, Caller caller) {
        List<String> keys = new ArrayList<>(List.of(Keys.config()));
        String registration = ParticipantContract.keyIfWellFormed(caller.mspId(), caller.participantLocalId());
        if (registration != null) {
            keys.add(registration);
        }
        BatchedStub.prefetch(stub, keys);
    }

    /**
     * The keys placing an order reads, when its slot and client order id parse (else none: the
     * placement refuses it): the slot's state, the client order id, the owner's position, and the
     * ledger clock on the LEDGER clock.
     */
    private static List<String> orderKeys(MarketConfig config, Args order, String ownerId) {
        List<String> keys = new ArrayList<>();
        try {
            Slot slot = Slots.parse(order.text("slot"), config, "slot");
            keys.add(Keys.slot(slot.sortKey()));
            keys.add(Keys.position(slot.sortKey(), ownerId));
            keys.add(Keys.clientOrder(ownerId, order.matching("clientOrderId", CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE)));
        } catch (ChaincodeException e) {
            return List.of();
        }
        if (config.clockMode() == ClockMode.LEDGER) {
            keys.add(Keys.clock());
        }
        return keys;
    }

    /**
     * Reads what a SubmitOrders batch reads in one round trip instead of about five per order: the
     * households' authorisations and registrations and each order's keys ({@link #orderKeys}).
     * An element that does not parse is left to the placement, which refuses it at its index.
     */
    private static void prefetchBatch(ChaincodeStub stub, MarketConfig config, JsonNode list, Participant aggregator) {
        List<String> keys = new ArrayList<>();
        for (JsonNode node : list) {
            JsonNode household = node.get("participant");
            if (!node.isObject() || household == null || !household.isTextual()) {
                continue;
            }
            String id = household.asText();
            String registration = ParticipantContract.keyIfWellFormed(id);
            if (registration == null) {
                continue;
            }
            keys.add(Keys.aggregation(id, aggregator.id()));
            keys.add(registration);
            try {
                keys.addAll(orderKeys(config, Args.of(node, "order", BATCH_ORDER_FIELDS), id));
            } catch (ChaincodeException e) {
                // refused by the placement, at its index
            }
        }
        BatchedStub.prefetch(stub, keys);
    }

    private static final Set<String> SEALED_FIELDS = Set.of("clientOrderId", "slot", "commitment", "keyId", "ciphertext");
    private static final Set<String> REVEAL_FIELDS = Set.of("orderId", "side", "wh", "price", "renewableOnly",
            "sourceType", "salt");
    /** Version byte, ephemeral P-256 point, GCM nonce and tag, the salt: no valid ciphertext is shorter. */
    static final int MIN_CIPHERTEXT_BYTES = 1 + 65 + 12 + 16 + SealedOrderFormat.SALT_BYTES;
    /** Most orders one RevealOrders takes, as SubmitOrders. */
    static final int MAX_REVEAL_ORDERS = MAX_BATCH_ORDERS;

    /** Refuses with INVALID_STATE unless the market's order book is in {@code mode}. */
    private static void requireOrderBook(MarketConfig config, OrderBookMode mode, String tx) {
        if (config.orderBook() != mode) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": the market's order book is " + config.orderBook()
                    + " (market config orderBook); " + (config.orderBook() == OrderBookMode.SEALED
                    ? "submit orders sealed, with SubmitSealedOrder" : "submit orders in clear, with SubmitOrder"));
        }
    }

    /**
     * An org admin publishes the org's sealing public key; its participants' sealed orders are
     * encrypted to it, and the org's reveal agent decrypts them after gate closure. The same key
     * again writes nothing; a new key id replaces the key for new orders.
     *
     * @param json {@code {"keyId", "publicKey": base64 X.509 SubjectPublicKeyInfo of an EC P-256 key}}
     */
    @Transaction(name = Contracts.Order.SET_SEALING_KEY, intent = Transaction.TYPE.SUBMIT)
    public String setSealingKey(Context ctx, String json) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.orgAdmin() || !caller.isMember(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "SetSealingKey needs an admin certificate (OU=admin) of an org the "
                    + "market config names (roleMsps); caller is " + caller.describe());
        }
        Args a = Args.of(json, "sealingKey", Set.of("keyId", "publicKey"));
        String keyId = a.matching("keyId", SealedOrderFormat.KEY_ID, SealedOrderFormat.KEY_ID_RULE);
        String publicKey = a.text("publicKey");
        try {
            SealedOrderFormat.p256PublicKey(publicKey);
        } catch (IllegalArgumentException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "sealingKey: field 'publicKey' " + e.getMessage());
        }
        String key = Keys.sealingKey(caller.mspId());
        SealingKey stored = Ledger.get(stub, key, SealingKey.class);
        if (stored != null && stored.keyId().equals(keyId)) {
            if (stored.publicKey().equals(publicKey)) {
                return Json.write(stored);
            }
            throw Refusal.of(ErrorCode.CONFLICT, "sealingKey: field 'keyId' " + Args.quote(keyId) + " already names "
                    + "another public key of " + caller.mspId() + "; a new key needs a new key id");
        }
        SealingKey k = new SealingKey(caller.mspId(), keyId, publicKey, Tx.timestamp(stub), caller.clientId(),
                stub.getTxId());
        Ledger.put(stub, key, k);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("mspId", k.mspId());
        event.put("keyId", k.keyId());
        event.put("txId", k.txId());
        Events.emit(stub, EventNames.SEALING_KEY_SET, event);
        return Json.write(k);
    }

    /** An org's current sealing key; any p2pe identity (a public key). */
    @Transaction(name = Contracts.Order.GET_SEALING_KEY, intent = Transaction.TYPE.EVALUATE)
    public String getSealingKey(Context ctx, String mspId) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Caller.of(ctx).requireMember(config, "GetSealingKey");
        if (mspId == null || !MarketConfig.MSP_ID.matcher(mspId).matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "GetSealingKey: field 'mspId' must be an MSP id of 1-64 "
                    + "characters of [A-Za-z0-9._-], got " + Args.quote(String.valueOf(mspId)));
        }
        SealingKey k = Ledger.get(stub, Keys.sealingKey(mspId), SealingKey.class);
        if (k == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "GetSealingKey: " + mspId + " has published no sealing key");
        }
        return Json.write(k);
    }

    /**
     * A participant submits an order sealed to its org's key (market config {@code orderBook:
     * SEALED}): the checks of SubmitOrder that need no side, Wh or price (the slot open on the
     * market clock, the order window, registration, the open-order cap counting sealed orders,
     * idempotent on clientOrderId), and the stored record holds participant, slot, ids,
     * commitment, key id and ciphertext only (docs/privacy.md).
     *
     * @param json {@code {"clientOrderId", "slot", "commitment", "keyId", "ciphertext"}}
     * @return the SEALED order record (the existing one for a retry)
     */
    @Transaction(name = Contracts.Order.SUBMIT_SEALED_ORDER, intent = Transaction.TYPE.SUBMIT)
    public String submitSealedOrder(Context ctx, String json) {
        String tx = "SubmitSealedOrder";
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        requireOrderBook(config, OrderBookMode.SEALED, tx);
        Participant owner = ParticipantContract.requireTrader(stub, caller, config, tx);
        Args a = Args.of(json, "order", SEALED_FIELDS);
        String clientOrderId = a.matching("clientOrderId", CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE);
        checkSlotWithMarketRules(a, config);
        Slot slot = Slots.parse(a.text("slot"), config, "slot");
        String slotText = a.text("slot");
        String orderId = orderId(slot.sortKey(), owner.id(), clientOrderId);
        String commitment = a.matching("commitment", SealedOrderFormat.COMMITMENT_HEX,
                "must be 64 lowercase hex digits (SHA-256 of salt and order)");
        String keyId = a.matching("keyId", SealedOrderFormat.KEY_ID, SealedOrderFormat.KEY_ID_RULE);
        String ciphertext = a.text("ciphertext");
        byte[] sealedBytes;
        try {
            sealedBytes = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'ciphertext' must be base64");
        }
        if (sealedBytes.length < MIN_CIPHERTEXT_BYTES || sealedBytes[0] != 1) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'ciphertext' must be a sealed "
                    + "order of format v1 (version byte 1, at least " + MIN_CIPHERTEXT_BYTES + " bytes), got "
                    + sealedBytes.length + " bytes");
        }
        OrderRecord record = new OrderRecord(orderId, clientOrderId, owner.id(), slotText, slot.sortKey(), null, 0, 0,
                owner.location(), null, false, OrderRecord.Status.SEALED, Tx.timestamp(stub), stub.getTxId(), null,
                null, null, new OrderRecord.Sealed(commitment, keyId, ciphertext), null);
        String clientOrderKey = Keys.clientOrder(owner.id(), clientOrderId);
        ClientOrder previous = Ledger.get(stub, clientOrderKey, ClientOrder.class);
        if (previous != null) {
            OrderRecord existing = Ledger.get(stub, Keys.order(previous.slotKey(), previous.orderId()), OrderRecord.class);
            // The commitment binds the content; a retry may carry another encryption of it.
            if (existing != null && existing.slot().equals(slotText) && existing.sealed() != null
                    && existing.sealed().commitment().equals(commitment)) {
                return Json.write(existing);
            }
            throw Refusal.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "order: field 'clientOrderId' " + Args.quote(clientOrderId)
                    + " was already used for order " + previous.orderId() + " with different content");
        }
        SealingKey orgKey = Ledger.get(stub, Keys.sealingKey(owner.mspId()), SealingKey.class);
        if (orgKey == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "order " + orderId + ": " + owner.mspId() + " has published no "
                    + "sealing key (order:SetSealingKey by its admin)");
        }
        if (!orgKey.keyId().equals(keyId)) {
            throw Refusal.of(ErrorCode.CONFLICT, "order " + orderId + ": field 'keyId' " + Args.quote(keyId)
                    + " is not the current sealing key of " + owner.mspId() + " (" + orgKey.keyId() + ")");
        }
        MarketTime marketNow = requireOpen(stub, slot, config, tx);
        if (slot.startInstant().isAfter(marketNow.instant().plus(Duration.ofDays(config.orderWindowDays())))) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "order " + orderId + ": field 'slot' must start within "
                    + config.orderWindowDays() + " days of the market time (" + marketNow + "), got " + slotText);
        }
        Position open = Ledger.get(stub, Keys.position(slot.sortKey(), owner.id()), Position.class);
        String sealedKey = Keys.sealedPosition(slot.sortKey(), owner.id());
        SealedPosition sealedPosition = Ledger.get(stub, sealedKey, SealedPosition.class);
        TreeSet<String> sealedIds = sealedPosition == null ? new TreeSet<>() : new TreeSet<>(sealedPosition.sealedOrderIds());
        int count = sealedIds.size() + (open == null ? 0 : open.openOrders());
        if (count >= config.maxOpenOrdersPerParticipant()) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, "order " + orderId + ": participant " + owner.id() + " has "
                    + count + " sealed and open orders in slot " + slotText + ", the most the market allows (config "
                    + "maxOpenOrdersPerParticipant " + config.maxOpenOrdersPerParticipant() + ")");
        }
        sealedIds.add(orderId);
        Ledger.put(stub, Keys.order(slot.sortKey(), orderId), record);
        Ledger.put(stub, Keys.ownerOrder(owner.id(), slot.sortKey(), orderId), Map.of("orderId", orderId));
        Ledger.put(stub, clientOrderKey, new ClientOrder(owner.id(), clientOrderId, orderId, slot.sortKey()));
        Ledger.put(stub, sealedKey, new SealedPosition(owner.id(), slotText, List.copyOf(sealedIds)));
        // The event says that an order exists: ids, slot and participant, as for any order.
        Map<String, Object> event = eventEntry(record);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.ORDER_SUBMITTED, event);
        return Json.write(record);
    }

    /**
     * Reveals sealed orders of a closed, not yet cleared slot: anyone with a p2pe identity may
     * submit it, since each order proves itself against its commitment. A mismatch refuses the
     * whole transaction ({@code HASH_MISMATCH}, naming the order). Then each order is checked by
     * SubmitOrder's rules in batch order: a valid one becomes OPEN, an invalid one REJECTED with
     * its code and message.
     *
     * @param json {@code {"slot", "orders": [{"orderId", "side", "wh", "price", "renewableOnly"?,
     *     "sourceType"?, "salt": 64 hex}, ...]}}, 1 to {@link #MAX_REVEAL_ORDERS}
     * @return {@code {"orders": [order record, ...]}} in batch order
     */
    @Transaction(name = Contracts.Order.REVEAL_ORDERS, intent = Transaction.TYPE.SUBMIT)
    public String revealOrders(Context ctx, String json) {
        String tx = "RevealOrders";
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        caller.requireMember(config, tx);
        Args b = Args.of(json, "reveal", Set.of("slot", "orders"));
        checkSlotWithMarketRules(b, config);
        Slot slot = Slots.parse(b.text("slot"), config, "slot");
        SlotState state = SlotContract.state(stub, slot.sortKey());
        if (state == null) {
            Instant gate = Slots.gateClosure(slot.startInstant(), config);
            MarketTime now = MarketTime.now(stub, config, tx);
            if (now.isBefore(gate)) {
                throw Refusal.of(ErrorCode.SLOT_OPEN, tx + ": slot " + slot + " is open until its gate closure at "
                        + Slots.iso(gate) + "; the market time is " + now + " (sealed orders are revealed after it)");
            }
        } else if (state.status() != SlotState.Status.CLOSED) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is " + state.status()
                    + "; sealed orders can be revealed only before the slot is cleared");
        }
        JsonNode list = b.raw("orders");
        if (list == null) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "reveal: field 'orders' is required");
        }
        if (!list.isArray()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "reveal: field 'orders' must be an array of revealed orders");
        }
        if (list.isEmpty() || list.size() > MAX_REVEAL_ORDERS) {
            throw Refusal.of(list.isEmpty() ? ErrorCode.OUT_OF_RANGE : ErrorCode.BEYOND_LIMITS, "reveal: field 'orders' "
                    + "must hold 1 to " + MAX_REVEAL_ORDERS + " orders, got " + list.size());
        }
        // First every commitment: one mismatch refuses the whole transaction before anything is judged.
        List<OrderRecord> sealedRecords = new ArrayList<>();
        List<Args> contents = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                JsonNode node = list.get(i);
                if (!node.isObject()) {
                    throw Refusal.of(ErrorCode.MALFORMED_INPUT, "revealed order must be a JSON object");
                }
                Args a = Args.of(node, "order", REVEAL_FIELDS);
                String orderId = a.text("orderId");
                var m = ORDER_ID.matcher(orderId);
                if (!m.matches() || !m.group(1).equals(slot.sortKey())) {
                    throw Refusal.of(ErrorCode.INVALID_FORMAT, "field 'orderId' must be an order id of slot " + slot
                            + " (" + slot.sortKey() + "-<40 hex digits>), got " + Args.quote(orderId));
                }
                if (!seen.add(orderId)) {
                    throw Refusal.of(ErrorCode.DUPLICATE_ORDER_ID, "order " + orderId + " appears twice in the reveal");
                }
                OrderRecord sealed = Ledger.get(stub, Keys.order(slot.sortKey(), orderId), OrderRecord.class);
                if (sealed == null) {
                    throw Refusal.of(ErrorCode.NOT_FOUND, "order " + orderId + " does not exist");
                }
                if (sealed.status() != OrderRecord.Status.SEALED) {
                    throw Refusal.of(ErrorCode.INVALID_STATE, "order " + orderId + " is " + sealed.status()
                            + ", not SEALED");
                }
                String side = a.text("side");
                long wh = a.integer("wh", Long.MIN_VALUE, Long.MAX_VALUE);
                long price = a.integer("price", Long.MIN_VALUE, Long.MAX_VALUE);
                boolean renewableOnly = a.optionalBoolean("renewableOnly", false);
                String sourceType = a.optionalText("sourceType", null);
                String salt = a.matching("salt", SealedOrderFormat.SALT_HEX, "must be 64 lowercase hex digits (32 bytes)");
                byte[] canonical = SealedOrderFormat.canonical(orderId, sealed.participant(), sealed.slot(), side, wh,
                        price, renewableOnly, sourceType);
                if (!SealedOrderFormat.commitment(HexFormat.of().parseHex(salt), canonical)
                        .equals(sealed.sealed().commitment())) {
                    throw Refusal.of(ErrorCode.HASH_MISMATCH, "order " + orderId + " does not match its commitment "
                            + "(wrong salt or content); nothing was revealed");
                }
                ObjectNode order = Json.MAPPER.createObjectNode();
                order.put("slot", sealed.slot());
                for (String f : List.of("side", "wh", "price", "renewableOnly", "sourceType")) {
                    if (a.raw(f) != null) {
                        order.set(f, a.raw(f));
                    }
                }
                sealedRecords.add(sealed);
                contents.add(Args.of(order, "order", FIELDS));
            } catch (ChaincodeException e) {
                throw Refusal.atIndex("orders", i, e);
            }
        }
        Placements placements = new Placements(stub, config, tx);
        Map<String, Participant> owners = new TreeMap<>();
        List<String> opened = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < sealedRecords.size(); i++) {
            OrderRecord sealed = sealedRecords.get(i);
            Participant owner = owners.computeIfAbsent(sealed.participant(), id -> ParticipantContract.require(stub, id));
            OrderRecord r = placements.reveal(sealed, contents.get(i), owner);
            (r.status() == OrderRecord.Status.OPEN ? opened : rejected).add(r.orderId());
        }
        placements.writeReveals();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", slot.toString());
        event.put("revealed", opened);
        event.put("rejected", rejected);
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.ORDERS_REVEALED, event);
        return Json.write(Map.of("orders", placements.revealed));
    }

    /**
     * A household authorises a registered participant, whose certificate carries role
     * {@code aggregator}, to submit and cancel its orders. The same authorisation again returns
     * the stored one and writes nothing.
     *
     * @param aggregatorId the aggregator's participant id, {@code <MSP id>:<local id>}
     * @return the authorisation
     */
    @Transaction(name = Contracts.Order.AUTHORIZE_AGGREGATOR, intent = Transaction.TYPE.SUBMIT)
    public String authorizeAggregator(Context ctx, String aggregatorId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Participant household = ParticipantContract.requireTrader(stub, caller, config, "AuthorizeAggregator");
        Participant aggregator = ParticipantContract.require(stub, aggregatorId);
        if (aggregator.id().equals(household.id())) {
            throw Refusal.of(ErrorCode.CONFLICT, "AuthorizeAggregator: field 'aggregatorId' names the caller itself, "
                    + household.id());
        }
        if (!MarketConfig.mspMayHold(config, Role.AGGREGATOR, aggregator.mspId())) {
            throw Refusal.of(ErrorCode.CONFLICT, "AuthorizeAggregator: field 'aggregatorId' " + aggregator.id()
                    + " belongs to " + aggregator.mspId() + ", which may not hold role aggregator (market config "
                    + "roleMsps.aggregator)");
        }
        String key = Keys.aggregation(household.id(), aggregator.id());
        AggregatorAuthorization stored = Ledger.get(stub, key, AggregatorAuthorization.class);
        if (stored != null) {
            return Json.write(stored);
        }
        AggregatorAuthorization a = new AggregatorAuthorization(household.id(), aggregator.id(), caller.clientId(),
                Tx.timestamp(stub), stub.getTxId());
        Ledger.put(stub, key, a);
        Events.emit(stub, EventNames.AGGREGATOR_AUTHORIZED, authorizationEvent(a, stub.getTxId()));
        return Json.write(a);
    }

    /**
     * A household withdraws an aggregator's authorisation (also while suspended). Its open orders
     * stay: they are the household's; it cancels them itself if it wants to.
     *
     * @return the authorisation that was withdrawn
     */
    @Transaction(name = Contracts.Order.REVOKE_AGGREGATOR, intent = Transaction.TYPE.SUBMIT)
    public String revokeAggregator(Context ctx, String aggregatorId) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.isTrader(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "RevokeAggregator needs role participant or retailer; caller is "
                    + caller.describe());
        }
        if (caller.participantId() == null || ParticipantContract.find(stub, caller.participantId()) == null) {
            throw Refusal.of(ErrorCode.NOT_REGISTERED, "RevokeAggregator: the caller's certificate names no registered "
                    + "participant");
        }
        if (aggregatorId == null || aggregatorId.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "RevokeAggregator: field 'aggregatorId' is required");
        }
        String key = Keys.aggregation(caller.participantId(), aggregatorId);
        AggregatorAuthorization stored = Ledger.get(stub, key, AggregatorAuthorization.class);
        if (stored == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "RevokeAggregator: " + caller.participantId()
                    + " has not authorised aggregator " + Args.quote(aggregatorId));
        }
        stub.delState(key);
        Events.emit(stub, EventNames.AGGREGATOR_REVOKED, authorizationEvent(stored, stub.getTxId()));
        return Json.write(stored);
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
        String aggregator = null;
        if (!operator && caller.has(Role.AGGREGATOR, config)) {
            Participant agg = requireAggregator(stub, caller, config, "CancelOrder");
            requireAuthorization(stub, order.participant(), agg, "CancelOrder");
            aggregator = agg.id();
        } else if (!operator) {
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
        int open = position == null ? 0 : position.openOrders() - 1;
        OrderRecord cancelled = order.cancelled(Tx.timestamp(stub), caller.clientId());
        Ledger.put(stub, Keys.order(order.slotKey(), orderId), cancelled);
        if (open <= 0) {
            stub.delState(positionKey);
        } else {
            Ledger.put(stub, positionKey, new Position(order.participant(), order.slot(), order.side(), open));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderId", orderId);
        event.put("participant", order.participant());
        event.put("slot", order.slot());
        event.put("byOperator", operator);
        if (aggregator != null) {
            event.put("aggregator", aggregator);
        }
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
                : SlotContract.fills(stub, state, "GetOrder")));
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
                return state == null || state.clearing() == null ? null
                        : SlotContract.fills(stub, state, "ListMyOrders");
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
        // After closure any p2pe identity, org admins included: an org's reveal agent lists its sealed orders.
        if (!caller.isOverseer(config) && !(state != null && caller.isMember(config))) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetSlotBook: the book of " + slot
                    + " is sealed until the slot closes (operator and auditors excepted)");
        }
        return Json.write(Ledger.page(stub, Keys.prefix(Keys.ORDER, s.sortKey()), null, pageSize, bookmark,
                kv -> Json.read(kv.getValue(), OrderRecord.class), null));
    }

    /** The order as events name it: ids, owner and slot, never side, quantity or price (sealed auction). */
    private static Map<String, Object> eventEntry(OrderRecord r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("orderId", r.orderId());
        e.put("clientOrderId", r.clientOrderId());
        e.put("participant", r.participant());
        e.put("slot", r.slot());
        return e;
    }

    private static Map<String, Object> authorizationEvent(AggregatorAuthorization a, String txId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("aggregator", a.aggregator());
        e.put("participant", a.participant());
        e.put("txId", txId);
        return e;
    }

    /**
     * The caller as an aggregator: a certificate with role {@code aggregator} from an MSP that
     * {@code roleMsps.aggregator} names, mapping to an ACTIVE registered participant (its org
     * registers it and may suspend it, which stops all its submissions at once).
     */
    static Participant requireAggregator(ChaincodeStub stub, Caller caller, MarketConfig config, String tx) {
        if (!caller.has(Role.AGGREGATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role aggregator from an MSP the market config names for "
                    + "it (roleMsps.aggregator); caller is " + caller.describe());
        }
        Participant p = caller.participantId() == null ? null : ParticipantContract.find(stub, caller.participantId());
        if (p == null) {
            throw Refusal.of(ErrorCode.NOT_REGISTERED, tx + ": the aggregator's certificate names no registered "
                    + "participant (" + caller.describe() + ")");
        }
        if (p.status() != Participant.Status.ACTIVE) {
            throw Refusal.of(ErrorCode.PARTICIPANT_SUSPENDED, tx + ": aggregator " + p.id() + " is suspended");
        }
        return p;
    }

    /** Refuses with FORBIDDEN unless the household's own key says it has authorised the aggregator. */
    static void requireAuthorization(ChaincodeStub stub, String householdId, Participant aggregator,
                                             String tx) {
        if (ParticipantContract.keyIfWellFormed(householdId) == null) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, tx + ": field 'participant' must be a participant id "
                    + "<MSP id>:<local id>, got " + Args.quote(String.valueOf(householdId)));
        }
        byte[] a = stub.getState(Keys.aggregation(householdId, aggregator.id()));
        if (a == null || a.length == 0) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + ": " + householdId + " has not authorised aggregator "
                    + aggregator.id() + " (or has revoked it)");
        }
    }

    /**
     * The ACTIVE household an aggregator submits for: its authorisation is read first, so an
     * aggregator learns nothing about households that did not authorise it.
     */
    private static Participant requireHousehold(ChaincodeStub stub, String householdId, Participant aggregator,
                                                String tx) {
        requireAuthorization(stub, householdId, aggregator, tx);
        Participant p = ParticipantContract.require(stub, householdId);
        if (p.status() != Participant.Status.ACTIVE) {
            throw Refusal.of(ErrorCode.PARTICIPANT_SUSPENDED, tx + ": participant " + p.id() + " is suspended");
        }
        return p;
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

    /**
     * The orders of one transaction (one for SubmitOrder, a batch for SubmitOrders), each checked
     * against every rule of SubmitOrder in the order given. Fabric does not show a transaction its
     * own writes (reads answer from committed state), so what the earlier orders of the same
     * transaction placed (positions, client order ids, records) is kept here and consulted first;
     * nothing is written until every order has passed ({@link #write}). Only sorted maps, so the
     * writes depend on the argument alone.
     */
    private static final class Placements {
        private final ChaincodeStub stub;
        private final MarketConfig config;
        private final String tx;
        /** Every slot value that passed the slot checks, by its JSON text. */
        private final Map<String, Slot> slots = new TreeMap<>();
        /** The market time, by the key of every slot whose gate was found open. */
        private final Map<String, MarketTime> openSlots = new TreeMap<>();
        /** Attested source types, by participant. */
        private final Map<String, String> sources = new TreeMap<>();
        /** Every position this transaction changes, as it will be written, by key. */
        private final Map<String, OpenOrders> positions = new TreeMap<>();
        /** The client order keys of the orders seen so far (new and retried). */
        private final Set<String> clientOrderKeys = new TreeSet<>();
        /** The new records, in submission order. */
        final List<OrderRecord> placed = new ArrayList<>();
        private final Map<String, OrderRecord> placedById = new TreeMap<>();
        /** RevealOrders: the revealed records (OPEN or REJECTED) in batch order. */
        final List<OrderRecord> revealed = new ArrayList<>();
        /** RevealOrders: the sealed order ids each touched sealed position keeps, by key. */
        private final Map<String, TreeSet<String>> sealedPositions = new TreeMap<>();
        private final Map<String, SealedOwner> sealedOwners = new TreeMap<>();

        private final String submittedAt;

        Placements(ChaincodeStub stub, MarketConfig config, String tx) {
            this.stub = stub;
            this.config = config;
            this.tx = tx;
            this.submittedAt = Tx.timestamp(stub);
        }

        /**
         * Checks one order of {@code owner} against every rule and keeps it for {@link #write}.
         *
         * @return the new record, or the stored one when the order is a retry (nothing to write)
         */
        OrderRecord place(Args a, Participant owner) {
            String clientOrderId = a.matching("clientOrderId", CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE);
            // The slot checks depend on the slot's JSON value alone: a batch's orders mostly share it.
            String slotJson = String.valueOf(a.raw("slot"));
            Slot slot = slots.get(slotJson);
            if (slot == null) {
                checkSlotWithMarketRules(a, config);
                slot = Slots.parse(a.text("slot"), config, "slot");
                slots.put(slotJson, slot);
            }
            String slotText = a.text("slot");
            String orderId = orderId(slot.sortKey(), owner.id(), clientOrderId);
            Content content = content(a, orderId, owner);
            Order order = content.order();
            boolean renewableOnly = content.renewableOnly();
            String sourceType = content.sourceType();
            OrderRecord record = new OrderRecord(orderId, clientOrderId, owner.id(), slotText, slot.sortKey(),
                    order.side(), order.wh(), order.price(), owner.location(), sourceType, renewableOnly,
                    OrderRecord.Status.OPEN, submittedAt, stub.getTxId(), null, null);

            String clientOrderKey = Keys.clientOrder(owner.id(), clientOrderId);
            if (!clientOrderKeys.add(clientOrderKey)) {
                throw Refusal.of(ErrorCode.DUPLICATE_ORDER_ID, "order " + orderId + ": field 'clientOrderId' "
                        + Args.quote(clientOrderId) + " of " + owner.id() + " appears twice in the transaction");
            }
            // A retry returns what the first attempt stored, even after gate closure.
            ClientOrder previous = Ledger.get(stub, clientOrderKey, ClientOrder.class);
            if (previous != null) {
                OrderRecord existing = Ledger.get(stub, Keys.order(previous.slotKey(), previous.orderId()), OrderRecord.class);
                if (existing != null && existing.sameContent(record)) {
                    return existing;
                }
                throw Refusal.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "order: field 'clientOrderId' " + Args.quote(clientOrderId)
                        + " was already used for order " + previous.orderId() + " with different content");
            }
            checkClaimedSource(content, orderId, owner);
            MarketTime marketNow = openSlots.get(slot.sortKey());
            if (marketNow == null) {
                marketNow = requireOpen(stub, slot, config, tx);
                openSlots.put(slot.sortKey(), marketNow);
            }
            if (slot.startInstant().isAfter(marketNow.instant().plus(Duration.ofDays(config.orderWindowDays())))) {
                throw Refusal.of(ErrorCode.OUT_OF_RANGE, "order " + orderId + ": field 'slot' must start within "
                        + config.orderWindowDays() + " days of the market time (" + marketNow + "), got " + slotText);
            }
            checkPriceBand(order, orderId);
            String positionKey = Keys.position(slot.sortKey(), owner.id());
            OpenOrders open = oneSide(positionKey, slot.sortKey(), slotText, order);
            if (open.count() >= config.maxOpenOrdersPerParticipant()) {
                throw Refusal.of(ErrorCode.BEYOND_LIMITS, "order " + orderId + ": participant " + owner.id() + " has "
                        + open.count() + " open orders in slot " + slotText + ", the most the market allows (config "
                        + "maxOpenOrdersPerParticipant " + config.maxOpenOrdersPerParticipant() + "); cancel one or "
                        + "combine quantities into fewer orders");
            }
            positions.put(positionKey, open.withOneMore());
            placed.add(record);
            placedById.put(orderId, record);
            return record;
        }

        /** An order's content checked by the market rules, with its SELL's attested source. */
        private record Content(Order order, boolean renewableOnly, String claimedSource, String sourceType) {
        }

        /**
         * The content rules of SubmitOrder that need no ledger state but the attestation: the
         * engine's rules for side, Wh and price, {@code renewableOnly} and {@code sourceType} only
         * on their sides.
         */
        private Content content(Args a, String orderId, Participant owner) {
            Order order = validateWithMarketRules(a, orderId, owner, config);
            boolean renewableOnly = a.optionalBoolean("renewableOnly", false);
            if (renewableOnly && order.side() != Side.BUY) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'renewableOnly' applies to BUY orders only");
            }
            String claimedSource = a.optionalMatching("sourceType", MarketConfig.SOURCE_TYPE, MarketConfig.SOURCE_TYPE_RULE);
            if (claimedSource != null && order.side() != Side.SELL) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, "order " + orderId + ": field 'sourceType' applies to SELL orders only");
            }
            String sourceType = null;
            if (order.side() == Side.SELL) {
                sourceType = sources.get(owner.id());
                if (sourceType == null) {
                    sourceType = attestedSource(stub, owner);
                    sources.put(owner.id(), sourceType);
                }
            }
            return new Content(order, renewableOnly, claimedSource, sourceType);
        }

        private static void checkClaimedSource(Content c, String orderId, Participant owner) {
            if (c.claimedSource() != null && !c.claimedSource().equals(c.sourceType())) {
                throw Refusal.of(ErrorCode.CONFLICT, "order " + orderId + ": field 'sourceType' " + Args.quote(c.claimedSource())
                        + " is not the source the grid operator attested for " + owner.id() + " (" + c.sourceType()
                        + "); an order cannot set or change it (omit the field)");
            }
        }

        private void checkPriceBand(Order order, String orderId) {
            if (order.price() < config.priceFloor() || order.price() > config.priceCap()) {
                throw Refusal.of(ErrorCode.OUT_OF_RANGE, "order " + orderId + ": field 'price' must be between "
                        + config.priceFloor() + " and " + config.priceCap() + " (market price floor and cap), got "
                        + order.price());
            }
        }

        /** The participant's open orders in the slot as this transaction sees them; refuses BOTH_SIDES. */
        private OpenOrders oneSide(String positionKey, String slotKey, String slotText, Order order) {
            OpenOrders open = positions.get(positionKey);
            if (open == null) {
                Position stored = Ledger.get(stub, positionKey, Position.class);
                open = new OpenOrders(order.participant(), slotText, stored == null ? order.side() : stored.side(),
                        stored == null ? 0 : stored.openOrders());
            }
            if (open.count() > 0 && open.side() != order.side()) {
                refuseBothSides(slotKey, order);
            }
            return open;
        }

        /**
         * Reveals one sealed order whose commitment has been checked: every rule of a clear
         * SubmitOrder that does not depend on the submission's time (the slot's gate and order
         * window were checked at SubmitSealedOrder, the open-order cap counted it there). A valid
         * order becomes OPEN as if submitted in clear; one that breaks a rule becomes REJECTED
         * with the refusal's code and message, so nothing is dropped silently.
         *
         * @param a the revealed content as SubmitOrder's fields ({@code slot} the sealed record's)
         */
        OrderRecord reveal(OrderRecord sealed, Args a, Participant owner) {
            String orderId = sealed.orderId();
            OrderRecord record;
            try {
                Content content = content(a, orderId, owner);
                checkClaimedSource(content, orderId, owner);
                Order order = content.order();
                checkPriceBand(order, orderId);
                String positionKey = Keys.position(sealed.slotKey(), owner.id());
                OpenOrders open = oneSide(positionKey, sealed.slotKey(), sealed.slot(), order);
                positions.put(positionKey, open.withOneMore());
                record = new OrderRecord(orderId, sealed.clientOrderId(), owner.id(), sealed.slot(), sealed.slotKey(),
                        order.side(), order.wh(), order.price(), sealed.location(), content.sourceType(),
                        content.renewableOnly(), OrderRecord.Status.OPEN, sealed.submittedAt(), sealed.submitTxId(),
                        null, null, null, sealed.sealed(), null);
                placedById.put(orderId, record);
            } catch (ChaincodeException e) {
                String code = new String(e.getPayload(), StandardCharsets.UTF_8);
                String text = e.getMessage().startsWith(code + ": ") ? e.getMessage().substring(code.length() + 2)
                        : e.getMessage();
                JsonNode side = a.raw("side");
                Side parsed = side != null && side.isTextual() && Set.of("BUY", "SELL").contains(side.asText())
                        ? Side.valueOf(side.asText()) : null;
                record = new OrderRecord(orderId, sealed.clientOrderId(), owner.id(), sealed.slot(), sealed.slotKey(),
                        parsed, a.raw("wh").asLong(), a.raw("price").asLong(), sealed.location(), null,
                        a.optionalBoolean("renewableOnly", false), OrderRecord.Status.REJECTED, sealed.submittedAt(),
                        sealed.submitTxId(), null, null, null, sealed.sealed(), new OrderRecord.Rejection(code, text));
            }
            String sealedKey = Keys.sealedPosition(sealed.slotKey(), owner.id());
            TreeSet<String> left = sealedPositions.get(sealedKey);
            if (left == null) {
                SealedPosition stored = Ledger.get(stub, sealedKey, SealedPosition.class);
                left = stored == null ? new TreeSet<>() : new TreeSet<>(stored.sealedOrderIds());
                sealedPositions.put(sealedKey, left);
            }
            left.remove(orderId);
            sealedOwners.put(sealedKey, new SealedOwner(owner.id(), sealed.slot()));
            revealed.add(record);
            return record;
        }

        /** Writes the revealed records, the changed positions and what is left of the sealed positions. */
        void writeReveals() {
            for (OrderRecord r : revealed) {
                Ledger.put(stub, Keys.order(r.slotKey(), r.orderId()), r);
            }
            for (Map.Entry<String, OpenOrders> e : positions.entrySet()) {
                OpenOrders o = e.getValue();
                Ledger.put(stub, e.getKey(), new Position(o.participant(), o.slot(), o.side(), o.count()));
            }
            for (Map.Entry<String, TreeSet<String>> e : sealedPositions.entrySet()) {
                if (e.getValue().isEmpty()) {
                    stub.delState(e.getKey());
                } else {
                    SealedOwner owner = sealedOwners.get(e.getKey());
                    Ledger.put(stub, e.getKey(), new SealedPosition(owner.participant(), owner.slot(),
                            List.copyOf(e.getValue())));
                }
            }
        }

        private record SealedOwner(String participant, String slot) {
        }

        /** A participant's side and number of open orders in one slot, as this transaction leaves them. */
        private record OpenOrders(String participant, String slot, Side side, int count) {
            OpenOrders withOneMore() {
                return new OpenOrders(participant, slot, side, count + 1);
            }
        }

        /** Writes every placed order and changed position; false when there was nothing to write (all retries). */
        boolean write() {
            for (OrderRecord r : placed) {
                Ledger.put(stub, Keys.order(r.slotKey(), r.orderId()), r);
                Ledger.put(stub, Keys.ownerOrder(r.participant(), r.slotKey(), r.orderId()), Map.of("orderId", r.orderId()));
                Ledger.put(stub, Keys.clientOrder(r.participant(), r.clientOrderId()),
                        new ClientOrder(r.participant(), r.clientOrderId(), r.orderId(), r.slotKey()));
            }
            for (Map.Entry<String, OpenOrders> e : positions.entrySet()) {
                OpenOrders o = e.getValue();
                Ledger.put(stub, e.getKey(), new Position(o.participant(), o.slot(), o.side(), o.count()));
            }
            return !placed.isEmpty();
        }

        /**
         * One side per participant per slot, refused with the engine's BOTH_SIDES message naming
         * the participant's open order with the smallest id (placed by this transaction or on the
         * ledger, found through the participant's order index: a refusal, so the scan costs nothing
         * that commits).
         */
        private void refuseBothSides(String slotKey, Order order) {
            OrderRecord other = null;
            for (OrderRecord r : placedById.values()) {
                if (r.participant().equals(order.participant()) && r.slotKey().equals(slotKey)) {
                    other = r;
                    break;
                }
            }
            try (var it = stub.getStateByPartialCompositeKey(Keys.prefix(Keys.OWNER_ORDER, order.participant(), slotKey))) {
                for (var kv : it) {
                    String id = stub.splitCompositeKey(kv.getKey()).getAttributes().get(2);
                    if (other != null && id.compareTo(other.orderId()) >= 0) {
                        break;
                    }
                    OrderRecord stored = Ledger.get(stub, Keys.order(slotKey, id), OrderRecord.class);
                    if (stored.status() == OrderRecord.Status.OPEN) {
                        other = stored;
                        break;
                    }
                }
            } catch (Exception e) {
                throw Ledger.rethrow(e);
            }
            try {
                // Names the new order as the one refused and the open one as what the participant has.
                InputValidator.validateOneSide(other.toMarketOrder(), order);
            } catch (InvalidInputException e) {
                throw Refusal.of(e);
            }
            throw new IllegalStateException("the market rules accepted both sides for " + order.participant());
        }
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
