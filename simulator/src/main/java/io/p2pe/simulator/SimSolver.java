package io.p2pe.simulator;

import io.p2pe.sdk.solver.LpMinSurplusMethod;
import io.p2pe.sdk.solver.ProposalMethod;
import io.p2pe.sdk.solver.ProposalMethods;
import java.util.List;

/**
 * A solver the simulation runs with {@code --clearing proposals}: one per peer org of the base
 * network, each with its own identity (role {@code solver}) and a different method, so the
 * report shows how the methods fare against each other and against the ledger's own engine.
 *
 * @param org its org
 * @param name its identity's name in the org's connection profile (also its certificate's CN)
 * @param method what the report calls its method
 * @param impl the method
 */
public record SimSolver(String org, String name, String method, ProposalMethod impl) {
    /** Its org's MSP id. */
    public String mspId() {
        return org + "MSP";
    }

    /**
     * The day's solvers: the engine's own exact methods at ExchangeOrg (a tie with the built-in,
     * decided by the draw), a randomized greedy matching drawn from the run's seed at RetailerOrg,
     * and the LP method for MAX_MIN_SURPLUS (the engine's result for the other objectives) at GridOrg.
     */
    public static List<SimSolver> forDay(long seed) {
        return List.of(
                new SimSolver("ExchangeOrg", "sim-solver-engine", "engine", ProposalMethods.engine()),
                new SimSolver("RetailerOrg", "sim-solver-greedy", "greedy (seed " + seed + ")",
                        ProposalMethods.greedy(seed)),
                new SimSolver("GridOrg", "sim-solver-lp", "LP (ojalgo)", new LpMinSurplusMethod()));
    }
}
