package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.AggregatorAuthorization;
import io.p2pe.protocol.LedgerClock;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What participant software (a home energy management system, an EV charger, a building's BEMS)
 * does on the exchange as its own identity: place and cancel orders, read its orders, the sealed
 * book once the gate has closed, the clearing and its own trades. Every method blocks; the
 * {@code …Async} forms run on the connection's executor and complete exceptionally with the same
 * {@link P2peException} (wrapped in a {@link java.util.concurrent.CompletionException}).
 *
 * <pre>{@code
 * ParticipantClient me = connection.participant();
 * MarketSettings market = me.marketSettings();
 * Slot slot = market.firstOpenSlot(Instant.now()).next();
 * OrderRecord placed = me.submitOrder(OrderRequest.buy("ev-charge-0001", slot, 3_000, 2_000));
 * // … after gate closure and clearing:
 * List<MyTrade> trades = me.myTrades(slot);
 * }</pre>
 */
public interface ParticipantClient {

    /**
     * The connected identity's participant id, {@code <MSP id>:<p2pe.participant>}, read from its
     * certificate; null when the certificate names no participant.
     */
    String participantId();

    /** Who the chaincode takes the caller for: role, whether it is accepted, registration. */
    CallerInfo whoAmI() throws P2peException;

    /** The market configuration in force. */
    MarketSettings marketSettings() throws P2peException;

    /**
     * The market clock: its mode and, in {@link io.p2pe.protocol.ClockMode#LEDGER} mode, the
     * ledger time the chaincode's time rules use (null until the operator first advances it).
     */
    LedgerClock ledgerClock() throws P2peException;

    /**
     * "Now" as the chaincode's time rules see it, for choosing slots: the ledger time in
     * {@link io.p2pe.protocol.ClockMode#LEDGER} mode, this machine's clock in TIMESTAMP mode (the
     * peers accept transaction timestamps within their window of it). Empty in LEDGER mode until
     * the operator first advances the clock: no time rule passes then.
     */
    java.util.Optional<java.time.Instant> marketTime() throws P2peException;

    /**
     * Places an order; idempotent on {@link OrderRequest#clientOrderId()}: a repeated request
     * returns the order placed first and never creates another. Transient failures are retried
     * by the connection's {@link RetryPolicy}, also when the first attempt's fate is unknown.
     *
     * @throws EndorsementRejectedException e.g. {@code SLOT_CLOSED}, {@code OUT_OF_RANGE},
     *     {@code BOTH_SIDES}, {@code DUPLICATE_CLIENT_ORDER_ID}, {@code FORBIDDEN}
     * @throws CommitFailedException if the slot closed between endorsement and commit
     *     ({@code MVCC_READ_CONFLICT} after the retries)
     */
    OrderRecord submitOrder(OrderRequest request) throws P2peException;

    /** {@link #submitOrder} on the connection's executor. */
    CompletableFuture<OrderRecord> submitOrderAsync(OrderRequest request);

    /**
     * Cancels an open order before its slot's gate closes.
     *
     * @param orderId the ledger's order id ({@link OrderRecord#orderId()})
     * @throws EndorsementRejectedException e.g. {@code INVALID_STATE} (already cancelled),
     *     {@code SLOT_CLOSED}, {@code FORBIDDEN} (another participant's order)
     */
    OrderRecord cancelOrder(String orderId) throws P2peException;

    /** {@link #cancelOrder} on the connection's executor. */
    CompletableFuture<OrderRecord> cancelOrderAsync(String orderId);

    /**
     * Authorises an aggregator (a registered participant whose certificate carries role
     * {@code aggregator}) to submit and cancel this participant's orders, until revoked; the
     * orders stay this participant's. Authorising again returns the stored authorisation.
     *
     * @param aggregatorId the aggregator's participant id, {@code <MSP id>:<local id>}
     * @throws EndorsementRejectedException {@code NOT_FOUND} (not registered), {@code CONFLICT}
     *     (itself, or an org that may not hold role aggregator)
     */
    AggregatorAuthorization authorizeAggregator(String aggregatorId) throws P2peException;

    /**
     * Withdraws an aggregator's authorisation: its later batches and cancellations for this
     * participant are refused ({@code FORBIDDEN}); orders it placed stay open.
     *
     * @return the authorisation withdrawn
     * @throws EndorsementRejectedException {@code NOT_FOUND} when it was not authorised
     */
    AggregatorAuthorization revokeAggregator(String aggregatorId) throws P2peException;

    /** One order, with its fill once the slot is cleared. */
    OrderRecord order(String orderId) throws P2peException;

    /** The participant's orders in a slot, by order id, with fills once cleared. */
    List<OrderRecord> myOrders(Slot slot) throws P2peException;

    /** {@link #myOrders(Slot)} on the connection's executor. */
    CompletableFuture<List<OrderRecord>> myOrdersAsync(Slot slot);

    /** Every order of the participant, by slot then order id. */
    List<OrderRecord> myOrders() throws P2peException;

    /**
     * A slot's whole book, by order id. Sealed until the slot closes: before that only the
     * operator and auditors may read it ({@code FORBIDDEN}).
     */
    List<OrderRecord> slotBook(Slot slot) throws P2peException;

    /** {@link #slotBook} on the connection's executor. */
    CompletableFuture<List<OrderRecord>> slotBookAsync(Slot slot);

    /** A slot's lifecycle state (OPEN with its gate closure, CLOSED, CLEARED, SETTLED). */
    SlotState slot(Slot slot) throws P2peException;

    /**
     * The slot's stored clearing: summary and exact engine input and result texts.
     *
     * @throws EndorsementRejectedException {@code NOT_FOUND} until the slot is cleared
     */
    ClearingRecord clearingResult(Slot slot) throws P2peException;

    /** {@link #clearingResult} on the connection's executor. */
    CompletableFuture<ClearingRecord> clearingResultAsync(Slot slot);

    /** The participant's trades in a cleared slot. */
    List<MyTrade> myTrades(Slot slot) throws P2peException;

    /** {@link #myTrades} on the connection's executor. */
    CompletableFuture<List<MyTrade>> myTradesAsync(Slot slot);

    /**
     * The participant's settlement of a settled slot.
     *
     * @throws EndorsementRejectedException {@code NOT_FOUND} until the slot is settled
     */
    SettlementRecord settlement(Slot slot) throws P2peException;

    /** {@link #settlement} on the connection's executor. */
    CompletableFuture<SettlementRecord> settlementAsync(Slot slot);

    /**
     * The participant's settlement lines of settled slots {@code from}..{@code to}, inclusive, by
     * slot (every page).
     *
     * @throws EndorsementRejectedException {@code OUT_OF_RANGE} when {@code from} is after {@code to}
     */
    List<SettlementRecord> settlements(Slot from, Slot to) throws P2peException;

    /**
     * Where the participant's P2P energy of a settled slot came from.
     *
     * @throws EndorsementRejectedException {@code NOT_FOUND} when it bought nothing P2P or the
     *     slot is not settled
     */
    ProvenanceRecord provenance(Slot slot) throws P2peException;

    /** {@link #provenance} on the connection's executor. */
    CompletableFuture<ProvenanceRecord> provenanceAsync(Slot slot);

    /** The participant's renewable share and CO2 avoided over settled slots {@code from}..{@code to}, inclusive. */
    RenewableShare renewableShare(Slot from, Slot to) throws P2peException;

    /** {@link #renewableShare} on the connection's executor. */
    CompletableFuture<RenewableShare> renewableShareAsync(Slot from, Slot to);
}
