package io.p2pe.market;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately naive implementation of docs/market-rules.md, written from the text of the rules and
 * sharing no code with the engine, to test the engine against.
 */
final class Reference {
    private Reference() {
    }

    static long demand(List<Order> orders, long p) {
        return orders.stream().filter(o -> o.side() == Side.BUY && o.price() >= p).mapToLong(Order::wh).sum();
    }

    static long supply(List<Order> orders, long p) {
        return orders.stream().filter(o -> o.side() == Side.SELL && o.price() <= p).mapToLong(Order::wh).sum();
    }

    /**
     * The integer prices worth scanning: every integer from one below the lowest order price to
     * one above the highest when the span is small; otherwise every order price and its two
     * neighbours (D and S only change at order prices, so nothing else can differ).
     */
    static List<Long> pricesToScan(List<Order> orders) {
        if (orders.isEmpty()) {
            return List.of(0L);
        }
        long min = orders.stream().mapToLong(Order::price).min().orElseThrow() - 1;
        long max = orders.stream().mapToLong(Order::price).max().orElseThrow() + 1;
        TreeSet<Long> prices = new TreeSet<>();
        if (max - min <= 2_000) {
            for (long p = min; p <= max; p++) {
                prices.add(p);
            }
        } else {
            for (Order o : orders) {
                prices.add(o.price() - 1);
                prices.add(o.price());
                prices.add(o.price() + 1);
            }
        }
        return new ArrayList<>(prices);
    }

    static long qStar(List<Order> orders) {
        long best = 0;
        for (long p : pricesToScan(orders)) {
            best = Math.max(best, Math.min(demand(orders, p), supply(orders, p)));
        }
        return best;
    }

    /** The uniform clearing price lo + floor((hi − lo) / 2), or null when nothing trades. */
    static Long uniformPrice(List<Order> orders) {
        long q = qStar(orders);
        if (q == 0) {
            return null;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long p : pricesToScan(orders)) {
            if (demand(orders, p) >= q && supply(orders, p) >= q) {
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
        }
        return lo + Math.floorDiv(hi - lo, 2);
    }

    /** Fills by order id (every order present) under UNIFORM_PRICE step 3. */
    static TreeMap<String, Long> uniformFills(String slot, List<Order> orders) {
        long q = qStar(orders);
        TreeMap<String, Long> fills = new TreeMap<>();
        orders.forEach(o -> fills.put(o.id(), 0L));
        fillSide(slot, orders, Side.BUY, q, fills);
        fillSide(slot, orders, Side.SELL, q, fills);
        return fills;
    }

    private static void fillSide(String slot, List<Order> orders, Side side, long q, TreeMap<String, Long> fills) {
        Comparator<Long> bestFirst = side == Side.BUY ? Comparator.reverseOrder() : Comparator.naturalOrder();
        TreeMap<Long, List<Order>> levels = new TreeMap<>(bestFirst);
        for (Order o : orders) {
            if (o.side() == side) {
                levels.computeIfAbsent(o.price(), p -> new ArrayList<>()).add(o);
            }
        }
        long left = q;
        for (List<Order> level : levels.values()) {
            long total = level.stream().mapToLong(Order::wh).sum();
            if (total <= left) {
                level.forEach(o -> fills.put(o.id(), o.wh()));
                left -= total;
                continue;
            }
            BigInteger r = BigInteger.valueOf(left);
            BigInteger l = BigInteger.valueOf(total);
            List<Order> byRemainder = new ArrayList<>(level);
            byRemainder.sort(Comparator.<Order, BigInteger>comparing(o -> r.multiply(BigInteger.valueOf(o.wh())).mod(l))
                    .reversed().thenComparing(o -> TieBreak.key(slot, o.id())));
            long given = 0;
            for (Order o : level) {
                long share = r.multiply(BigInteger.valueOf(o.wh())).divide(l).longValueExact();
                fills.put(o.id(), share);
                given += share;
            }
            for (int i = 0; i < left - given; i++) {
                fills.merge(byRemainder.get(i).id(), 1L, Long::sum);
            }
            break;
        }
    }

    static List<Order> bestFirst(String slot, List<Order> orders, Side side) {
        Comparator<Order> byPrice = Comparator.comparingLong(Order::price);
        if (side == Side.BUY) {
            byPrice = byPrice.reversed();
        }
        return orders.stream().filter(o -> o.side() == side)
                .sorted(byPrice.thenComparing(o -> TieBreak.key(slot, o.id()))).toList();
    }

    /** Staircase pairing of the given fills (UNIFORM_PRICE step 4), unsorted. */
    static List<Trade> staircase(String slot, List<Order> orders, TreeMap<String, Long> fills, long price) {
        List<Order> buys = bestFirst(slot, orders, Side.BUY).stream().filter(o -> fills.get(o.id()) > 0).toList();
        List<Order> sells = bestFirst(slot, orders, Side.SELL).stream().filter(o -> fills.get(o.id()) > 0).toList();
        TreeMap<String, Long> left = new TreeMap<>(fills);
        List<Trade> trades = new ArrayList<>();
        int b = 0;
        int s = 0;
        while (b < buys.size() && s < sells.size()) {
            String bid = buys.get(b).id();
            String sid = sells.get(s).id();
            long wh = Math.min(left.get(bid), left.get(sid));
            trades.add(new Trade(bid, sid, wh, price, 0));
            left.merge(bid, -wh, Long::sum);
            left.merge(sid, -wh, Long::sum);
            if (left.get(bid) == 0) {
                b++;
            }
            if (left.get(sid) == 0) {
                s++;
            }
        }
        return trades;
    }

    /** PAY_AS_BID trades, unsorted. */
    static List<Trade> payAsBid(String slot, List<Order> orders) {
        List<Order> buys = bestFirst(slot, orders, Side.BUY);
        List<Order> sells = bestFirst(slot, orders, Side.SELL);
        long[] buyLeft = buys.stream().mapToLong(Order::wh).toArray();
        long[] sellLeft = sells.stream().mapToLong(Order::wh).toArray();
        List<Trade> trades = new ArrayList<>();
        int b = 0;
        int s = 0;
        while (b < buys.size() && s < sells.size() && buys.get(b).price() >= sells.get(s).price()) {
            long wh = Math.min(buyLeft[b], sellLeft[s]);
            long bid = buys.get(b).price();
            long ask = sells.get(s).price();
            // floor((bid + ask) / 2) computed without floorDiv, as a cross-check of the engine's.
            long sum = bid + ask;
            long mid = sum >= 0 ? sum / 2 : -((-sum + 1) / 2);
            trades.add(new Trade(buys.get(b).id(), sells.get(s).id(), wh, mid, 0));
            buyLeft[b] -= wh;
            sellLeft[s] -= wh;
            if (buyLeft[b] == 0) {
                b++;
            }
            if (sellLeft[s] == 0) {
                s++;
            }
        }
        return trades;
    }

    static List<Trade> sorted(List<Trade> trades) {
        List<Trade> copy = new ArrayList<>(trades);
        copy.sort(Comparator.comparing(Trade::buyOrderId).thenComparing(Trade::sellOrderId));
        return copy;
    }
}
