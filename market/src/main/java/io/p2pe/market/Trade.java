package io.p2pe.market;

/**
 * A matched quantity between one BUY and one SELL.
 *
 * @param price what the seller receives per kWh, in ticks
 * @param wheelingFee the network fee per kWh in ticks; the buyer pays {@code price + wheelingFee}
 */
public record Trade(String buyOrderId, String sellOrderId, long wh, long price, long wheelingFee) {
}
