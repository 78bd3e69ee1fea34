package io.p2pe.market;

import io.p2pe.market.optimal.Allocation;
import io.p2pe.market.optimal.Market;
import io.p2pe.market.optimal.MinSurplus;
import io.p2pe.market.optimal.OptimalAllocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** OPTIMAL clearing (Javadoc being written). */
public final class OptimalClearing implements ClearingMechanism {
    private final Objective objective;

    public OptimalClearing(Objective objective) {
        this.objective = Objects.requireNonNull(objective, "objective");
    }

    @Override
    public Outcome clear(Book book) {
        Market m = Market.of(book);
        List<Allocation> allocations = switch (objective) {
            case MAX_WELFARE -> OptimalAllocation.maxWelfare(m);
            case MAX_VOLUME -> OptimalAllocation.maxVolume(m);
            case MAX_MIN_SURPLUS -> minSurplus(m);
        };
        List<Trade> trades = new ArrayList<>(allocations.size());
        for (Allocation a : allocations) {
            trades.add(new Trade(m.buyId(a.buy()), m.sellId(a.sell()), a.wh(), m.tradePrice(a.buy(), a.sell()),
                    m.fee(a.buy(), a.sell())));
        }
        trades.sort(Comparator.comparing(Trade::buyOrderId).thenComparing(Trade::sellOrderId));
        return new Outcome(null, trades);
    }

    private static List<Allocation> minSurplus(Market m) {
        MinSurplus.Result r = OptimalAllocation.maxMinSurplus(m);
        if (r.status() != MinSurplus.Status.SOLVED) {
            throw new IllegalStateException("MAX_MIN_SURPLUS refused: " + r.status() + " " + r.detail());
        }
        return r.allocations();
    }
}
