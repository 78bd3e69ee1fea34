package io.p2pe.market.optimal;

import java.util.List;

/**
 * The OPTIMAL solvers by objective, for {@link OptimalTrades}; allocations are in Book order of (BUY, SELL) and sum the Wh of a pair.
 */
final class OptimalAllocation {
    private OptimalAllocation() {
    }

    /** Maximum surplus, then maximum volume, then the rank tie-break of {@link PairFlow#optimise}. */
    static List<Allocation> maxWelfare(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), false);
    }

    /** Maximum volume, then maximum surplus, then the rank tie-break of {@link PairFlow#optimise}. */
    static List<Allocation> maxVolume(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), true);
    }

    /** Smallest surplus rate raised within the LP bound, then surplus (see {@link MinSurplus}). */
    static List<Allocation> maxMinSurplus(Market m) {
        return MinSurplus.solve(m, PairClasses.build(m));
    }
}
