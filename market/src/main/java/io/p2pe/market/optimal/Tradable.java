package io.p2pe.market.optimal;

import io.p2pe.market.optimal.PairClasses.PairClass;

/**
 * Which orders have at least one feasible counterparty ({@code price_i ≥ price_j + fee_ij}): the
 * orders over which MAX_MIN_SURPLUS takes its minimum. Computed on the pair classes in
 * {@code O(class membership)} rather than over all pairs: every pair of a class has its true fee
 * at most the class fee, and every pair is in some class at exactly its true fee, so an order is
 * tradable iff some class holding it has a counterparty within the class fee.
 */
public final class Tradable {
    private final boolean[] buys;
    private final boolean[] sells;

    private Tradable(boolean[] buys, boolean[] sells) {
        this.buys = buys;
        this.sells = sells;
    }

    public static Tradable of(Market m) {
        boolean[] buys = new boolean[m.buyCount];
        boolean[] sells = new boolean[m.sellCount];
        for (PairClass c : PairClasses.build(m)) {
            // Class members are in Book order: the first BUY bids most, the first SELL asks least.
            long maxBuy = m.buyPrice[c.buys()[0]];
            long minSell = m.sellPrice[c.sells()[0]];
            for (int i : c.buys()) {
                buys[i] |= m.buyPrice[i] - c.fee() >= minSell;
            }
            for (int j : c.sells()) {
                sells[j] |= m.sellPrice[j] <= maxBuy - c.fee();
            }
        }
        return new Tradable(buys, sells);
    }

    /** Whether BUY {@code i} (Book order) has a feasible SELL. */
    public boolean buy(int i) {
        return buys[i];
    }

    /** Whether SELL {@code j} (Book order) has a feasible BUY. */
    public boolean sell(int j) {
        return sells[j];
    }
}
