package io.p2pe.market.optimal;

import java.util.List;

/**
 * Entry points of the OPTIMAL solvers, used by {@link io.p2pe.market.OptimalClearing} (which
 * documents the methods); allocations are in Book order of (BUY, SELL) and sum the Wh of a pair.
 */
public final class OptimalAllocation {
    private OptimalAllocation() {
    }

    /** Maximum surplus, then maximum volume, then the rank tie-break of {@link PairFlow#optimise}. */
    public static List<Allocation> maxWelfare(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), false);
    }

    /** Maximum volume, then maximum surplus, then the rank tie-break of {@link PairFlow#optimise}. */
    public static List<Allocation> maxVolume(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), true);
    }

    /** Maximum smallest surplus rate, then surplus, then volume; or a refusal (see {@link MinSurplus}). */
    public static MinSurplus.Result maxMinSurplus(Market m) {
        return MinSurplus.solve(m, PairClasses.build(m));
    }
}
