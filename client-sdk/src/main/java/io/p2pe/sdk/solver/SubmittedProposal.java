package io.p2pe.sdk.solver;

/**
 * A solver's proposal as the ledger stored it (without its trades).
 *
 * @param solver the solver's client id ({@code x509::<subject>::<issuer>})
 * @param proposalDigest SHA-256 of the proposal's canonical text
 * @param drawKey {@code sha256(inputDigest + "|" + proposalDigest)}: the smallest wins among equal scores
 * @param submittedAt the transaction timestamp
 */
public record SubmittedProposal(String slot, String solver, String solverMsp, String inputDigest, String proposalDigest,
                                String drawKey, ProposalScore score, int tradeCount, String submittedAt, String txId) {
}
