package io.p2pe.market.settlement;

/**
 * The retailer's prices, in ticks (0.01 JPY/kWh).
 *
 * @param retail what the retailer charges per kWh it supplies
 * @param buyBack what the retailer pays per kWh of energy fed in without a P2P contract
 */
public record Tariffs(long retail, long buyBack) {
    public Tariffs {
        if (retail < 0 || buyBack < 0) {
            throw new IllegalArgumentException("tariffs must not be negative");
        }
    }
}
