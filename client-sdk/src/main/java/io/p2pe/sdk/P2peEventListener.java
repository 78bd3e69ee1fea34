package io.p2pe.sdk;

/**
 * Receives the exchange's chaincode events, typed. Override the methods of interest; each event
 * reaches {@link #onEvent} first and then its typed method. Methods are called on the
 * subscription's thread, one event at a time, in ledger order. An event counts as processed (and
 * is checkpointed) only when its methods return normally: if one throws, the subscription stops,
 * {@link #onFailure} is called, and the event is delivered again to the next subscription with
 * the same checkpoint.
 *
 * <pre>{@code
 * P2peEventListener listener = new P2peEventListener() {
 *     public void onSlotCleared(SlotEvent e) { refreshTrades(e.slot()); }
 *     public void onOrderSubmitted(OrderEvent e) { confirm(e.clientOrderId()); }
 * };
 * }</pre>
 */
public interface P2peEventListener {

    /** Every event, untyped, before its typed method. */
    default void onEvent(LedgerEvent event) {
    }

    /** {@code OrderSubmitted}. */
    default void onOrderSubmitted(OrderEvent event) {
    }

    /** {@code OrderCancelled}. */
    default void onOrderCancelled(OrderEvent event) {
    }

    /** {@code SlotClosed}. */
    default void onSlotClosed(SlotEvent event) {
    }

    /** {@code SlotCleared}. */
    default void onSlotCleared(SlotEvent event) {
    }

    /** {@code SlotSettled}. */
    default void onSlotSettled(SlotEvent event) {
    }

    /** The subscription stopped on a failure that reconnecting cannot cure. */
    default void onFailure(P2peException failure) {
    }
}
