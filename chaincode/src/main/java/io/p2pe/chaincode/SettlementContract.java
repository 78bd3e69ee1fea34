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
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Settlement of cleared and metered slots, and the delivered provenance computed with it (the
 * rules are in {@code io.p2pe.market.settlement} and {@code io.p2pe.market.provenance}).
 */
@Contract(name = Contracts.Settlement.NAME, info = @Info(title = "p2pe settlement", version = "1.0.0"))
public final class SettlementContract implements ContractInterface {

    /**
     * Settles a cleared slot once every trading participant has a meter reading: writes each
     * participant's settlement line, each consumer's provenance and each generator's deliveries.
     * The operator or the retailer; repeating it returns the stored summary and writes nothing.
     *
     * @return the slot state with its settlement summary
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
            return Json.write(state);
        }
        MarketTime marketNow = MarketTime.now(stub, config, "SettleSlot");
        if (marketNow.isBefore(s.endInstant())) {
            throw Refusal.of(ErrorCode.INVALID_STATE, "SettleSlot: slot " + slot + " is not delivered yet; it ends at "
                    + Slots.iso(s.endInstant()) + " and the market time is " + marketNow);
        }
        SlotBook book = SlotBook.load(stub, state);
        Map<String, MeteredFlow> flows = new TreeMap<>();
        for (MeterReading r : Ledger.all(stub, Keys.prefix(Keys.METER, s.sortKey()), MeterReading.class)) {
            flows.put(r.participant(), new MeteredFlow(r.participant(), r.importedWh(), r.exportedWh()));
        }
        for (String p : book.traders()) {
            if (!flows.containsKey(p)) {
                throw Refusal.of(ErrorCode.MISSING_METER_READING, "SettleSlot: participant " + p + " traded in slot " + slot
                        + " but has no meter reading");
            }
        }
        SlotState.Terms terms = state.terms();
        List<SettlementLine> lines = Settlement.settle(book.trades(), flows,
                new Tariffs(terms.retailTariff(), terms.buyBackTariff()));
        Provenance.Allocation allocation = Provenance.allocate(book.trades(), flows, book.sellers(),
                new TreeSet<>(terms.renewableSourceTypes()), terms.gridEmissionFactor());
        try {
            Provenance.check(allocation, flows);
        } catch (ProvenanceViolation e) {
            throw Refusal.of(ErrorCode.INVARIANT_VIOLATION, "SettleSlot: " + e.getMessage());
        }
        Map<String, ConsumerProvenance> byConsumer = new TreeMap<>();
        for (ConsumerProvenance c : allocation.consumers()) {
            byConsumer.put(c.consumer(), c);
        }
        String now = Tx.timestamp(stub);
        String txId = stub.getTxId();
        long imported = 0;
        long exported = 0;
        long contracted = 0;
        long delivered = 0;
        long renewable = 0;
        long retailWh = 0;
        long buyBackWh = 0;
        long net = 0;
        long baseline = 0;
        long wheeling = 0;
        long co2 = 0;
        for (SettlementLine line : lines) {
            ConsumerProvenance c = byConsumer.get(line.participant());
            long d = c == null ? 0 : c.deliveredWh();
            long r = c == null ? 0 : c.renewableWh();
            long mg = c == null ? 0 : c.co2AvoidedMg();
            Ledger.put(stub, Keys.settlement(line.participant(), s.sortKey()), new SettlementRecord(line.participant(),
                    s.toString(), s.sortKey(), line, d, r, mg, terms.retailTariff(), terms.buyBackTariff(), now, txId));
            imported = Math.addExact(imported, line.importedWh());
            exported = Math.addExact(exported, line.exportedWh());
            contracted = Math.addExact(contracted, line.boughtWh());
            delivered = Math.addExact(delivered, d);
            renewable = Math.addExact(renewable, r);
            retailWh = Math.addExact(retailWh, line.retailSuppliedWh());
            buyBackWh = Math.addExact(buyBackWh, line.buyBackWh());
            net = Math.addExact(net, line.netCost());
            baseline = Math.addExact(baseline, line.baselineCost());
            wheeling = Math.addExact(wheeling, line.wheelingFees());
            co2 = Math.addExact(co2, mg);
        }
        for (ConsumerProvenance c : allocation.consumers()) {
            Ledger.put(stub, Keys.provenance(c.consumer(), s.sortKey()),
                    new ProvenanceRecord(c.consumer(), s.toString(), s.sortKey(), c, txId));
        }
        for (GeneratorDeliveries g : allocation.generators()) {
            Ledger.put(stub, Keys.delivery(g.generator(), s.sortKey()),
                    new DeliveryRecord(g.generator(), s.toString(), s.sortKey(), g, txId));
        }
        SlotState settled = state.withSettlement(new SlotState.SettlementSummary(now, txId, lines.size(), imported,
                exported, contracted, delivered, renewable, retailWh, buyBackWh, net, baseline,
                Math.subtractExact(baseline, net), wheeling, co2));
        Ledger.put(stub, Keys.slot(s.sortKey()), settled);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", settled.slot());
        event.put("status", settled.status());
        event.put("participants", lines.size());
        event.put("deliveredWh", delivered);
        event.put("renewableDeliveredWh", renewable);
        event.put("savings", Math.subtractExact(baseline, net));
        event.put("txId", txId);
        Events.emit(stub, EventNames.SLOT_SETTLED, event);
        return Json.write(settled);
    }

    /** A participant's settlement line: itself, its org's admins, the operator, auditors. */
    @Transaction(name = Contracts.Settlement.GET_SETTLEMENT, intent = Transaction.TYPE.EVALUATE)
    public String getSettlement(Context ctx, String participantId, String slot) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, "GetSettlement");
        Slot s = Slots.parse(slot, config, "slot");
        SettlementRecord r = Ledger.get(stub, Keys.settlement(participantId, s.sortKey()), SettlementRecord.class);
        if (r == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no settlement of " + participantId + " for slot " + slot);
        }
        return Json.write(r);
    }

    /** A participant's settlement lines for slots from {@code fromSlot} to {@code toSlot} inclusive. */
    @Transaction(name = Contracts.Settlement.LIST_SETTLEMENTS, intent = Transaction.TYPE.EVALUATE)
    public String listSettlements(Context ctx, String participantId, String fromSlot, String toSlot, String pageSize,
                                  String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, "ListSettlements");
        return Json.write(Access.period(stub, config, Keys.SETTLEMENT, participantId, fromSlot, toSlot, pageSize,
                bookmark, SettlementRecord.class));
    }

    /** The trades of a cleared slot with the participants and SELL-order facts behind them. */
    record SlotBook(List<MatchedTrade> trades, Map<String, SellerInfo> sellers, TreeSet<String> traders) {
        static SlotBook load(ChaincodeStub stub, SlotState state) {
            Map<String, OrderRecord> orders = new TreeMap<>();
            List<MatchedTrade> trades = new ArrayList<>();
            Map<String, SellerInfo> sellers = new TreeMap<>();
            TreeSet<String> traders = new TreeSet<>();
            for (ClearingResult result : SlotContract.results(stub, state)) {
                for (Trade t : result.trades()) {
                    OrderRecord buy = order(stub, orders, state.slotKey(), t.buyOrderId());
                    OrderRecord sell = order(stub, orders, state.slotKey(), t.sellOrderId());
                    trades.add(new MatchedTrade(t.buyOrderId(), t.sellOrderId(), buy.participant(), sell.participant(),
                            t.wh(), t.price(), t.wheelingFee()));
                    sellers.put(sell.orderId(), new SellerInfo(sell.sourceType(), sell.location()));
                    traders.add(buy.participant());
                    traders.add(sell.participant());
                }
            }
            trades.sort(MatchedTrade.ORDER);
            return new SlotBook(trades, sellers, traders);
        }

        private static OrderRecord order(ChaincodeStub stub, Map<String, OrderRecord> cache, String slotKey, String id) {
            return cache.computeIfAbsent(id, k -> Ledger.get(stub, Keys.order(slotKey, k), OrderRecord.class));
        }
    }
}
