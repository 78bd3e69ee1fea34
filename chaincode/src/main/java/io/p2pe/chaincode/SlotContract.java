package io.p2pe.chaincode;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.Fill;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SlotState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Slot lifecycle: OPEN (no state key) → CLOSED → CLEARED → SETTLED. Closing writes the slot state
 * key that every order transaction reads; clearing runs the market engine on the slot's orders
 * and stores its exact input and output texts.
 */
@Contract(name = Contracts.Slot.NAME, info = @Info(title = "p2pe slot lifecycle and clearing", version = "1.0.0"))
public final class SlotContract extends P2peContract {
    static final String SEGMENT_RENEWABLE = "renewable";
    static final String SEGMENT_MAIN = "main";

    /**
     * Closes the slot's gate: the operator (market clock) at any time, any other caller with a
     * non-auditor role once the tx timestamp has reached gate closure. Closing a closed slot
     * returns its state unchanged.
     */
    @Transaction(name = Contracts.Slot.CLOSE_SLOT, intent = Transaction.TYPE.SUBMIT)
    public String closeSlot(Context ctx, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Slot s = Slots.parse(slot, config, "slot");
        SlotState existing = state(stub, s.sortKey());
        if (existing != null) {
            return Json.write(existing);
        }
        Instant gate = Slots.gateClosure(s.startInstant(), config);
        boolean operator = caller.has(Role.OPERATOR, config);
        if (!operator) {
            boolean mayClose = caller.role() != Role.AUDITOR && caller.hasAcceptedRole(config);
            if (!mayClose) {
                throw Refusal.of(ErrorCode.FORBIDDEN, "CloseSlot needs role operator, or another non-auditor role once gate "
                        + "closure has passed; caller is " + caller.describe());
            }
            MarketTime now = MarketTime.now(stub, config, "CloseSlot");
            if (now.isBefore(gate)) {
                throw Refusal.of(ErrorCode.SLOT_OPEN, "CloseSlot: gate closure of slot " + slot + " is at " + Slots.iso(gate)
                        + " and the market time is " + now + "; only the operator may close it earlier");
            }
        }
        SlotState closed = close(stub, s, config, caller, gate);
        Ledger.put(stub, Keys.slot(s.sortKey()), closed);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", closed.slot());
        event.put("status", closed.status());
        event.put("closedAt", closed.closedAt());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.SLOT_CLOSED, event);
        return Json.write(closed);
    }

    /**
     * Clears a closed slot (closing it first if its gate closure has passed): the operator, an
     * active participant/retailer, or a solver. Repeating it returns the stored result and writes
     * nothing. An OPTIMAL slot with a proposal window is refused until the window has ended and is
     * then finalized: the best of the solvers' proposals and the engine's own result wins
     * ({@link ProposalContract}).
     *
     * @return as GetClearingResult
     */
    @Transaction(name = Contracts.Slot.CLEAR_SLOT, intent = Transaction.TYPE.SUBMIT)
    public String clearSlot(Context ctx, String slot) {
        return clear(ctx, slot, "ClearSlot");
    }

    static String clear(Context ctx, String slot, String tx) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Slot s = Slots.parse(slot, config, "slot");
        requireClearer(stub, caller, config, tx);
        SlotState state = state(stub, s.sortKey());
        if (state != null && state.status() != SlotState.Status.CLOSED) {
            return Json.write(state);
        }
        if (state == null) {
            Instant gate = Slots.gateClosure(s.startInstant(), config);
            MarketTime now = MarketTime.now(stub, config, tx);
            if (now.isBefore(gate)) {
                throw Refusal.of(ErrorCode.SLOT_OPEN, tx + ": slot " + slot + " is open until its gate closure at "
                        + Slots.iso(gate) + "; the market time is " + now);
            }
            state = close(stub, s, config, caller, gate);
        }
        ProposalContract.requireWindowEnded(stub, config, state, tx);
        Book book = book(stub, state, config, tx);
        List<String> unrevealed = book.sealedIds();
        if (!unrevealed.isEmpty()) {
            Instant revealEnd = Instant.parse(state.gateClosure()).plusSeconds(config.revealWindowSeconds());
            MarketTime now = MarketTime.now(stub, config, tx);
            if (now.isBefore(revealEnd)) {
                throw Refusal.of(ErrorCode.REVEAL_WINDOW_OPEN, tx + ": slot " + slot + " has " + unrevealed.size()
                        + " sealed orders not yet revealed and its reveal window ends at " + Slots.iso(revealEnd)
                        + " (market config revealWindowSeconds " + config.revealWindowSeconds() + "); the market time is "
                        + now);
            }
        }
        List<OrderRecord> orders = book.open();
        Runs runs = runs(stub, state, orders, config, tx);
        int chunkBytes = config.clearingChunkBytes();
        List<SlotState.Segment> segments = new ArrayList<>();
        long volume = 0;
        long surplus = 0;
        int trades = 0;
        for (int i = 0; i < runs.segments().size(); i++) {
            SegmentInput seg = runs.segments().get(i);
            ClearingResult result = seg.result;
            byte[] text = runs.texts().get(i);
            segments.add(new SlotState.Segment(seg.name, seg.input.orders().size(), result.clearingPrice(),
                    result.volumeWh(), result.surplus(), result.trades().size(), result.inputDigest(), text.length,
                    ResultChunks.digests(text, chunkBytes, tx, slot)));
            volume = total(volume, result.volumeWh(), tx, slot, "volumeWh");
            surplus = total(surplus, result.surplus(), tx, slot, "surplus");
            trades += result.trades().size();
        }
        SlotState cleared = state.withClearing(new SlotState.ClearingSummary(Tx.timestamp(stub), stub.getTxId(),
                caller.clientId(), orders.size(), volume, surplus, trades, segments, unrevealed, chunkBytes, 0));
        cleared = ResultChunks.store(stub, cleared, runs.texts(), config.clearingChunksPerTx());
        Ledger.put(stub, Keys.slot(s.sortKey()), cleared);
        if (runs.outcome() != null) {
            Ledger.put(stub, Keys.proposalOutcome(s.sortKey()), runs.outcome());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", cleared.slot());
        event.put("status", cleared.status());
        event.put("orderCount", orders.size());
        event.put("volumeWh", volume);
        event.put("tradeCount", trades);
        if (!unrevealed.isEmpty()) {
            event.put("unrevealedOrderCount", unrevealed.size());
        }
        List<Map<String, Object>> prices = new ArrayList<>();
        for (SlotState.Segment seg : segments) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("segment", seg.segment());
            p.put("clearingPrice", seg.clearingPrice());
            p.put("volumeWh", seg.volumeWh());
            p.put("inputDigest", seg.inputDigest());
            prices.add(p);
        }
        event.put("segments", prices);
        event.put("resultChunks", cleared.clearing().resultChunks());
        event.put("resultChunksPublished", cleared.clearing().resultChunksPublished());
        if (runs.outcome() != null) {
            event.put("proposals", runs.outcome().eventSummary());
        }
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.SLOT_CLEARED, event);
        return Json.write(cleared);
    }

    /**
     * Stores the next pieces of a cleared slot's result texts, at most the configuration's
     * {@code clearingChunksPerTx}: it runs the slot's clearing again from its orders (they are on
     * the ledger and cannot change once the slot is closed) and stores only pieces whose SHA-256 is
     * the one ClearSlot recorded, so what it stores is exactly what ClearSlot computed. Any caller
     * that may clear the slot; once every piece is stored it returns the state and writes nothing.
     *
     * @return the slot state; {@code clearing.resultChunksPublished} tells how many pieces are stored
     */
    @Transaction(name = Contracts.Slot.PUBLISH_CLEARING, intent = Transaction.TYPE.SUBMIT)
    public String publishClearing(Context ctx, String slot) {
        String tx = "PublishClearing";
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        Slot s = Slots.parse(slot, config, "slot");
        requireClearer(stub, caller, config, tx);
        SlotState state = state(stub, s.sortKey());
        if (state == null || state.clearing() == null) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is "
                    + (state == null ? "OPEN" : state.status()) + "; slot:ClearSlot clears it first");
        }
        if (state.clearing().resultComplete()) {
            return Json.write(state);
        }
        Runs runs = runs(stub, state, book(stub, state, config, tx).open(), config, tx);
        SlotState published = ResultChunks.store(stub, state, runs.texts(), config.clearingChunksPerTx());
        Ledger.put(stub, Keys.slot(s.sortKey()), published);
        return Json.write(published);
    }

    /** Who may clear a slot and publish its results: the operator, a solver, or an active trader. */
    private static void requireClearer(ChaincodeStub stub, Caller caller, MarketConfig config, String tx) {
        if (!caller.has(Role.OPERATOR, config) && !caller.has(Role.SOLVER, config)) {
            ParticipantContract.requireTrader(stub, caller, config, tx);
        }
    }

    /**
     * A total over the slot's segments; each segment's own total the engine keeps within 64 bits
     * (else BEYOND_LIMITS), their sum is checked here.
     */
    static long total(long sum, long value, String tx, String slot, String field) {
        try {
            return Math.addExact(sum, value);
        } catch (ArithmeticException e) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": slot " + slot + ": the segments' total '" + field
                    + "' is beyond the 64-bit range of Wh and money units");
        }
    }

    /**
     * The slot's state; an absent key reads as OPEN with its gate closure under the current config.
     * Any identity with a p2pe role.
     */
    @Transaction(name = Contracts.Slot.GET_SLOT, intent = Transaction.TYPE.EVALUATE)
    public String getSlot(Context ctx, String slot) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Caller.of(ctx).requireRole(config, "GetSlot");
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = state(stub, s.sortKey());
        if (state != null && state.status() == SlotState.Status.CLEARED && state.clearing().resultComplete()) {
            Map<String, Object> out = Json.MAPPER.convertValue(state, Json.MAP_TYPE);
            out.put("metering", metering(stub, state, config));
            return Json.write(out);
        }
        if (state != null) {
            return Json.write(state);
        }
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("slot", s.toString());
        open.put("slotKey", s.sortKey());
        open.put("status", "OPEN");
        open.put("gateClosure", Slots.iso(Slots.gateClosure(s.startInstant(), config)));
        return Json.write(open);
    }

    /**
     * The clearing of a slot: per segment the exact canonical input text (feed it to
     * {@code p2pe market clear}) and the exact result text it prints. The input is rebuilt from the
     * slot's orders and checked against the digest ClearSlot recorded; the result is the stored
     * text (refused CLEARING_INCOMPLETE while pieces of it are to be published). Any identity with
     * a p2pe role: the book is revealed once the slot is cleared.
     */
    @Transaction(name = Contracts.Slot.GET_CLEARING_RESULT, intent = Transaction.TYPE.EVALUATE)
    public String getClearingResult(Context ctx, String slot) {
        String tx = "GetClearingResult";
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Caller.of(ctx).requireRole(config, tx);
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = state(stub, s.sortKey());
        if (state == null || state.clearing() == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "slot " + slot + " has not been cleared");
        }
        SlotBooks books = books(state, book(stub, state, config, tx).open());
        List<ClearingInput> inputs = new ArrayList<>();
        if (books.renewable() != null) {
            inputs.add(books.renewable().input());
        }
        inputs.add(books.main());
        List<SlotState.Segment> stored = state.clearing().segments();
        List<Map<String, Object>> segs = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            SlotState.Segment seg = stored.get(i);
            String input = i < inputs.size() ? MarketJson.writeInput(inputs.get(i)) : null;
            // The input digest is the SHA-256 of the canonical text's UTF-8 bytes.
            String digest = input == null ? null : ResultChunks.sha256(input.getBytes(StandardCharsets.UTF_8));
            if (inputs.size() != stored.size() || !seg.inputDigest().equals(digest)) {
                throw Refusal.of(ErrorCode.INVARIANT_VIOLATION, tx + ": slot " + slot + ": the input of run "
                        + seg.segment() + " rebuilt from the slot's orders has digest " + digest + ", and ClearSlot "
                        + "recorded " + seg.inputDigest() + " (" + inputs.size() + " runs rebuilt, " + stored.size()
                        + " recorded)");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("segment", seg.segment());
            m.put("input", input);
            m.put("result", new String(ResultChunks.text(stub, state, seg, tx), StandardCharsets.UTF_8));
            segs.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("slot", state.slot());
        out.put("status", state.status());
        out.put("clearing", state.clearing());
        out.put("segments", segs);
        return Json.write(out);
    }

    /**
     * METERED is derived, not stored: readings are per participant, so no shared key is
     * rewritten as they arrive. {@code metered} is true once every participant with a trade has
     * a reading, i.e. the slot can be settled.
     */
    private static Map<String, Object> metering(ChaincodeStub stub, SlotState state, MarketConfig config) {
        TreeSet<String> traders = SettlementContract.SlotBook.load(stub, state, config, "GetSlot").traders();
        TreeSet<String> read = MeterContract.metered(stub, state.slotKey(), config, "GetSlot",
                "the meter readings of slot " + state.slot());
        TreeSet<String> missing = new TreeSet<>(traders);
        missing.removeAll(read);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metered", missing.isEmpty());
        m.put("readings", read.size());
        m.put("tradingParticipants", traders.size());
        m.put("missing", List.copyOf(missing));
        return m;
    }

    static SlotState state(ChaincodeStub stub, String slotKey) {
        return Ledger.get(stub, Keys.slot(slotKey), SlotState.class);
    }

    /** Every order's filled Wh over all segments of a cleared slot. */
    static Map<String, Long> fills(ChaincodeStub stub, SlotState state, String tx) {
        Map<String, Long> out = new TreeMap<>();
        for (ClearingResult r : results(stub, state, tx)) {
            for (Fill f : r.fills()) {
                out.merge(f.orderId(), f.filledWh(), Math::addExact);
            }
        }
        return out;
    }

    /**
     * The stored results of a cleared slot, in segment order; refused CLEARING_INCOMPLETE while
     * pieces of them are still to be published.
     *
     * @param tx the reading transaction, for the refusal
     */
    static List<ClearingResult> results(ChaincodeStub stub, SlotState state, String tx) {
        List<ClearingResult> out = new ArrayList<>();
        for (SlotState.Segment seg : state.clearing().segments()) {
            out.add(Json.read(ResultChunks.text(stub, state, seg, tx), ClearingResult.class));
        }
        return out;
    }

    private static SlotState close(ChaincodeStub stub, Slot s, MarketConfig config, Caller caller, Instant gate) {
        return new SlotState(s.toString(), s.sortKey(), SlotState.Status.CLOSED, Slots.iso(gate), Tx.timestamp(stub),
                caller.clientId(), stub.getTxId(), terms(config), null, null);
    }

    /** The configuration's terms, frozen into the slot at closing. */
    private static SlotState.Terms terms(MarketConfig c) {
        return new SlotState.Terms(c.version(), c.mechanism(), c.objective(), c.wheelingLevels(), c.slotLengthMinutes(),
                c.retailTariff(), c.buyBackTariff(), c.gridEmissionFactor(), c.renewableSourceTypes(),
                c.proposalWindowMinutes());
    }

    /**
     * The open orders of a closed slot, by a range scan that Fabric re-checks at commit (phantom
     * reads); the slot is closed, so no order can enter it any more. The scan is refused when it
     * reaches the range-query limit ({@link Ledger#all}). Until the slot is cleared it is also
     * checked against the participants' positions, which list every open order of the slot: a
     * peer whose limit is below the configuration's cuts the book short without saying so, and
     * the positions (one per participant, far fewer records than orders) tell.
     */
    static List<OrderRecord> openOrders(ChaincodeStub stub, SlotState state, MarketConfig config, String tx) {
        return book(stub, state, config, tx).open();
    }

    /**
     * A closed slot's book from one scan: the open orders (the clearing's input) and the ids of
     * sealed orders not revealed yet (docs/privacy.md).
     */
    record Book(List<OrderRecord> open, List<String> sealedIds) {
    }

    /** {@link #openOrders}, with the sealed orders' ids of the same scan. */
    static Book book(ChaincodeStub stub, SlotState state, MarketConfig config, String tx) {
        String what = "the book of slot " + state.slot();
        List<OrderRecord> orders = new ArrayList<>();
        List<String> sealed = new ArrayList<>();
        for (OrderRecord o : Ledger.all(stub, Keys.prefix(Keys.ORDER, state.slotKey()), OrderRecord.class, config, tx,
                what)) {
            if (o.status() == OrderRecord.Status.OPEN) {
                orders.add(o);
            } else if (o.status() == OrderRecord.Status.SEALED) {
                sealed.add(o.orderId());
            }
        }
        if (state.status() == SlotState.Status.CLOSED) {
            long listed = 0;
            for (Position p : Ledger.all(stub, Keys.prefix(Keys.POSITION, state.slotKey()), Position.class, config, tx,
                    "the positions of slot " + state.slot())) {
                listed += p.openOrders();
            }
            if (listed != orders.size()) {
                throw Ledger.beyondQueryLimit(tx, what, orders.size() + " open orders, but the participants' positions "
                        + "count " + listed + " (the peers' limit is lower than the configuration's)",
                        config.totalQueryLimit());
            }
        }
        return new Book(orders, sealed);
    }

    private record SegmentInput(String name, ClearingInput input, ClearingResult result) {
    }

    /**
     * A closed slot's clearing runs in order, with their result texts (UTF-8) and, for OPTIMAL, the
     * proposal competition's outcome (null otherwise).
     */
    private record Runs(List<SegmentInput> segments, List<byte[]> texts, ProposalContract.Outcome outcome) {
    }

    /**
     * The clearing runs of a slot's open orders: the renewable segment (when there are
     * renewable-only BUYs), then the main book by the engine, or for OPTIMAL by the best of the
     * engine's result and the solvers' proposals. Deterministic in the orders and proposals, which
     * are fixed once the slot is closed, so PublishClearing recomputes exactly what ClearSlot did.
     */
    private static Runs runs(ChaincodeStub stub, SlotState state, List<OrderRecord> orders, MarketConfig config,
                             String tx) {
        List<SegmentInput> runs = new ArrayList<>();
        ProposalContract.Outcome outcome = null;
        SlotBooks books = books(state, orders);
        if (books.renewable() != null) {
            runs.add(books.renewable());
        }
        if (state.terms().mechanism() == Mechanism.OPTIMAL) {
            ProposalContract.Competition c = ProposalContract.compete(stub, state, books.main(), config, tx);
            outcome = c.outcome();
            runs.add(new SegmentInput(SEGMENT_MAIN, books.main(), c.result()));
        } else {
            runs.add(new SegmentInput(SEGMENT_MAIN, books.main(), clear(books.main())));
        }
        List<byte[]> texts = new ArrayList<>();
        for (SegmentInput seg : runs) {
            texts.add(MarketJson.writeResult(seg.result).getBytes(StandardCharsets.UTF_8));
        }
        return new Runs(runs, texts, outcome);
    }

    /** A closed slot's books: the cleared renewable segment (null without renewable-only BUYs) and the main book. */
    record SlotBooks(SegmentInput renewable, ClearingInput main) {
    }

    /**
     * The clearing runs of a slot. Renewable-only BUY orders are cleared first by the engine,
     * against the renewable SELL orders only; then every other BUY order is cleared against all SELL
     * orders' remaining quantities (the main book, the one OPTIMAL proposals compete for). Without
     * renewable-only orders the main book is the whole book.
     */
    static SlotBooks books(SlotState state, List<OrderRecord> orders) {
        SlotState.Terms terms = state.terms();
        Mechanism mechanism = terms.mechanism();
        WheelingSchedule wheeling = terms.wheelingLevels() == null ? null : new WheelingSchedule(terms.wheelingLevels());
        var objective = mechanism == Mechanism.OPTIMAL ? terms.objective() : null;
        SegmentInput renewable = null;
        Map<String, Long> used = new TreeMap<>();
        boolean anyRenewableOnly = orders.stream().anyMatch(OrderRecord::renewableOnly);
        if (anyRenewableOnly) {
            List<Order> green = new ArrayList<>();
            for (OrderRecord o : orders) {
                if (o.side() == Side.BUY ? o.renewableOnly() : terms.isRenewable(o.sourceType())) {
                    green.add(o.toMarketOrder());
                }
            }
            ClearingInput input = new ClearingInput(state.slot(), mechanism, objective, wheeling, green);
            ClearingResult result = clear(input);
            for (Fill f : result.fills()) {
                used.put(f.orderId(), f.filledWh());
            }
            renewable = new SegmentInput(SEGMENT_RENEWABLE, input, result);
        }
        List<Order> main = new ArrayList<>();
        for (OrderRecord o : orders) {
            if (o.renewableOnly()) {
                continue;
            }
            long left = o.wh() - used.getOrDefault(o.orderId(), 0L);
            if (left > 0) {
                main.add(o.toMarketOrder(left));
            }
        }
        return new SlotBooks(renewable, new ClearingInput(state.slot(), mechanism, objective, wheeling, main));
    }

    static ClearingResult clear(ClearingInput input) {
        try {
            return Clearing.clear(input);
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
    }
}
