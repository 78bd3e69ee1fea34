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
        return trades(m, allocations);
    }

    /**
     * The book's BUYs grouped as MAX_MIN_SURPLUS merges identical orders (same limit price and
     * location): each group the Book indices of its members, ascending; groups in Book order of
     * their first member. For off-chain solvers that solve the merged book and split it back with
     * {@link #splitIdentical}.
     */
    public static int[][] identicalBuys(Book book) {
        return IdenticalOrders.of(Market.of(book)).buyGroups();
    }

    /** The book's SELLs grouped as {@link #identicalBuys}. */
    public static int[][] identicalSells(Book book) {
        return IdenticalOrders.of(Market.of(book)).sellGroups();
    }

    /**
     * An allocation between merged orders split back to the book's orders as the engine splits
     * its own (largest remainder by Wh, each member taking from both ends of its merged order's
     * trades sorted by share; see the rules' §7 and docs/benchmarks.md): {@code wh[k]} Wh between
     * BUY group {@code buyGroup[k]} and SELL group {@code sellGroup[k]} (indices into
     * {@link #identicalBuys} and {@link #identicalSells}). Every member's rate is then within
     * about one pair's share over its Wh of its group's rate, and a member trades with at most the
     * counterparties its group trades with plus two, so the trades are about as many as the
     * merged pairs plus twice the orders. Trades sorted by (buyOrderId, sellOrderId).
     *
     * @throws IllegalArgumentException when an index is out of range, a {@code wh} negative, or a
     *     group's Wh exceeded
     */
    public static List<Trade> splitIdentical(Book book, int[] buyGroup, int[] sellGroup, long[] wh) {
        if (buyGroup.length != sellGroup.length || buyGroup.length != wh.length) {
            throw new IllegalArgumentException("buyGroup, sellGroup and wh differ in length");
        }
        Market m = Market.of(book);
        IdenticalOrders identical = IdenticalOrders.of(m);
        Market merged = identical.merged();
        long[] buyLeft = merged.buyWh.clone();
        long[] sellLeft = merged.sellWh.clone();
        List<Allocation> allocations = new ArrayList<>();
        for (int k = 0; k < wh.length; k++) {
            int g = buyGroup[k];
            int h = sellGroup[k];
            if (g < 0 || g >= buyLeft.length || h < 0 || h >= sellLeft.length || wh[k] < 0) {
                throw new IllegalArgumentException("allocation " + k + " out of range");
            }
            buyLeft[g] -= wh[k];
            sellLeft[h] -= wh[k];
            if (buyLeft[g] < 0 || sellLeft[h] < 0) {
                throw new IllegalArgumentException("allocation " + k + " exceeds its group's Wh");
            }
            if (wh[k] > 0) {
                allocations.add(new Allocation(g, h, wh[k]));
            }
        }
        return trades(m, identical.split(allocations));
    }

    private static List<Trade> trades(Market m, List<Allocation> allocations) {
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
