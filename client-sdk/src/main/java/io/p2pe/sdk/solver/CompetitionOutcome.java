package io.p2pe.sdk.solver;

/**
 * How a finalized OPTIMAL slot's competition ended.
 *
 * @param candidates how many competed (the engine's own result included, when it cleared the book)
 * @param runnerUp null when there was only one candidate
 * @param builtIn the engine's own candidate; null when it refused the book ({@code builtInRefusal} says why)
 */
public record CompetitionOutcome(String slot, String segment, String inputDigest, int candidates, Candidate winner,
                                 Candidate runnerUp, Candidate builtIn, String builtInRefusal, String finalizedAt,
                                 String txId) {

    /** The engine's label in {@link Candidate#solver()}. */
    public static final String BUILT_IN = "built-in";

    /**
     * One candidate.
     *
     * @param solver the solver's client id, or {@value CompetitionOutcome#BUILT_IN} for the engine
     * @param solverMsp null for the engine
     */
    public record Candidate(String solver, String solverMsp, String proposalDigest, String drawKey, ProposalScore score,
                            int tradeCount) {
        public boolean isBuiltIn() {
            return BUILT_IN.equals(solver);
        }
    }
}
