package io.p2pe.sdk;

/**
 * An order was placed ({@code OrderSubmitted}) or cancelled ({@code OrderCancelled}). The auction
 * is sealed, so the event tells that the order exists, not its side, quantity or price.
 *
 * <pre>{@code
 * public void onOrderSubmitted(OrderEvent e) {
 *     pending.remove(e.clientOrderId());
 * }
 * }</pre>
 *
 * @param name {@code OrderSubmitted} or {@code OrderCancelled}
 * @param orderId the ledger's order id
 * @param clientOrderId the owner's id for it (null in a cancellation)
 * @param participant the owner
 * @param slot the slot
 * @param byOperator whether the operator cancelled it (false for a submission)
 * @param transactionId the transaction
 * @param blockNumber its block
 */
public record OrderEvent(String name, String orderId, String clientOrderId, String participant, String slot,
                         boolean byOperator, String transactionId, long blockNumber) {
}
