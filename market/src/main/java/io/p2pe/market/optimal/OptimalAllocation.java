package io.p2pe.market.optimal;

import java.util.List;

/** Entry points of the OPTIMAL solvers (being written). */
public final class OptimalAllocation {
    private OptimalAllocation() {
    }

    public static List<Allocation> maxWelfare(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), false);
    }

    public static List<Allocation> maxVolume(Market m) {
        return PairFlow.optimise(m, PairClasses.build(m), true);
    }

    public static List<Allocation> maxMinSurplus(Market m) {
        throw new UnsupportedOperationException("not yet");
    }
}
