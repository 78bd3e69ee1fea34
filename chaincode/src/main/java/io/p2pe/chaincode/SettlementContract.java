package io.p2pe.chaincode;

import io.p2pe.market.ClearingResult;
import io.p2pe.market.Slot;
import io.p2pe.market.Trade;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.market.provenance.GeneratorDeliveries;
import io.p2pe.market.provenance.Provenance;
import io.p2pe.market.provenance.ProvenanceViolation;
import io.p2pe.market.provenance.SellerInfo;
import io.p2pe.market.settlement.MatchedTrade;
import io.p2pe.market.settlement.MeteredFlow;
import io.p2pe.market.settlement.Settlement;
import io.p2pe.market.settlement.SettlementLine;
import io.p2pe.market.settlement.Tariffs;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.DeliveryRecord;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.PointsEntry;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Settlement of cleared and metered slots, and the delivered provenance computed with it (the
 * rules are in {@code io.p2pe.market.settlement} and {@code io.p2pe.market.provenance}).
 */
@Contract(name = Contracts.Settlement.NAME, info = @Info(title = "p2pe settlement", version = "1.0.0"))
public final class SettlementContract extends P2peContract {

    /**
     * Settles a cleared slot once every trading participant has a meter reading: writes each
     * participant's settlement line, each consumer's provenance and each generator's deliveries,
     * and deletes the slot's positions (its orders are settled). The operator or the retailer.
     *
     * <p>A slot settles in pages of at most the market config's {@code settlementPageSize}
     * participants (traders and the metered), in id order: each transaction writes the next page's
     * records, adds the page to the slot's totals and records the last id settled; the slot is
     * SETTLING until its last page, then SETTLED. A page reads the readings of its participants and
     * of their counterparties only (a trade's delivered energy depends on both parties), so every
     * page computes exactly what one transaction settling the whole slot would. Readings cannot be
     * corrected once the first page is written.
     *
     * <p>Repeating it on a settled slot settles the readings recorded since (participants without
     * trades: their lines are retail supply and buy-back alone) and adds them to the summary; with
     * none it returns the stored state and writes nothing.
     *
     * @return the slot state with its settlement summary (SETTLING while pages remain)
     */
    @Transaction(name = Contracts.Settlement.SETTLE_SLOT, intent = Transaction.TYPE.SUBMIT)
    public String settleSlot(Context ctx, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.has(Role.OPERATOR, config) && !caller.has(Role.RETAILER, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "SettleSlot needs role operator or retailer; caller is " + caller.describe());
        }
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = SlotContract.state(stub, s.sortKey());
        if (state == null || state.status() == SlotState.Status.CLOSED) {
            throw Refusal.of(ErrorCode.INVALID_STATE, "SettleSlot: slot " + slot + " is "
                    + (state == null ? "OPEN" : state.status()) + "; it must be cleared first");
        }
        if (state.status() == SlotState.Status.SETTLED) {
            return settleLate(stub, config, s, state);
        }
        boolean firstPage = state.status() == SlotState.Status.CLEARED;
        if (firstPage) {
            MarketTime marketNow = MarketTime.now(stub, config, "SettleSlot");
            if (marketNow.isBefore(s.endInstant())) {
                throw Refusal.of(ErrorCode.INVALID_STATE, "SettleSlot: slot " + slot + " is not delivered yet; it ends at "
                        + Slots.iso(s.endInstant()) + " and the market time is " + marketNow);
            }
        }
        byte[] seed = PrivateRecords.seed(stub, "SettleSlot");
        SlotBook book = SlotBook.load(stub, state, config, "SettleSlot");
        TreeSet<String> metered = MeterContract.meteredIndex(stub, state.slotKey(), config, "SettleSlot",
                "the meter readings of slot " + slot);
        // Every trader's reading must be there before the first line is written: a page settled
        // without a counterparty's reading could not be settled again.
        for (String p : book.traders()) {
            if (!metered.contains(p)) {
                throw Refusal.of(ErrorCode.MISSING_METER_READING, "SettleSlot: participant " + p + " traded in slot " + slot
                        + " but has no meter reading");
            }
        }
        TreeSet<String> participants = new TreeSet<>(book.traders());
        participants.addAll(metered);
        String after = firstPage ? null : state.settlement().settledThrough();
        NavigableSet<String> rest = after == null ? participants : participants.tailSet(after, false);
        TreeSet<String> page = new TreeSet<>();
        for (String p : rest) {
            if (page.size() == config.settlementPageSize()) {
                break;
            }
            page.add(p);
        }
        boolean lastPage = page.size() == rest.size();
        Map<String, MeteredFlow> flows = readings(stub, state, book, page);
        SlotState.Terms terms = state.terms();
        String now = Tx.timestamp(stub);
        String txId = stub.getTxId();
        // Everything is computed before the first write, so an overflow is refused with nothing written.
        List<SettlementRecord> records = new ArrayList<>();
        Provenance.Allocation allocation;
        Totals totals = firstPage ? new Totals() : Totals.of(state.settlement());
        try {
            List<SettlementLine> lines = Settlement.settle(book.trades(), flows,
                    new Tariffs(terms.retailTariff(), terms.buyBackTariff()), page::contains);
            allocation = Provenance.allocate(book.trades(), flows, book.sellers(),
                    new TreeSet<>(terms.renewableSourceTypes()), terms.gridEmissionFactor(), page::contains);
            Map<String, ConsumerProvenance> byConsumer = new TreeMap<>();
            for (ConsumerProvenance c : allocation.consumers()) {
                byConsumer.put(c.consumer(), c);
            }
            for (SettlementLine line : lines) {
                ConsumerProvenance c = byConsumer.get(line.participant());
                SettlementRecord r = new SettlementRecord(line.participant(), s.toString(), s.sortKey(), line,
                        c == null ? 0 : c.deliveredWh(), c == null ? 0 : c.renewableWh(), c == null ? 0 : c.co2AvoidedMg(),
                        terms.retailTariff(), terms.buyBackTariff(), now, txId);
                records.add(r);
                totals.add(r);
            }
        } catch (ArithmeticException e) {
            throw overflow(s, flows, terms);
        }
        try {
            Provenance.check(allocation, flows);
        } catch (ProvenanceViolation e) {
            throw Refusal.of(ErrorCode.INVARIANT_VIOLATION, "SettleSlot: " + e.getMessage());
        }
        int pages = firstPage ? 1 : state.settlement().pages() + 1;
        SlotState settled = state.withSettlement(
                totals.summary(now, txId, page.isEmpty() ? after : page.last(), pages), lastPage);
        List<PointsLedger.Account> credits = participationCredits(stub, s, records);
        // Lines, provenance and deliveries tell a participant's consumption and production: each in
        // the private collection of the participant's org, salted; the public ledger keeps their
        // hashes, and the slot's totals (the summary) stay public.
        for (SettlementRecord r : records) {
            PrivateRecords.put(stub, r.participant(), Keys.settlement(r.participant(), s.sortKey()), r, seed);
        }
        credits.forEach(PointsLedger.Account::write);
        for (ConsumerProvenance c : allocation.consumers()) {
            PrivateRecords.put(stub, c.consumer(), Keys.provenance(c.consumer(), s.sortKey()),
                    new ProvenanceRecord(c.consumer(), s.toString(), s.sortKey(), c, txId), seed);
        }
        for (GeneratorDeliveries g : allocation.generators()) {
            PrivateRecords.put(stub, g.generator(), Keys.delivery(g.generator(), s.sortKey()),
                    new DeliveryRecord(g.generator(), s.toString(), s.sortKey(), g, txId), seed);
        }
        // A position marks a slot with open orders that are not settled (SetMarketConfig checks for
        // one): each page deletes those of the order owners in its id range, the last page the rest.
        NavigableSet<String> owners = after == null ? book.owners() : book.owners().tailSet(after, false);
        for (String owner : lastPage ? owners : owners.headSet(page.last(), true)) {
            stub.delState(Keys.position(s.sortKey(), owner));
        }
        Ledger.put(stub, Keys.slot(s.sortKey()), settled);
        if (lastPage) {
            emitSettled(stub, settled, records.size());
        }
        return Json.write(settled);
    }

    /**
     * Market-participation points, when the DR programme sets a rate: each participant that bought
     * or sold P2P energy in the slot earns {@code ⌊(boughtWh + soldWh) · rate / 1000⌋} points, once
     * (entry {@code market~<slot>}; a slot is settled with trades only once).
     */
    private static List<PointsLedger.Account> participationCredits(ChaincodeStub stub, Slot s,
                                                                   List<SettlementRecord> records) {
        long rate = DemandResponseContract.program(stub).participationPointsPerKwh();
        List<PointsLedger.Account> out = new ArrayList<>();
        if (rate == 0) {
            return out;
        }
        for (SettlementRecord r : records) {
            long points;
            try {
                points = Math.multiplyExact(Math.addExact(r.line().boughtWh(), r.line().soldWh()), rate) / 1000;
            } catch (ArithmeticException e) {
                throw Refusal.of(ErrorCode.OUT_OF_RANGE, "SettleSlot: participation points of " + r.participant()
                        + " leave the 64-bit range");
            }
            if (points > 0) {
                PointsLedger.Account a = new PointsLedger.Account(stub, r.participant(), "SettleSlot");
                a.move(Keys.marketCreditEntryId(s.sortKey()), PointsEntry.Kind.MARKET_CREDIT, points, null, s.toString(),
                        null, null);
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The lines of readings recorded after the slot was settled. A settled slot had a reading of
     * every participant that traded, and a reading cannot be corrected once its slot is settled,
     * so a reading without a line is of a participant without trades: its line depends on its own
     * flows and the slot's tariffs only, and no other line, provenance or delivery changes.
     */
    private static String settleLate(ChaincodeStub stub, MarketConfig config, Slot s, SlotState state) {
        TreeSet<String> metered = MeterContract.meteredIndex(stub, state.slotKey(), config, "SettleSlot",
                "the meter readings of slot " + state.slot());
        // Every participant settled so far had a reading: as many index entries as lines means no
        // reading came late, and the slot's participants need not be looked at one by one.
        if (metered.size() == state.settlement().participants()) {
            return Json.write(state);
        }
        Map<String, MeteredFlow> late = new TreeMap<>();
        for (String p : metered) {
            if (!Ledger.privateExists(stub, Keys.privateCollection(p), Keys.settlement(p, s.sortKey()))) {
                MeterReading r = MeterContract.reading(stub, state.slotKey(), p);
                if (r != null) {
                    late.put(p, new MeteredFlow(p, r.importedWh(), r.exportedWh()));
                }
            }
        }
        if (late.isEmpty()) {
            return Json.write(state);
        }
        byte[] seed = PrivateRecords.seed(stub, "SettleSlot");
        SlotState.Terms terms = state.terms();
        String now = Tx.timestamp(stub);
        String txId = stub.getTxId();
        List<SettlementRecord> records = new ArrayList<>();
        Totals totals = Totals.of(state.settlement());
        try {
            for (SettlementLine line : Settlement.settle(List.of(), late,
                    new Tariffs(terms.retailTariff(), terms.buyBackTariff()))) {
                SettlementRecord r = new SettlementRecord(line.participant(), s.toString(), s.sortKey(), line, 0, 0, 0,
                        terms.retailTariff(), terms.buyBackTariff(), now, txId);
                records.add(r);
                totals.add(r);
            }
        } catch (ArithmeticException e) {
            throw overflow(s, late, terms);
        }
        SlotState.SettlementSummary before = state.settlement();
        SlotState settled = state.withSettlement(totals.summary(now, txId, before.settledThrough(), before.pages() + 1),
                true);
        for (SettlementRecord r : records) {
            PrivateRecords.put(stub, r.participant(), Keys.settlement(r.participant(), s.sortKey()), r, seed);
        }
        Ledger.put(stub, Keys.slot(s.sortKey()), settled);
        emitSettled(stub, settled, records.size());
        return Json.write(settled);
    }

    /**
     * The readings of a page's participants and of their counterparties, by participant: all a
     * page's lines, provenance and deliveries depend on. A trader's reading must be there (its
     * index entry is, SettleSlot checked); a metered participant without trades whose index entry
     * has no reading (only a coalition without the meter org could write one) has no line.
     */
    private static Map<String, MeteredFlow> readings(ChaincodeStub stub, SlotState state, SlotBook book,
                                                     Set<String> page) {
        TreeSet<String> needed = new TreeSet<>(page);
        for (MatchedTrade t : book.trades()) {
            if (page.contains(t.buyer()) || page.contains(t.seller())) {
                needed.add(t.buyer());
                needed.add(t.seller());
            }
        }
        // A page's readings in one round trip per org's collection (BatchedStub) instead of one each.
        Map<String, List<String>> byCollection = new TreeMap<>();
        for (String p : needed) {
            byCollection.computeIfAbsent(Keys.privateCollection(p), c -> new ArrayList<>())
                    .add(Keys.meter(state.slotKey(), p));
        }
        byCollection.forEach((collection, keys) -> BatchedStub.prefetchPrivate(stub, collection, keys));
        Map<String, MeteredFlow> flows = new TreeMap<>();
        for (String p : needed) {
            MeterReading r = MeterContract.reading(stub, state.slotKey(), p);
            if (r != null) {
                flows.put(p, new MeteredFlow(p, r.importedWh(), r.exportedWh()));
            } else if (book.traders().contains(p)) {
                throw Refusal.of(ErrorCode.MISSING_METER_READING, "SettleSlot: participant " + p + " traded in slot "
                        + state.slot() + " but has no meter reading");
            }
        }
        return flows;
    }

    /**
     * The refusal of a settlement whose money is beyond 64 bits, naming the reading that makes it
     * so when one alone does (its Wh times the slot's tariff); the slot stays as it was.
     */
    private static RuntimeException overflow(Slot s, Map<String, MeteredFlow> flows, SlotState.Terms terms) {
        for (MeteredFlow f : flows.values()) {
            String field = null;
            long wh = 0;
            String tariff = null;
            long ticks = 0;
            if (productOverflows(f.importedWh(), terms.retailTariff())) {
                field = "importedWh";
                wh = f.importedWh();
                tariff = "retailTariff";
                ticks = terms.retailTariff();
            } else if (productOverflows(f.exportedWh(), terms.buyBackTariff())) {
                field = "exportedWh";
                wh = f.exportedWh();
                tariff = "buyBackTariff";
                ticks = terms.buyBackTariff();
            }
            if (field != null) {
                return Refusal.of(ErrorCode.OUT_OF_RANGE, "SettleSlot: slot " + s + ": the meter reading of "
                        + f.participant() + ", field '" + field + "' " + wh + " Wh at the slot's " + tariff + " of "
                        + ticks + " ticks, is money beyond the 64-bit range of 1e-5 JPY; the slot is not settled "
                        + "(correct the reading with meter:CorrectMeterReading if it is wrong)");
            }
        }
        return Refusal.of(ErrorCode.OUT_OF_RANGE, "SettleSlot: slot " + s + ": the settlement's amounts or totals "
                + "(money in 1e-5 JPY, CO2 in mg) are beyond the 64-bit range; the slot is not settled");
    }

    private static boolean productOverflows(long a, long b) {
        try {
            Math.multiplyExact(a, b);
            return false;
        } catch (ArithmeticException e) {
            return true;
        }
    }

    private static void emitSettled(ChaincodeStub stub, SlotState settled, int linesWritten) {
        SlotState.SettlementSummary sum = settled.settlement();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", settled.slot());
        event.put("status", settled.status());
        event.put("participants", sum.participants());
        event.put("linesWritten", linesWritten);
        event.put("deliveredWh", sum.deliveredWh());
        event.put("renewableDeliveredWh", sum.renewableDeliveredWh());
        event.put("savings", sum.savings());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.SLOT_SETTLED, event);
    }

    /** A slot's settlement totals, summed line by line with overflow checks. */
    private static final class Totals {
        private int participants;
        private long imported;
        private long exported;
        private long contracted;
        private long delivered;
        private long renewable;
        private long retailWh;
        private long buyBackWh;
        private long net;
        private long baseline;
        private long savings;
        private long wheeling;
        private long co2;

        static Totals of(SlotState.SettlementSummary s) {
            Totals t = new Totals();
            t.participants = s.participants();
            t.imported = s.importedWh();
            t.exported = s.exportedWh();
            t.contracted = s.contractedWh();
            t.delivered = s.deliveredWh();
            t.renewable = s.renewableDeliveredWh();
            t.retailWh = s.retailSuppliedWh();
            t.buyBackWh = s.buyBackWh();
            t.net = s.netCost();
            t.baseline = s.baselineCost();
            t.savings = s.savings();
            t.wheeling = s.wheelingFees();
            t.co2 = s.co2AvoidedMg();
            return t;
        }

        void add(SettlementRecord r) {
            SettlementLine line = r.line();
            participants++;
            imported = Math.addExact(imported, line.importedWh());
            exported = Math.addExact(exported, line.exportedWh());
            contracted = Math.addExact(contracted, line.boughtWh());
            delivered = Math.addExact(delivered, r.deliveredWh());
            renewable = Math.addExact(renewable, r.renewableWh());
            retailWh = Math.addExact(retailWh, line.retailSuppliedWh());
            buyBackWh = Math.addExact(buyBackWh, line.buyBackWh());
            net = Math.addExact(net, line.netCost());
            baseline = Math.addExact(baseline, line.baselineCost());
            wheeling = Math.addExact(wheeling, line.wheelingFees());
            co2 = Math.addExact(co2, r.co2AvoidedMg());
            savings = Math.subtractExact(baseline, net);
        }

        /**
         * The summary; {@code settledAt} and {@code settleTxId} are the transaction that wrote the last lines.
         *
         * @param settledThrough the last participant settled, in id order (null when there was none)
         * @param pages settling transactions so far, this one included
         */
        SlotState.SettlementSummary summary(String now, String txId, String settledThrough, int pages) {
            return new SlotState.SettlementSummary(now, txId, participants, imported, exported, contracted, delivered,
                    renewable, retailWh, buyBackWh, net, baseline, savings, wheeling, co2, settledThrough, pages);
        }
    }

    /**
     * A participant's settlement line, as stored (with its {@code salt}): itself, its org's admins,
     * the operator, auditors, through a peer of an org that holds the participant's collection.
     */
    @Transaction(name = Contracts.Settlement.GET_SETTLEMENT, intent = Transaction.TYPE.EVALUATE)
    public String getSettlement(Context ctx, String participantId, String slot) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, "GetSettlement");
        Slot s = Slots.parse(slot, config, "slot");
        String r = PrivateRecords.text(stub, participantId, Keys.settlement(participantId, s.sortKey()));
        if (r == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no settlement of " + participantId + " for slot " + slot);
        }
        return r;
    }

    /** A participant's settlement lines for slots from {@code fromSlot} to {@code toSlot} inclusive. */
    @Transaction(name = Contracts.Settlement.LIST_SETTLEMENTS, intent = Transaction.TYPE.EVALUATE)
    public String listSettlements(Context ctx, String participantId, String fromSlot, String toSlot, String pageSize,
                                  String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, "ListSettlements");
        return Json.write(Access.privatePeriod(stub, config, Keys.SETTLEMENT, participantId, fromSlot, toSlot, pageSize,
                bookmark));
    }

    /**
     * Days a settled slot's private records are kept in clear at least: 13 months covers a yearly
     * bill and its dispute, and the 30 days of readings a DR baseline reads.
     */
    static final int PURGE_MIN_AGE_DAYS = 400;

    /**
     * Purges a participant's private records of a settled slot from its collection (Fabric's
     * PurgePrivateData: the values leave every member peer's private store, the ledger's blocks
     * keep their hashes): the reading and its superseded revisions, the settlement line, the
     * provenance and the deliveries. The operator only, once the slot ended at least
     * {@link #PURGE_MIN_AGE_DAYS} days before the market time. Purging again changes nothing.
     *
     * @return {@code {"participant","slot","purgedKeys":n,"txId"}}
     */
    @Transaction(name = Contracts.Settlement.PURGE_PRIVATE_RECORDS, intent = Transaction.TYPE.SUBMIT)
    public String purgePrivateRecords(Context ctx, String participantId, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        String tx = Contracts.Settlement.PURGE_PRIVATE_RECORDS;
        if (!caller.has(Role.OPERATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs role operator; caller is " + caller.describe());
        }
        io.p2pe.protocol.Participant p = ParticipantContract.require(stub, participantId);
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = SlotContract.state(stub, s.sortKey());
        if (state == null || state.status() != SlotState.Status.SETTLED) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " is "
                    + (state == null ? "OPEN" : state.status()) + "; only a settled slot's records are purged");
        }
        MarketTime marketNow = MarketTime.now(stub, config, tx);
        java.time.Instant keepUntil = s.endInstant().plus(java.time.Duration.ofDays(PURGE_MIN_AGE_DAYS));
        if (marketNow.isBefore(keepUntil)) {
            throw Refusal.of(ErrorCode.INVALID_STATE, tx + ": slot " + slot + " ended less than " + PURGE_MIN_AGE_DAYS
                    + " days before the market time " + marketNow + "; its records are kept until " + Slots.iso(keepUntil));
        }
        String collection = Keys.privateCollection(p.id());
        List<String> keys = new ArrayList<>();
        String readingKey = Keys.meter(s.sortKey(), p.id());
        MeterReading reading = Ledger.getPrivate(stub, collection, readingKey, MeterReading.class);
        if (reading != null) {
            keys.add(readingKey);
            for (int rev = 0; rev < reading.revision(); rev++) {
                keys.add(Keys.meterRevision(s.sortKey(), p.id(), rev));
            }
        }
        keys.add(Keys.settlement(p.id(), s.sortKey()));
        keys.add(Keys.provenance(p.id(), s.sortKey()));
        keys.add(Keys.delivery(p.id(), s.sortKey()));
        int purged = 0;
        for (String key : keys) {
            if (Ledger.privateExists(stub, collection, key)) {
                stub.purgePrivateData(collection, key);
                purged++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("participant", p.id());
        out.put("slot", s.toString());
        out.put("purgedKeys", purged);
        out.put("txId", stub.getTxId());
        return Json.write(out);
    }

    /**
     * The trades of a cleared slot with the participants and SELL-order facts behind them, and the
     * owners of its orders (traded or not: each has a position until the slot is settled).
     */
    record SlotBook(List<MatchedTrade> trades, Map<String, SellerInfo> sellers, TreeSet<String> traders,
                    TreeSet<String> owners) {
        /**
         * The slot's orders come from one scan of the slot (a 100,000-order slot would otherwise
         * cost a ledger round trip per traded order).
         *
         * @param tx the reading transaction, for refusals
         */
        static SlotBook load(ChaincodeStub stub, SlotState state, MarketConfig config, String tx) {
            List<ClearingResult> results = SlotContract.results(stub, state, tx);
            Map<String, OrderRecord> orders = new TreeMap<>();
            TreeSet<String> owners = new TreeSet<>();
            for (OrderRecord o : Ledger.all(stub, Keys.prefix(Keys.ORDER, state.slotKey()), OrderRecord.class, config,
                    tx, "the orders of slot " + state.slot())) {
                orders.put(o.orderId(), o);
                owners.add(o.participant());
            }
            List<MatchedTrade> trades = new ArrayList<>();
            Map<String, SellerInfo> sellers = new TreeMap<>();
            TreeSet<String> traders = new TreeSet<>();
            for (ClearingResult result : results) {
                for (Trade t : result.trades()) {
                    OrderRecord buy = orders.get(t.buyOrderId());
                    OrderRecord sell = orders.get(t.sellOrderId());
                    trades.add(new MatchedTrade(t.buyOrderId(), t.sellOrderId(), buy.participant(), sell.participant(),
                            t.wh(), t.price(), t.wheelingFee()));
                    sellers.put(sell.orderId(), new SellerInfo(sell.sourceType(), sell.location()));
                    traders.add(buy.participant());
                    traders.add(sell.participant());
                }
            }
            trades.sort(MatchedTrade.ORDER);
            return new SlotBook(trades, sellers, traders, owners);
        }

    }
}
