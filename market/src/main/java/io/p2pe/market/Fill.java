package io.p2pe.market;

/** How much of one order was matched. */
public record Fill(String orderId, long filledWh) {
}
