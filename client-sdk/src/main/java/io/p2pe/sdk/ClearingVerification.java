package io.p2pe.sdk;

import java.util.List;

/**
 * The outcome of re-running the market engine on a slot's clearing inputs, which the ledger
 * rebuilds from the slot's orders ({@link AuditClient#verifyClearing}). {@link #verified()} is true when, for every clearing run,
 * the ledger's input is the canonical form of itself, the engine's result is byte-identical to the
 * stored result, and the input digest matches the digest in the result and in the slot's
 * summary; and the summary's totals are the runs' sums.
 *
 * <pre>{@code
 * ClearingVerification v = audit.verifyClearing(slot);
 * if (!v.verified()) v.problems().forEach(System.err::println);
 * }</pre>
 *
 * @param slot the slot
 * @param clearTxId the clearing transaction
 * @param segments one check per clearing run
 * @param problems every mismatch found, one line each; empty when verified
 */
public record ClearingVerification(String slot, String clearTxId, List<SegmentCheck> segments, List<String> problems) {
    public ClearingVerification {
        segments = List.copyOf(segments);
        problems = List.copyOf(problems);
    }

    /** True when no problem was found. */
    public boolean verified() {
        return problems.isEmpty();
    }

    /**
     * One clearing run re-computed.
     *
     * @param segment {@code renewable} or {@code main}
     * @param inputDigest the digest of the ledger's input, as computed now
     * @param resultIdentical whether the re-computed result text equals the stored one byte for byte
     */
    public record SegmentCheck(String segment, String inputDigest, boolean resultIdentical) {
    }
}
