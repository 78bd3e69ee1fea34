package io.p2pe.market;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Independent reference for OPTIMAL, written straight from docs/market-rules.md: fees from
 * {@link GridLocation#distanceTo} and the schedule, and the objectives evaluated on explicit
 * pairwise allocations. Two solvers: exhaustive enumeration of integral allocations (tiny books)
 * and successive shortest paths on the explicit pairwise network (MAX_WELFARE and MAX_VOLUME on
 * larger books).
 */
final class OptimalReference {
    private OptimalReference() {
    }

    /** The objective values of an allocation; {@code rate} is null when no order can trade. */
    record Value(long surplus, long volume, Rate rate) {
    }

    /** A non-negative rational {@code num / den}. */
    record Rate(long num, long den) implements Comparable<Rate> {
        @Override
        public int compareTo(Rate o) {
            return BigInteger.valueOf(num).multiply(BigInteger.valueOf(o.den))
                    .compareTo(BigInteger.valueOf(o.num).multiply(BigInteger.valueOf(den)));
        }
    }

    /** A feasible BUY×SELL pair with its fee and surplus per kWh. */
    record Pair(Order buy, Order sell, long fee, long surplus) {
    }

    static long fee(WheelingSchedule wheeling, Order buy, Order sell) {
        return wheeling.fee(buy.location(), sell.location());
    }

    static List<Pair> feasiblePairs(WheelingSchedule wheeling, List<Order> orders) {
        List<Pair> pairs = new ArrayList<>();
        for (Order b : orders) {
            if (b.side() != Side.BUY) {
                continue;
            }
            for (Order s : orders) {
                if (s.side() != Side.SELL) {
                    continue;
                }
                long fee = fee(wheeling, b, s);
                long surplus = b.price() - s.price() - fee;
                if (surplus >= 0) {
                    pairs.add(new Pair(b, s, fee, surplus));
                }
            }
        }
        return pairs;
    }

    /**
     * Evaluates trades against the rules: every trade a feasible pair at the rule's price and fee,
     * limits respected; returns the objective values.
     */
    static Value evaluate(WheelingSchedule wheeling, List<Order> orders, List<Trade> trades) {
        TreeMap<String, Order> byId = new TreeMap<>();
        orders.forEach(o -> byId.put(o.id(), o));
        TreeMap<String, Long> filled = new TreeMap<>();
        TreeMap<String, Long> share = new TreeMap<>();
        long surplus = 0;
        long volume = 0;
        for (Trade t : trades) {
            Order b = byId.get(t.buyOrderId());
            Order s = byId.get(t.sellOrderId());
            if (b == null || s == null || b.side() != Side.BUY || s.side() != Side.SELL || t.wh() <= 0) {
                throw new AssertionError("bad trade " + t);
            }
            long fee = fee(wheeling, b, s);
            long perKwh = b.price() - s.price() - fee;
            if (perKwh < 0) {
                throw new AssertionError("infeasible pair traded: " + t);
            }
            if (t.wheelingFee() != fee || t.price() != s.price() + Math.floorDiv(perKwh, 2)) {
                throw new AssertionError("wrong price or fee: " + t + " (fee " + fee + ", surplus " + perKwh + ")");
            }
            filled.merge(b.id(), t.wh(), Math::addExact);
            filled.merge(s.id(), t.wh(), Math::addExact);
            share.merge(b.id(), Math.multiplyExact(perKwh - Math.floorDiv(perKwh, 2), t.wh()), Math::addExact);
            share.merge(s.id(), Math.multiplyExact(Math.floorDiv(perKwh, 2), t.wh()), Math::addExact);
            surplus = Math.addExact(surplus, Math.multiplyExact(perKwh, t.wh()));
            volume = Math.addExact(volume, t.wh());
        }
        filled.forEach((id, wh) -> {
            if (wh > byId.get(id).wh()) {
                throw new AssertionError("order " + id + " over-filled: " + wh);
            }
        });
        return new Value(surplus, volume, minRate(wheeling, orders, share));
    }

    private static Rate minRate(WheelingSchedule wheeling, List<Order> orders, TreeMap<String, Long> share) {
        TreeMap<String, Order> canTrade = new TreeMap<>();
        for (Pair p : feasiblePairs(wheeling, orders)) {
            canTrade.put(p.buy().id(), p.buy());
            canTrade.put(p.sell().id(), p.sell());
        }
        Rate min = null;
        for (Order o : canTrade.values()) {
            Rate r = new Rate(share.getOrDefault(o.id(), 0L), o.wh());
            if (min == null || r.compareTo(min) < 0) {
                min = r;
            }
        }
        return min;
    }

    /** Lexicographic comparison of two values for an objective (positive: {@code a} is better). */
    static int compare(Objective objective, Value a, Value b) {
        return switch (objective) {
            case MAX_WELFARE -> a.surplus != b.surplus ? Long.compare(a.surplus, b.surplus)
                    : Long.compare(a.volume, b.volume);
            case MAX_VOLUME -> a.volume != b.volume ? Long.compare(a.volume, b.volume)
                    : Long.compare(a.surplus, b.surplus);
            case MAX_MIN_SURPLUS -> {
                int c = a.rate == null || b.rate == null ? 0 : a.rate.compareTo(b.rate);
                yield c != 0 ? c : Long.compare(a.surplus, b.surplus);
            }
        };
    }

    /** The best value over every integral allocation (exhaustive; for tiny books only). */
    static Value bruteForce(Objective objective, WheelingSchedule wheeling, List<Order> orders) {
        List<Pair> pairs = feasiblePairs(wheeling, orders);
        TreeMap<String, Long> left = new TreeMap<>();
        orders.forEach(o -> left.put(o.id(), o.wh()));
        long[] x = new long[pairs.size()];
        Value[] best = new Value[1];
        enumerate(objective, wheeling, orders, pairs, 0, x, left, best);
        return best[0];
    }

    private static void enumerate(Objective objective, WheelingSchedule wheeling, List<Order> orders, List<Pair> pairs,
                                  int k, long[] x, TreeMap<String, Long> left, Value[] best) {
        if (k == pairs.size()) {
            List<Trade> trades = new ArrayList<>();
            for (int p = 0; p < pairs.size(); p++) {
                if (x[p] > 0) {
                    Pair pair = pairs.get(p);
                    trades.add(new Trade(pair.buy().id(), pair.sell().id(), x[p],
                            pair.sell().price() + Math.floorDiv(pair.surplus(), 2), pair.fee()));
                }
            }
            Value v = evaluate(wheeling, orders, trades);
            if (best[0] == null || compare(objective, v, best[0]) > 0) {
                best[0] = v;
            }
            return;
        }
        Pair pair = pairs.get(k);
        long max = Math.min(left.get(pair.buy().id()), left.get(pair.sell().id()));
        for (long w = 0; w <= max; w++) {
            x[k] = w;
            left.merge(pair.buy().id(), -w, Long::sum);
            left.merge(pair.sell().id(), -w, Long::sum);
            enumerate(objective, wheeling, orders, pairs, k + 1, x, left, best);
            left.merge(pair.buy().id(), w, Long::sum);
            left.merge(pair.sell().id(), w, Long::sum);
        }
        x[k] = 0;
    }

    /**
     * MAX_WELFARE or MAX_VOLUME by successive shortest paths (Bellman–Ford) on the explicit
     * pairwise network, with the lexicographic objective as one BigInteger cost per unit.
     */
    static Value pairwiseFlow(Objective objective, WheelingSchedule wheeling, List<Order> orders) {
        List<Order> buys = orders.stream().filter(o -> o.side() == Side.BUY).toList();
        List<Order> sells = orders.stream().filter(o -> o.side() == Side.SELL).toList();
        List<Pair> pairs = feasiblePairs(wheeling, orders);
        int nb = buys.size();
        int n = 2 + nb + sells.size();
        int source = 0;
        int sink = 1;
        // Weight of the primary objective: larger than any change of the secondary along a path.
        BigInteger big = BigInteger.valueOf(1_000_000_000_000L).multiply(BigInteger.valueOf(n + 1));
        List<int[]> arcs = new ArrayList<>();
        List<Long> cap = new ArrayList<>();
        List<BigInteger> cost = new ArrayList<>();
        for (int i = 0; i < nb; i++) {
            addArc(arcs, cap, cost, source, 2 + i, buys.get(i).wh(), BigInteger.ZERO);
        }
        for (int j = 0; j < sells.size(); j++) {
            addArc(arcs, cap, cost, 2 + nb + j, sink, sells.get(j).wh(), BigInteger.ZERO);
        }
        for (Pair p : pairs) {
            BigInteger s = BigInteger.valueOf(p.surplus());
            BigInteger c = objective == Objective.MAX_WELFARE
                    ? s.multiply(big).add(BigInteger.ONE).negate()
                    : big.add(s).negate();
            addArc(arcs, cap, cost, 2 + buys.indexOf(p.buy()), 2 + nb + sells.indexOf(p.sell()), Long.MAX_VALUE, c);
        }
        long[] flow = new long[arcs.size()];
        while (true) {
            BigInteger[] dist = new BigInteger[n];
            int[] via = new int[n];
            dist[source] = BigInteger.ZERO;
            for (int round = 0; round < n; round++) {
                boolean changed = false;
                for (int e = 0; e < 2 * arcs.size(); e++) {
                    int a = e / 2;
                    boolean forward = e % 2 == 0;
                    int u = forward ? arcs.get(a)[0] : arcs.get(a)[1];
                    int v = forward ? arcs.get(a)[1] : arcs.get(a)[0];
                    long residual = forward ? cap.get(a) - flow[a] : flow[a];
                    if (residual <= 0 || dist[u] == null) {
                        continue;
                    }
                    BigInteger d = dist[u].add(forward ? cost.get(a) : cost.get(a).negate());
                    if (dist[v] == null || d.compareTo(dist[v]) < 0) {
                        dist[v] = d;
                        via[v] = e;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
            }
            if (dist[sink] == null || dist[sink].signum() >= 0) {
                break;
            }
            long push = Long.MAX_VALUE;
            for (int v = sink; v != source; ) {
                int e = via[v];
                int a = e / 2;
                push = Math.min(push, e % 2 == 0 ? cap.get(a) - flow[a] : flow[a]);
                v = e % 2 == 0 ? arcs.get(a)[0] : arcs.get(a)[1];
            }
            for (int v = sink; v != source; ) {
                int e = via[v];
                int a = e / 2;
                flow[a] += e % 2 == 0 ? push : -push;
                v = e % 2 == 0 ? arcs.get(a)[0] : arcs.get(a)[1];
            }
        }
        long surplus = 0;
        long volume = 0;
        int first = nb + sells.size();
        for (int k = 0; k < pairs.size(); k++) {
            long f = flow[first + k];
            surplus += pairs.get(k).surplus() * f;
            volume += f;
        }
        return new Value(surplus, volume, null);
    }

    private static void addArc(List<int[]> arcs, List<Long> cap, List<BigInteger> cost, int u, int v, long c,
                               BigInteger w) {
        arcs.add(new int[] {u, v});
        cap.add(c);
        cost.add(w);
    }
}
