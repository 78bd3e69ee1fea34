package io.p2pe.sdk;

import io.p2pe.protocol.OrderRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an aggregator (a platform bidding for its households, e.g. a retailer's HEMS service) does
 * as its own identity: a certificate with role {@code aggregator} from an org the market
 * configuration allows for it, registered as a participant. It submits the orders of households
 * that authorised it ({@link ParticipantClient#authorizeAggregator}) many at a time, and may cancel
 * their orders while authorised. It never holds a household's key; each order stays the
 * household's.
 *
 * <pre>{@code
 * AggregatorClient agg = connection.aggregator();
 * List<OrderRecord> placed = agg.submitOrders(OrderBatch.builder()
 *         .add("RetailerOrgMSP:home-001", OrderRequest.sell("pv-1", slot, 1_200, 1_500))
 *         .build());
 * }</pre>
 */
public interface AggregatorClient {

    /** The aggregator's participant id, {@code <MSP id>:<p2pe.participant>}, from its certificate; null when none. */
    String aggregatorId();

    /**
     * Submits a batch in one transaction: every order stored, or none. Idempotent per order (each
     * household's clientOrderId): repeating a batch returns the orders stored first, so transient
     * failures are retried by the connection's {@link RetryPolicy}.
     *
     * @return the stored orders, in batch order
     * @throws EndorsementRejectedException e.g. {@code FORBIDDEN} (a household has not authorised
     *     this aggregator, or revoked it; or the caller is not an accepted aggregator),
     *     {@code BOTH_SIDES}, {@code SLOT_CLOSED}, {@code BEYOND_LIMITS}; the message names the
     *     order's index ({@link OrderBatch#refusedIndex})
     * @throws CommitFailedException e.g. {@code MVCC_READ_CONFLICT} when a concurrent transaction of
     *     one of its households (or a revocation) committed first, after the retries
     */
    List<OrderRecord> submitOrders(OrderBatch batch) throws P2peException;

    /** {@link #submitOrders} on the connection's executor. */
    CompletableFuture<List<OrderRecord>> submitOrdersAsync(OrderBatch batch);

    /**
     * Cancels an open order of a household that authorises this aggregator.
     *
     * @throws EndorsementRejectedException {@code FORBIDDEN} when the household has not authorised
     *     it, {@code INVALID_STATE}, {@code SLOT_CLOSED}
     */
    OrderRecord cancelOrder(String orderId) throws P2peException;
}
