package io.p2pe.market.optimal;

import io.p2pe.market.Book;
import io.p2pe.market.Objective;
import io.p2pe.market.Trade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one entry point of the OPTIMAL solvers (everything else in this package is internal), used
 * by {@link io.p2pe.market.OptimalClearing}, which documents the methods.
 */
public final class OptimalTrades {
    private OptimalTrades() {
    }

    /** The trades of the objective's allocation, sorted by (buyOrderId, sellOrderId). */
    public static List<Trade> of(Book book, Objective objective) {
        Market m = Market.of(book);
        List<Allocation> allocations = switch (objective) {
            case MAX_WELFARE -> OptimalAllocation.maxWelfare(m);
            case MAX_VOLUME -> OptimalAllocation.maxVolume(m);
            case MAX_MIN_SURPLUS -> OptimalAllocation.maxMinSurplus(m);
        };
        List<Trade> trades = new ArrayList<>(allocations.size());
        for (Allocation a : allocations) {
            trades.add(new Trade(m.buyId(a.buy()), m.sellId(a.sell()), a.wh(), m.tradePrice(a.buy(), a.sell()),
                    m.fee(a.buy(), a.sell())));
        }
        trades.sort(Comparator.comparing(Trade::buyOrderId).thenComparing(Trade::sellOrderId));
        return trades;
    }

    /**
     * Which orders of the book have at least one feasible counterparty (the orders over which
     * MAX_MIN_SURPLUS takes its minimum), by the book's buy and sell indices.
     */
    public static Tradable tradable(Book book) {
        return Tradable.of(Market.of(book));
    }
}
