package io.p2pe.sdk.solver;

import java.util.List;

/**
 * A slot's proposals with their scores, and the outcome once the slot is finalized (for audit).
 *
 * @param windowEnds end of the proposal window (ISO-8601 UTC, market time)
 * @param outcome null until finalized
 */
public record SlotProposals(String slot, String status, String windowEnds, List<SubmittedProposal> proposals,
                            CompetitionOutcome outcome) {
    public SlotProposals {
        proposals = proposals == null ? List.of() : List.copyOf(proposals);
    }
}
