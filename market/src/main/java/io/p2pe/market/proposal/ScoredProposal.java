package io.p2pe.market.proposal;

import io.p2pe.market.Trade;
import java.util.List;

/**
 * A proposal that passed every check, with its exact score.
 *
 * @param proposalDigest lowercase hex SHA-256 of {@link ProposalJson#canonical}
 * @param drawKey lowercase hex {@code sha256(inputDigest + "|" + proposalDigest)}: among equal
 *     scores the smallest wins
 * @param trades the proposal's trades as the engine writes them (price {@code p_ij}, fee
 *     {@code fee_ij}), sorted by (buyOrderId, sellOrderId)
 */
public record ScoredProposal(Proposal proposal, String proposalDigest, String drawKey, Score score,
                             List<Trade> trades) {
    public ScoredProposal {
        trades = List.copyOf(trades);
    }
}
