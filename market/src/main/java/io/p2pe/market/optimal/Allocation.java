package io.p2pe.market.optimal;

/**
 * {@code wh} Wh allocated between BUY {@code buy} and SELL {@code sell}, indices in Book order
 * (see {@link Market}).
 */
record Allocation(int buy, int sell, long wh) {
}
