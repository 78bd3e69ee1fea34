package io.p2pe.sdk.solver;

import io.p2pe.market.ClearingInput;
import java.time.Instant;

/**
 * The book a closed OPTIMAL slot's proposals compete for (its main clearing segment).
 *
 * @param status CLOSED while proposals are taken, then CLEARED or SETTLED
 * @param windowEnds the market time after which proposals are refused
 * @param inputDigest the digest every proposal must name
 * @param input the book, exactly as the ledger scores proposals against it
 */
public record ProposalBook(String slot, String status, Instant windowEnds, String inputDigest, ClearingInput input) {
}
