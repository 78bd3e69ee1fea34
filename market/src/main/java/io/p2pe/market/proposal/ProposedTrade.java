package io.p2pe.market.proposal;

import java.util.Objects;

/**
 * One trade of a proposal: Wh from a SELL to a BUY. Its price and wheeling fee are implied by the
 * book ({@code p_ij}, {@code fee_ij} of the OPTIMAL rules), so a solver cannot misstate them.
 */
public record ProposedTrade(String buyOrderId, String sellOrderId, long wh) {
    public ProposedTrade {
        Objects.requireNonNull(buyOrderId, "buyOrderId");
        Objects.requireNonNull(sellOrderId, "sellOrderId");
    }
}
