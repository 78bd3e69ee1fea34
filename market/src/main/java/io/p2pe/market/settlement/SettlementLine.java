package io.p2pe.market.settlement;

/**
 * One participant's settlement for one slot. Energy in Wh; money in 1e-5 JPY (Wh × ticks), positive
 * = the participant pays.
 *
 * @param importedWh metered import
 * @param exportedWh metered export
 * @param boughtWh P2P energy bought (sum of its BUY trades)
 * @param soldWh P2P energy sold (sum of its SELL trades)
 * @param p2pCost paid to sellers and for wheeling: Σ wh × (price + wheelingFee)
 * @param p2pRevenue received from buyers: Σ wh × price
 * @param wheelingFees the wheeling part of {@code p2pCost}: Σ wh × wheelingFee
 * @param imbalanceWh bought but not consumed ({@code max(0, bought − imported)}) plus sold but not
 *     exported ({@code max(0, sold − exported)})
 * @param retailSuppliedWh supplied by the retailer: {@code max(0, imported − bought) + max(0, sold − exported)}
 * @param retailCost {@code retailSuppliedWh × retail}
 * @param buyBackWh taken by the retailer: {@code max(0, exported − sold) + max(0, bought − imported)}
 * @param buyBackCredit {@code buyBackWh × buyBack}
 * @param netCost {@code p2pCost − p2pRevenue + retailCost − buyBackCredit}
 * @param baselineCost the grid-only baseline: {@code imported × retail − exported × buyBack}
 * @param savings {@code baselineCost − netCost}
 */
public record SettlementLine(String participant, long importedWh, long exportedWh, long boughtWh, long soldWh,
                             long p2pCost, long p2pRevenue, long wheelingFees, long imbalanceWh,
                             long retailSuppliedWh, long retailCost, long buyBackWh, long buyBackCredit,
                             long netCost, long baselineCost, long savings) {
}
