package io.p2pe.market;

/** Which side of the book an order is on. */
public enum Side {
    BUY,
    SELL
}
