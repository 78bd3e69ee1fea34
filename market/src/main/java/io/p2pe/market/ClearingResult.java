package io.p2pe.market;

import java.util.List;

/**
 * The outcome of clearing one slot.
 *
 * @param objective null unless the mechanism is OPTIMAL
 * @param clearingPrice the uniform price in ticks, or null (no trades, or a pairwise mechanism)
 * @param surplus total surplus in money units (Wh × ticks = 1e-5 JPY)
 * @param trades sorted by (buyOrderId, sellOrderId)
 * @param fills one per input order, sorted by order id
 * @param inputDigest lowercase hex SHA-256 of the canonical input
 */
public record ClearingResult(String slot, Mechanism mechanism, Objective objective, Long clearingPrice,
                             long volumeWh, long surplus, List<Trade> trades, List<Fill> fills,
                             String inputDigest) {
    public ClearingResult {
        trades = List.copyOf(trades);
        fills = List.copyOf(fills);
    }
}
