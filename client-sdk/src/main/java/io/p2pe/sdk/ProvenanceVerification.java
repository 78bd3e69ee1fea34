package io.p2pe.sdk;

import java.util.List;

/**
 * The outcome of checking a provenance record against the ledger
 * ({@link AuditClient#verifyProvenance}): the record equals the ledger's, the slot's clearing
 * re-computes exactly, every source references a trade of that clearing between this consumer and
 * that generator with the same contracted quantity, no source delivers more than it contracted,
 * and the totals add up.
 *
 * <pre>{@code
 * ProvenanceVerification v = audit.verifyProvenance(record);
 * System.out.println(v.verified() ? "OK" : String.join("\n", v.problems()));
 * }</pre>
 *
 * @param consumer the consumer
 * @param slot the slot
 * @param clearing the re-computation of the slot's clearing
 * @param problems every mismatch found; empty when verified
 */
public record ProvenanceVerification(String consumer, String slot, ClearingVerification clearing,
                                     List<String> problems) {
    public ProvenanceVerification {
        problems = List.copyOf(problems);
    }

    /** True when neither the record nor the clearing it rests on shows a problem. */
    public boolean verified() {
        return problems.isEmpty() && clearing.verified();
    }
}
