package io.p2pe.market.optimal;

import io.p2pe.market.optimal.PairClasses.PairClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The transportation problems of OPTIMAL as minimum-cost flows over {@link PairClasses}, and the
 * decomposition of the optimal flow into pairwise allocations.
 *
 * <p>Network: source → BUY {@code i} (capacity {@code wh_i}) → class chains → SELL {@code j}
 * (capacity {@code wh_j}) → sink, plus the solver's bypass. A class chain runs over the class's
 * SELL prices from the dearest down, linked by uncapacitated arcs towards cheaper prices, with
 * uncapacitated exits to the SELLs. BUY {@code i} enters the chain of class {@code C} at the dearest
 * price {@code ≤ price_i − fee_C − θ}; so it reaches exactly the SELLs with
 * {@code price_j ≤ price_i − fee_C − θ}, i.e. pairs whose surplus through {@code C} is at least
 * {@code θ} (θ = 0: feasible pairs). Prices where no BUY enters are merged into the node above.
 * When surplus comes first (MAX_WELFARE) the chain collapses to one hub node per class: a route
 * with negative surplus could simply be dropped from an optimal flow, so none is ever used and
 * the price order is not needed. The surplus cost of a path is
 * {@code −price_i + fee_C + price_j}, split over the source arc, the entry arc and the sink arc.
 * Arcs: {@code O(Σ_C (|buys_C| + |sells_C|))}; the network is acyclic.
 *
 * <p>Why this equals the pairwise problem: by the class properties, every chain path is a
 * feasible pair credited at most its true surplus, and every feasible pair has a path at its true
 * surplus, so the optima coincide. In an optimal flow, whatever path decomposition is taken, no
 * path has negative surplus through its class (removing it would gain surplus; with chains such
 * paths do not even exist) and no pair goes through a dearer class (swapping in its exact class
 * would gain surplus at equal volume), so every path is a feasible pair at its true fee. The
 * decomposition checks this for every allocation it produces and fails loudly if it ever did not
 * hold.
 */
final class PairFlow {
    private static final int SOURCE = 0;
    private static final int SINK = 1;

    private PairFlow() {
    }

    /**
     * The optimal allocation: with {@code volumeFirst} false (class hubs), maximum surplus, then
     * maximum volume; with it true (class chains), maximum volume, then maximum surplus. Remaining
     * ties: the least {@code Σ rank × filled Wh} over both sides, where an order's rank is its index
     * in Book order (so of two otherwise equal orders the one with the smaller key is filled first).
     */
    static List<Allocation> optimise(Market m, List<PairClass> classes, boolean volumeFirst) {
        List<ChainSpec> chains = new ArrayList<>(classes.size());
        boolean[] buyUsed = new boolean[m.buyCount];
        for (PairClass c : classes) {
            ChainSpec spec = volumeFirst ? ChainSpec.of(m, c, 0) : ChainSpec.hub(m, c);
            if (spec != null) {
                chains.add(spec);
                for (int k = 0; k < spec.entryBuy.length; k++) {
                    buyUsed[spec.entryBuy[k]] = true;
                }
            }
        }
        int nodes = 2 + m.buyCount + m.sellCount;
        for (ChainSpec spec : chains) {
            spec.firstNode = nodes;
            nodes += spec.nodeCount();
        }
        NetworkSimplex ns = new NetworkSimplex(nodes, 3);
        long amount = 0;
        for (int i = 0; i < m.buyCount; i++) {
            // (Wh 0: an order used up before this flow, see FloorRaising.)
            if (buyUsed[i] && m.buyWh[i] > 0) {
                long a = m.buyPrice[i];
                if (volumeFirst) {
                    ns.addArc(SOURCE, buyNode(i), m.buyWh[i], -1, -a, i);
                } else {
                    ns.addArc(SOURCE, buyNode(i), m.buyWh[i], -a, -1, i);
                }
                amount += m.buyWh[i];
            }
        }
        for (int j = 0; j < m.sellCount; j++) {
            if (m.sellWh[j] == 0) {
                continue;
            }
            long b = m.sellPrice[j];
            ns.addArc(sellNode(m, j), SINK, m.sellWh[j], volumeFirst ? 0 : b, volumeFirst ? b : 0, j);
        }
        for (ChainSpec spec : chains) {
            long fee = spec.pairClass.fee();
            spec.addArcs(ns, PairFlow::buyNode, j -> sellNode(m, j),
                    volumeFirst ? 0 : fee, volumeFirst ? fee : 0);
        }
        ns.solve(SOURCE, SINK, amount);
        return decompose(m, chains, ns);
    }

    /**
     * The largest number of orders that can each get at least one Wh from a pair that gives them a
     * positive surplus share (a BUY: surplus ≥ 1, since it gets the rounded-up half; a SELL:
     * surplus ≥ 2), all at once within the order limits. Network: the source gives each BUY one
     * rewarded unit and the rest unrewarded; rewarded chains (θ = 2) lead to a SELL's "positive"
     * node, whose first unit is rewarded; θ = 1 chains lead past it. The maximum reward is the
     * answer (an integral flow problem, so it is exact).
     */
    static int maxCovered(Market m, List<PairClass> classes) {
        List<ChainSpec> toSell = new ArrayList<>();
        List<ChainSpec> toPositive = new ArrayList<>();
        boolean[] buyUsed = new boolean[m.buyCount];
        for (PairClass c : classes) {
            ChainSpec one = ChainSpec.of(m, c, 1);
            if (one != null) {
                toSell.add(one);
                for (int b : one.entryBuy) {
                    buyUsed[b] = true;
                }
            }
            ChainSpec two = ChainSpec.of(m, c, 2);
            if (two != null) {
                toPositive.add(two);
            }
        }
        int nb = m.buyCount;
        int nsl = m.sellCount;
        // 2 + i: BUY i; 2 + nb + j: SELL j's positive node; 2 + nb + nsl + j: SELL j.
        int nodes = 2 + nb + 2 * nsl;
        for (ChainSpec spec : toSell) {
            spec.firstNode = nodes;
            nodes += spec.nodeCount();
        }
        for (ChainSpec spec : toPositive) {
            spec.firstNode = nodes;
            nodes += spec.nodeCount();
        }
        NetworkSimplex ns = new NetworkSimplex(nodes, 1);
        List<Integer> rewards = new ArrayList<>();
        long amount = 0;
        for (int i = 0; i < nb; i++) {
            if (buyUsed[i]) {
                rewards.add(ns.addArc(SOURCE, 2 + i, 1, -1, 0, 0));
                if (m.buyWh[i] > 1) {
                    ns.addArc(SOURCE, 2 + i, m.buyWh[i] - 1, 0, 0, 0);
                }
                amount += m.buyWh[i];
            }
        }
        for (int j = 0; j < nsl; j++) {
            int positive = 2 + nb + j;
            int sell = 2 + nb + nsl + j;
            rewards.add(ns.addArc(positive, sell, 1, -1, 0, 0));
            ns.addArc(positive, sell, NetworkSimplex.INFINITE, 0, 0, 0);
            ns.addArc(sell, SINK, m.sellWh[j], 0, 0, 0);
        }
        for (ChainSpec spec : toSell) {
            spec.addArcs(ns, i -> 2 + i, j -> 2 + nb + nsl + j, 0, 0);
        }
        for (ChainSpec spec : toPositive) {
            spec.addArcs(ns, i -> 2 + i, j -> 2 + nb + j, 0, 0);
        }
        ns.solve(SOURCE, SINK, amount);
        int covered = 0;
        for (int arc : rewards) {
            covered += (int) ns.flow(arc);
        }
        return covered;
    }

    private static int buyNode(int i) {
        return 2 + i;
    }

    private static int sellNode(Market m, int j) {
        return 2 + m.buyCount + j;
    }

    /**
     * Splits each chain's flow into pairs: walking the chain from the dearest price down, BUYs
     * join a first-in-first-out queue where they enter (in Book order) and each SELL exit takes
     * from the head of the queue, so dearer BUYs meet dearer SELLs. Flow conservation on the chain
     * guarantees the queue never runs dry. Pairs met in several classes are summed.
     */
    private static List<Allocation> decompose(Market m, List<ChainSpec> chains, NetworkSimplex ns) {
        TreeMap<Long, Long> byPair = new TreeMap<>();
        for (ChainSpec spec : chains) {
            int n = spec.entryBuy.length;
            int[] queueBuy = new int[n];
            long[] queueLeft = new long[n];
            int head = 0;
            int tail = 0;
            int next = 0;
            int[] sells = spec.pairClass.sells();
            for (int t = 0; t < spec.nodeCount(); t++) {
                while (next < n && spec.entryLevel[next] == spec.nodeLevel[t]) {
                    long f = ns.flow(spec.entryArc[next]);
                    if (f > 0) {
                        queueBuy[tail] = spec.entryBuy[next];
                        queueLeft[tail++] = f;
                    }
                    next++;
                }
                for (int level = spec.nodeLevel[t]; level < spec.levelsEnd(t); level++) {
                    for (int k = spec.levelStart[level]; k < spec.levelEnd[level]; k++) {
                        long f = ns.flow(spec.exitArc[k]);
                        while (f > 0) {
                            if (head == tail) {
                                throw new IllegalStateException("flow is not conserved on a class chain");
                            }
                            long take = Math.min(f, queueLeft[head]);
                            record(m, spec.pairClass.fee(), queueBuy[head], sells[k], take, byPair);
                            queueLeft[head] -= take;
                            f -= take;
                            if (queueLeft[head] == 0) {
                                head++;
                            }
                        }
                    }
                }
            }
        }
        List<Allocation> out = new ArrayList<>(byPair.size());
        for (Map.Entry<Long, Long> e : byPair.entrySet()) {
            long key = e.getKey();
            out.add(new Allocation((int) (key / m.sellCount), (int) (key % m.sellCount), e.getValue()));
        }
        return out;
    }

    /** Adds an allocation after checking it went through the pair's exact class (see the class doc). */
    private static void record(Market m, long classFee, int buy, int sell, long wh, TreeMap<Long, Long> byPair) {
        if (classFee != m.fee(buy, sell) || m.surplus(buy, sell) < 0) {
            throw new IllegalStateException("pair " + m.buyId(buy) + "/" + m.sellId(sell) + " routed at fee "
                    + classFee + ", its fee is " + m.fee(buy, sell));
        }
        byPair.merge((long) buy * m.sellCount + sell, wh, Math::addExact);
    }

    /**
     * One class chain for one threshold. SELL prices of the class form levels (dearest first);
     * a chain node stands for a run of levels from one BUY entry level down to the next, since
     * SELLs between two entry levels are reachable by exactly the same BUYs. So the chain has one
     * node per distinct entry level, the fewest possible.
     */
    private static final class ChainSpec {
        final PairClass pairClass;
        /** SELLs of level k are {@code sells()[levelStart[k] … levelEnd[k])}, in Book order. */
        final int[] levelStart;
        final int[] levelEnd;
        /** Entries in Book order of the BUYs, hence by non-decreasing level. */
        final int[] entryBuy;
        final int[] entryLevel;
        /** Node t covers levels {@code [nodeLevel[t], nodeLevel[t + 1])}, the last one to the end. */
        final int[] nodeLevel;
        int firstNode;
        int[] entryArc;
        int[] exitArc;

        private ChainSpec(PairClass pairClass, int[] levelStart, int[] levelEnd, int[] entryBuy, int[] entryLevel) {
            this.pairClass = pairClass;
            this.levelStart = levelStart;
            this.levelEnd = levelEnd;
            this.entryBuy = entryBuy;
            this.entryLevel = entryLevel;
            IntList starts = new IntList();
            for (int k = 0; k < entryLevel.length; k++) {
                if (k == 0 || entryLevel[k] != entryLevel[k - 1]) {
                    starts.add(entryLevel[k]);
                }
            }
            this.nodeLevel = starts.toArray();
        }

        /** The chain of a class for threshold θ, or null when no BUY reaches any SELL. */
        static ChainSpec of(Market m, PairClass c, long theta) {
            int[] sells = c.sells();
            // Sells are in Book order, i.e. by ascending price: blocks of equal price, reversed.
            int blocks = 0;
            for (int k = 0; k < sells.length; k++) {
                if (k == 0 || m.sellPrice[sells[k]] != m.sellPrice[sells[k - 1]]) {
                    blocks++;
                }
            }
            long[] price = new long[blocks];
            int[] start = new int[blocks];
            int[] end = new int[blocks];
            int level = blocks;
            for (int k = 0; k < sells.length; k++) {
                if (k == 0 || m.sellPrice[sells[k]] != m.sellPrice[sells[k - 1]]) {
                    level--;
                    price[level] = m.sellPrice[sells[k]];
                    start[level] = k;
                }
                end[level] = k + 1;
            }
            IntList buys = new IntList();
            IntList levels = new IntList();
            for (int b : c.buys()) {
                long reach = m.buyPrice[b] - c.fee() - theta;
                int at = firstLevelAtOrBelow(price, reach);
                if (at < blocks) {
                    buys.add(b);
                    levels.add(at);
                }
            }
            if (buys.size() == 0) {
                return null;
            }
            return new ChainSpec(c, start, end, buys.toArray(), levels.toArray());
        }

        /** All levels as one node, entered by every BUY that reaches the cheapest SELL. */
        static ChainSpec hub(Market m, PairClass c) {
            ChainSpec chain = of(m, c, 0);
            if (chain == null) {
                return null;
            }
            int[] levels = new int[chain.entryBuy.length];
            return new ChainSpec(c, chain.levelStart, chain.levelEnd, chain.entryBuy, levels);
        }

        /** First index of the descending {@code price} with {@code price ≤ limit}, or its length. */
        private static int firstLevelAtOrBelow(long[] price, long limit) {
            int lo = 0;
            int hi = price.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (price[mid] <= limit) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        int nodeCount() {
            return nodeLevel.length;
        }

        /** Levels of node t: {@code [nodeLevel[t], levelsEnd(t))}. */
        int levelsEnd(int t) {
            return t + 1 < nodeLevel.length ? nodeLevel[t + 1] : levelStart.length;
        }

        /**
         * Adds entry arcs (cost {@code entryCost0}/{@code entryCost1} in the first two
         * components), chain arcs and exit arcs, all uncapacitated.
         */
        void addArcs(NetworkSimplex ns, IntUnaryOperator buyNode, IntUnaryOperator sellNode, long entryCost0,
                     long entryCost1) {
            entryArc = new int[entryBuy.length];
            int t = 0;
            for (int k = 0; k < entryBuy.length; k++) {
                while (nodeLevel[t] != entryLevel[k]) {
                    t++;
                }
                entryArc[k] = ns.addArc(buyNode.applyAsInt(entryBuy[k]), firstNode + t, NetworkSimplex.INFINITE,
                        entryCost0, entryCost1, 0);
            }
            int[] sells = pairClass.sells();
            exitArc = new int[sells.length];
            for (t = 0; t < nodeLevel.length; t++) {
                for (int level = nodeLevel[t]; level < levelsEnd(t); level++) {
                    for (int k = levelStart[level]; k < levelEnd[level]; k++) {
                        exitArc[k] = ns.addArc(firstNode + t, sellNode.applyAsInt(sells[k]), NetworkSimplex.INFINITE,
                                0, 0, 0);
                    }
                }
                if (t + 1 < nodeLevel.length) {
                    ns.addArc(firstNode + t, firstNode + t + 1, NetworkSimplex.INFINITE, 0, 0, 0);
                }
            }
        }
    }
}
