package io.p2pe.market.proposal;

import java.util.List;
import java.util.Objects;

/**
 * A matching proposed for one closed OPTIMAL slot's book (see docs/market-rules.md, "Proposals").
 *
 * @param inputDigest the digest of the book it is for ({@link io.p2pe.market.MarketJson#inputDigest})
 * @param trades in any order; {@link ProposalJson#canonical} sorts them
 */
public record Proposal(String slot, String inputDigest, List<ProposedTrade> trades) {
    public Proposal {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(inputDigest, "inputDigest");
        trades = List.copyOf(trades);
    }
}
