package io.p2pe.sdk;

import io.p2pe.market.ClearingResult;
import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.market.Trade;
import io.p2pe.protocol.AggregatorAuthorization;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.LedgerClock;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.OrderBookMode;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SealedOrderFormat;
import io.p2pe.protocol.SealingKey;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

final class GatewayParticipantClient implements ParticipantClient {
    private final ClientSupport support;

    GatewayParticipantClient(ClientSupport support) {
        this.support = support;
    }

    @Override
    public String participantId() {
        return support.identity.participantId();
    }

    @Override
    public CallerInfo whoAmI() throws P2peException {
        return support.evaluate(CallerInfo.class, Contracts.Participant.NAME, Contracts.Participant.WHO_AM_I);
    }

    @Override
    public LedgerClock ledgerClock() throws P2peException {
        return support.evaluate(LedgerClock.class, Contracts.Config.NAME, Contracts.Config.GET_MARKET_CLOCK);
    }

    @Override
    public java.util.Optional<java.time.Instant> marketTime() throws P2peException {
        LedgerClock clock = ledgerClock();
        if (clock.clockMode() != io.p2pe.protocol.ClockMode.LEDGER) {
            return java.util.Optional.of(java.time.Instant.now());
        }
        return java.util.Optional.ofNullable(clock.ledgerTime()).map(java.time.Instant::parse);
    }

    @Override
    public MarketSettings marketSettings() throws P2peException {
        return support.evaluate(MarketSettings.class, Contracts.Config.NAME, Contracts.Config.GET_MARKET_CONFIG);
    }

    static String orderJson(OrderRequest r) {
        return Json.write(orderFields(r));
    }

    /** An order's fields as SubmitOrder takes them (SubmitOrders adds the household's id). */
    static Map<String, Object> orderFields(OrderRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientOrderId", r.clientOrderId());
        m.put("slot", r.slot().toString());
        m.put("side", r.side().name());
        m.put("wh", r.wh());
        m.put("price", r.price());
        if (r.renewableOnly()) {
            m.put("renewableOnly", true);
        }
        if (r.sourceType() != null) {
            m.put("sourceType", r.sourceType());
        }
        return m;
    }

    /** The market's order book mode, read once; refreshed when the chaincode says it changed. */
    private volatile OrderBookMode orderBook;
    /** The own org's sealing key, read once; refreshed when the chaincode says it was replaced. */
    private volatile SealingKey sealingKey;

    @Override
    public OrderRecord submitOrder(OrderRequest request) throws P2peException {
        Objects.requireNonNull(request, "request");
        OrderBookMode mode = orderBook;
        if (mode == null) {
            mode = marketSettings().orderBook();
            orderBook = mode;
        }
        try {
            return mode == OrderBookMode.SEALED ? submitSealed(request, false) : submitClear(request);
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.INVALID_STATE
                    || !e.chaincodeMessage().contains("(market config orderBook)")) {
                throw e;
            }
            orderBook = marketSettings().orderBook();
            return orderBook == OrderBookMode.SEALED ? submitSealed(request, false) : submitClear(request);
        }
    }

    private OrderRecord submitClear(OrderRequest request) throws P2peException {
        return support.submit(OrderRecord.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Order.NAME, Contracts.Order.SUBMIT_ORDER,
                orderJson(request));
    }

    /**
     * Seals the order to the org's key (docs/privacy.md): the salt is derived from the identity's
     * private key and the order, so a repeated request repeats the commitment (a retry).
     */
    private OrderRecord submitSealed(OrderRequest r, boolean keyRefreshed) throws P2peException {
        SealingKey key = sealingKey;
        if (key == null || keyRefreshed) {
            key = support.evaluate(SealingKey.class, Contracts.Order.NAME, Contracts.Order.GET_SEALING_KEY,
                    support.identity.mspId());
            sealingKey = key;
        }
        String me = me();
        String orderId = SealedOrders.orderId(r.slot(), me, r.clientOrderId());
        byte[] canonical = SealedOrders.canonical(orderId, me, r);
        SealedOrders.Sealed sealed = SealedOrders.seal(orderId, canonical,
                SealedOrders.derivedSalt(support.identity.privateKey(), canonical), key.keyId(),
                SealedOrderFormat.p256PublicKey(key.publicKey()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientOrderId", r.clientOrderId());
        m.put("slot", r.slot().toString());
        m.put("commitment", sealed.commitment());
        m.put("keyId", sealed.keyId());
        m.put("ciphertext", sealed.ciphertext());
        try {
            return support.submit(OrderRecord.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Order.NAME,
                    Contracts.Order.SUBMIT_SEALED_ORDER, Json.write(m));
        } catch (EndorsementRejectedException e) {
            if (keyRefreshed || e.errorCode().orElse(null) != ErrorCode.CONFLICT
                    || !e.chaincodeMessage().contains("is not the current sealing key")) {
                throw e;
            }
            return submitSealed(r, true);
        }
    }

    @Override
    public CompletableFuture<OrderRecord> submitOrderAsync(OrderRequest request) {
        Objects.requireNonNull(request, "request");
        return support.async(() -> submitOrder(request));
    }

    @Override
    public OrderRecord cancelOrder(String orderId) throws P2peException {
        Objects.requireNonNull(orderId, "orderId");
        return support.submit(OrderRecord.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Order.NAME, Contracts.Order.CANCEL_ORDER, orderId);
    }

    @Override
    public CompletableFuture<OrderRecord> cancelOrderAsync(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        return support.async(() -> cancelOrder(orderId));
    }

    @Override
    public AggregatorAuthorization authorizeAggregator(String aggregatorId) throws P2peException {
        Objects.requireNonNull(aggregatorId, "aggregatorId");
        return support.submit(AggregatorAuthorization.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Order.NAME,
                Contracts.Order.AUTHORIZE_AGGREGATOR, aggregatorId);
    }

    @Override
    public AggregatorAuthorization revokeAggregator(String aggregatorId) throws P2peException {
        Objects.requireNonNull(aggregatorId, "aggregatorId");
        return support.submit(AggregatorAuthorization.class, Ledger.Idempotency.NOT_IDEMPOTENT, Contracts.Order.NAME,
                Contracts.Order.REVOKE_AGGREGATOR, aggregatorId);
    }

    @Override
    public OrderRecord order(String orderId) throws P2peException {
        Objects.requireNonNull(orderId, "orderId");
        return support.evaluate(OrderRecord.class, Contracts.Order.NAME, Contracts.Order.GET_ORDER, orderId);
    }

    @Override
    public List<OrderRecord> myOrders(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.allPages(OrderRecord.class, Contracts.Order.NAME, Contracts.Order.LIST_MY_ORDERS, slot.toString());
    }

    @Override
    public CompletableFuture<List<OrderRecord>> myOrdersAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> myOrders(slot));
    }

    @Override
    public List<OrderRecord> myOrders() throws P2peException {
        return support.allPages(OrderRecord.class, Contracts.Order.NAME, Contracts.Order.LIST_MY_ORDERS, "");
    }

    @Override
    public List<OrderRecord> slotBook(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.allPages(OrderRecord.class, Contracts.Order.NAME, Contracts.Order.GET_SLOT_BOOK, slot.toString());
    }

    @Override
    public CompletableFuture<List<OrderRecord>> slotBookAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> slotBook(slot));
    }

    @Override
    public SlotState slot(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.evaluate(SlotState.class, Contracts.Slot.NAME, Contracts.Slot.GET_SLOT, slot.toString());
    }

    @Override
    public ClearingRecord clearingResult(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.evaluate(ClearingRecord.class, Contracts.Slot.NAME, Contracts.Slot.GET_CLEARING_RESULT, slot.toString());
    }

    @Override
    public CompletableFuture<ClearingRecord> clearingResultAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> clearingResult(slot));
    }

    @Override
    public List<MyTrade> myTrades(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        Map<String, Side> mine = new TreeMap<>();
        for (OrderRecord o : myOrders(slot)) {
            mine.put(o.orderId(), o.side());
        }
        return tradesOf(clearingResult(slot), mine);
    }

    /** The trades of a clearing that involve one of {@code mine} (order id → side), in result order. */
    static List<MyTrade> tradesOf(ClearingRecord clearing, Map<String, Side> mine) throws UnexpectedResponseException {
        List<MyTrade> out = new ArrayList<>();
        List<ClearingResult> results = clearing.results();
        for (int i = 0; i < results.size(); i++) {
            String segment = clearing.segments().get(i).segment();
            for (Trade t : results.get(i).trades()) {
                if (mine.get(t.buyOrderId()) == Side.BUY) {
                    out.add(new MyTrade(clearing.slot(), segment, t.buyOrderId(), Side.BUY, t.sellOrderId(), t.wh(),
                            t.price(), t.wheelingFee()));
                }
                if (mine.get(t.sellOrderId()) == Side.SELL) {
                    out.add(new MyTrade(clearing.slot(), segment, t.sellOrderId(), Side.SELL, t.buyOrderId(), t.wh(),
                            t.price(), t.wheelingFee()));
                }
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<List<MyTrade>> myTradesAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> myTrades(slot));
    }

    private String me() throws ConfigurationException {
        String id = participantId();
        if (id == null) {
            throw new ConfigurationException("the connected certificate names no participant (attribute p2pe.participant)",
                    null);
        }
        return id;
    }

    @Override
    public SettlementRecord settlement(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.evaluate(SettlementRecord.class, Contracts.Settlement.NAME, Contracts.Settlement.GET_SETTLEMENT, me(), slot.toString());
    }

    @Override
    public CompletableFuture<SettlementRecord> settlementAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> settlement(slot));
    }

    @Override
    public List<SettlementRecord> settlements(Slot from, Slot to) throws P2peException {
        return settlementsOf(support, me(), from, to);
    }

    static List<SettlementRecord> settlementsOf(ClientSupport support, String participant, Slot from, Slot to)
            throws P2peException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return support.allPages(SettlementRecord.class, Contracts.Settlement.NAME, Contracts.Settlement.LIST_SETTLEMENTS,
                participant, from.toString(), to.toString());
    }

    @Override
    public ProvenanceRecord provenance(Slot slot) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        return support.evaluate(ProvenanceRecord.class, Contracts.Provenance.NAME, Contracts.Provenance.GET_PROVENANCE, me(), slot.toString());
    }

    @Override
    public CompletableFuture<ProvenanceRecord> provenanceAsync(Slot slot) {
        Objects.requireNonNull(slot, "slot");
        return support.async(() -> provenance(slot));
    }

    @Override
    public RenewableShare renewableShare(Slot from, Slot to) throws P2peException {
        return renewableShareOf(support, me(), from, to);
    }

    static RenewableShare renewableShareOf(ClientSupport support, String participant, Slot from, Slot to)
            throws P2peException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return support.evaluate(RenewableShare.class, Contracts.Provenance.NAME, Contracts.Provenance.GET_RENEWABLE_SHARE, participant, from.toString(),
                to.toString());
    }

    @Override
    public CompletableFuture<RenewableShare> renewableShareAsync(Slot from, Slot to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return support.async(() -> renewableShare(from, to));
    }
}
