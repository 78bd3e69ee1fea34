package io.p2pe.protocol;

/**
 * How orders reach the ledger (market config {@code orderBook}, docs/privacy.md).
 */
public enum OrderBookMode {
    /** Orders in clear (SubmitOrder, SubmitOrders): every org's peers store side, Wh and price at once. */
    OPEN,
    /**
     * Orders encrypted to the owner org's sealing key with a salted commitment (SubmitSealedOrder),
     * revealed by the owner org after gate closure (RevealOrders); the recommended setting.
     */
    SEALED
}
