package io.p2pe.sdk.solver;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.GridLocation;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.TieBreak;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ProposedTrade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Ready-made {@link ProposalMethod}s. */
public final class ProposalMethods {
    private ProposalMethods() {
    }

    /**
     * The market engine's own exact methods (the network-flow optima of MAX_WELFARE and
     * MAX_VOLUME, the engine's MAX_MIN_SURPLUS): the same trades the ledger's built-in candidate
     * has, so it ties with it and the draw decides. Refuses books the engine refuses (for example
     * {@code BEYOND_LIMITS}) with an {@link IllegalArgumentException} carrying the engine's message.
     */
    public static ProposalMethod engine() {
        return book -> {
            try {
                return ProposalScorer.proposalOf(Clearing.clear(book)).trades();
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * A randomized greedy matching: the feasible pairs by surplus per kWh (highest first, ties in
     * an order drawn from {@code seed}), each filled with what both orders have left. Quick on books
     * of a few thousand orders (it lists every feasible pair), never better than the engine for
     * MAX_WELFARE, sometimes different; for MAX_MIN_SURPLUS a candidate where the engine cannot
     * clear. The same seed and book give the same trades.
     */
    public static ProposalMethod greedy(long seed) {
        return book -> greedy(book, seed);
    }

    private record Pair(int buy, int sell, long surplusPerKwh, long draw) {
    }

    private static List<ProposedTrade> greedy(ClearingInput book, long seed) {
        // Orders in a fixed order (by tie-break key), so the result does not depend on input order.
        Order[] orders = book.orders().toArray(new Order[0]);
        String[] keys = new String[orders.length];
        for (int k = 0; k < orders.length; k++) {
            keys[k] = TieBreak.key(book.slot(), orders[k].id());
        }
        Integer[] byKey = new Integer[orders.length];
        Arrays.setAll(byKey, k -> k);
        Arrays.sort(byKey, Comparator.comparing(k -> keys[k]));
        List<Order> buys = new ArrayList<>();
        List<Order> sells = new ArrayList<>();
        for (int k : byKey) {
            (orders[k].side() == Side.BUY ? buys : sells).add(orders[k]);
        }
        WheelingSchedule wheeling = book.effectiveWheeling();
        SplittableRandom random = new SplittableRandom(seed);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < buys.size(); i++) {
            for (int j = 0; j < sells.size(); j++) {
                GridLocation a = buys.get(i).location();
                GridLocation b = sells.get(j).location();
                long s = buys.get(i).price() - sells.get(j).price() - wheeling.fee(a, b);
                if (s >= 0) {
                    pairs.add(new Pair(i, j, s, random.nextLong()));
                }
            }
        }
        pairs.sort(Comparator.comparingLong(Pair::surplusPerKwh).reversed().thenComparingLong(Pair::draw));
        long[] buyLeft = buys.stream().mapToLong(Order::wh).toArray();
        long[] sellLeft = sells.stream().mapToLong(Order::wh).toArray();
        List<ProposedTrade> trades = new ArrayList<>();
        for (Pair p : pairs) {
            long wh = Math.min(buyLeft[p.buy()], sellLeft[p.sell()]);
            if (wh > 0) {
                buyLeft[p.buy()] -= wh;
                sellLeft[p.sell()] -= wh;
                trades.add(new ProposedTrade(buys.get(p.buy()).id(), sells.get(p.sell()).id(), wh));
            }
        }
        return trades;
    }
}
