package io.p2pe.market.optimal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pair classes: the compression that keeps the flow networks linear in the book instead of
 * quadratic. A class is a set of BUY×SELL pairs (all BUYs of the class with all its SELLs) that
 * is given one wheeling fee. The flow networks route a pair's energy through a class it belongs to,
 * charging the class fee, and only where the BUY's limit covers the SELL's limit plus that fee.
 *
 * <p>Every list returned here has the two properties the networks need (the tests check both by
 * brute force):
 * <ol>
 *   <li><b>never cheaper:</b> every pair of a class has its true fee ≤ the class fee, so routing a
 *       pair through any of its classes is feasible for the pair and never credits more surplus
 *       than the pair has;</li>
 *   <li><b>exact somewhere:</b> every pair is in at least one class whose fee is its true fee.</li>
 * </ol>
 * Hence a network over the classes has the same optimum as the pairwise problem, and in an optimal
 * flow every pair is routed at its true fee (a dearer route could be swapped for the exact one).
 *
 * <p>The classes come from the location tree (a trie of path segments). A pair's grid distance is
 * {@code max(h_b, h_s)} where {@code h} counts the segments of each location below their longest
 * common prefix {@code P}; the fee is {@code F[min(distance, L − 1)]} for levels {@code F} of length
 * {@code L}. Write {@code ĥ = min(h, L − 1)}.
 * <ul>
 *   <li>{@link #relaxed} (fees non-decreasing in distance, the usual schedule): class
 *       {@code (P, d)} holds every BUY and SELL below {@code P} with {@code ĥ ≤ d}, fee {@code F[d]}.
 *       A pair in it has its true common prefix at or below {@code P}, hence a true capped distance
 *       ≤ {@code d} and, fees being monotone, a true fee ≤ {@code F[d]}; a pair whose common prefix
 *       is exactly {@code P} is in {@code (P, max(ĥ_b, ĥ_s))} at its true fee. Classes are created
 *       only at nodes where two different branches meet, only for heights that occur, and a class
 *       whose fee equals that of the class one level up (which contains it) is replaced by it, so
 *       with the usual four-level paths each order is in at most one class per level of its path.</li>
 *   <li>{@link #exact} (any schedule, used when fees fall somewhere with distance): only pairs whose
 *       common prefix is exactly {@code P}, split by exact capped distance. The branches meeting at
 *       {@code P} (the orders located at {@code P} itself, then each child subtree) are split in
 *       halves recursively, and each split contributes the pairs from one half to the other, so
 *       each order is in {@code O(depth · log(fan-out) · L)} classes.</li>
 * </ul>
 * All iteration is over sorted structures (children by segment, orders in Book order).
 */
final class PairClasses {
    /** One class: its fee and its BUY and SELL indices, each ascending (Book order). */
    record PairClass(long fee, int[] buys, int[] sells) {
    }

    private PairClasses() {
    }

    /** The classes for the book: {@link #relaxed} when fees never fall with distance, else {@link #exact}. */
    static List<PairClass> build(Market m) {
        return m.feesNonDecreasing() ? relaxed(m) : exact(m);
    }

    /** Classes {@code (P, d)}; valid only for non-decreasing fees. */
    static List<PairClass> relaxed(Market m) {
        Trie t = new Trie(m);
        int width = t.maxHeight + 1;
        boolean[] present = new boolean[t.count * width];
        for (int i = 0; i < m.buyCount; i++) {
            markHeights(t, t.buyNode[i], present, width);
        }
        for (int j = 0; j < m.sellCount; j++) {
            markHeights(t, t.sellNode[j], present, width);
        }
        boolean[] emitted = new boolean[t.count * width];
        int last = m.levels.length - 1;
        for (int p = 0; p < t.count; p++) {
            if (!t.branchesMeet(p)) {
                continue;
            }
            for (int d = 0; d < width; d++) {
                if (!present[p * width + d]) {
                    continue;
                }
                int q = p;
                int e = d;
                // (q, e) ⊆ (parent, e + 1) with the same fee: use the larger class instead.
                while (t.parent[q] >= 0 && m.levels[e] == m.levels[Math.min(e + 1, last)]) {
                    q = t.parent[q];
                    e = Math.min(e + 1, last);
                }
                emitted[q * width + e] = true;
            }
        }
        List<PairClass> classes = new ArrayList<>();
        for (int q = 0; q < t.count; q++) {
            for (int e = 0; e < width; e++) {
                if (emitted[q * width + e]) {
                    IntList buys = new IntList();
                    IntList sells = new IntList();
                    for (int v = q; v < t.end[q]; v++) {
                        if (t.cappedHeight(v, q) <= e) {
                            addAll(buys, t.buysAt[v]);
                            addAll(sells, t.sellsAt[v]);
                        }
                    }
                    if (buys.size() > 0 && sells.size() > 0) {
                        classes.add(new PairClass(m.levels[e], buys.toSortedArray(), sells.toSortedArray()));
                    }
                }
            }
        }
        return classes;
    }

    private static void markHeights(Trie t, int node, boolean[] present, int width) {
        for (int p = node; p >= 0; p = t.parent[p]) {
            present[p * width + t.cappedHeight(node, p)] = true;
        }
    }

    /** Classes of pairs with common prefix exactly {@code P} and one exact capped distance; any fees. */
    static List<PairClass> exact(Market m) {
        Trie t = new Trie(m);
        List<PairClass> classes = new ArrayList<>();
        for (int p = 0; p < t.count; p++) {
            if (!t.branchesMeet(p)) {
                continue;
            }
            // Branch 0: the orders located at p (all at height 0); then each child subtree.
            List<Branch> branches = new ArrayList<>();
            branches.add(new Branch(t.buysAt[p], new int[t.buysAt[p].length], t.sellsAt[p],
                    new int[t.sellsAt[p].length]));
            for (int c : t.children[p]) {
                IntList b = new IntList();
                IntList bh = new IntList();
                IntList s = new IntList();
                IntList sh = new IntList();
                for (int v = c; v < t.end[c]; v++) {
                    int h = t.cappedHeight(v, p);
                    for (int i : t.buysAt[v]) {
                        b.add(i);
                        bh.add(h);
                    }
                    for (int j : t.sellsAt[v]) {
                        s.add(j);
                        sh.add(h);
                    }
                }
                branches.add(new Branch(b.toArray(), bh.toArray(), s.toArray(), sh.toArray()));
            }
            if (t.buysAt[p].length > 0 && t.sellsAt[p].length > 0) {
                classes.add(new PairClass(m.levels[0], t.buysAt[p].clone(), t.sellsAt[p].clone()));
            }
            split(m, t.maxHeight, branches, 0, branches.size() - 1, classes);
        }
        return classes;
    }

    private record Branch(int[] buys, int[] buyHeight, int[] sells, int[] sellHeight) {
    }

    private static void split(Market m, int maxHeight, List<Branch> branches, int lo, int hi, List<PairClass> out) {
        if (lo >= hi) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        across(m, maxHeight, branches, lo, mid, mid + 1, hi, out);
        across(m, maxHeight, branches, mid + 1, hi, lo, mid, out);
        split(m, maxHeight, branches, lo, mid, out);
        split(m, maxHeight, branches, mid + 1, hi, out);
    }

    /** BUYs of branches {@code [b0, b1]} with SELLs of branches {@code [s0, s1]}, by exact distance. */
    private static void across(Market m, int maxHeight, List<Branch> branches, int b0, int b1, int s0, int s1,
                               List<PairClass> out) {
        for (int d = 0; d <= maxHeight; d++) {
            // distance d = max(ĥ_b, ĥ_s): either the BUY is at d and the SELL at most d, or the
            // BUY below d and the SELL at d.
            IntList buysAt = new IntList();
            IntList buysBelow = new IntList();
            IntList sellsUpTo = new IntList();
            IntList sellsAt = new IntList();
            for (int g = b0; g <= b1; g++) {
                Branch br = branches.get(g);
                for (int k = 0; k < br.buys.length; k++) {
                    if (br.buyHeight[k] == d) {
                        buysAt.add(br.buys[k]);
                    } else if (br.buyHeight[k] < d) {
                        buysBelow.add(br.buys[k]);
                    }
                }
            }
            for (int g = s0; g <= s1; g++) {
                Branch br = branches.get(g);
                for (int k = 0; k < br.sells.length; k++) {
                    if (br.sellHeight[k] <= d) {
                        sellsUpTo.add(br.sells[k]);
                    }
                    if (br.sellHeight[k] == d) {
                        sellsAt.add(br.sells[k]);
                    }
                }
            }
            long fee = m.feeAt(d);
            if (buysAt.size() > 0 && sellsUpTo.size() > 0) {
                out.add(new PairClass(fee, buysAt.toSortedArray(), sellsUpTo.toSortedArray()));
            }
            if (buysBelow.size() > 0 && sellsAt.size() > 0) {
                out.add(new PairClass(fee, buysBelow.toSortedArray(), sellsAt.toSortedArray()));
            }
        }
    }

    private static void addAll(IntList list, int[] values) {
        for (int v : values) {
            list.add(v);
        }
    }

    /**
     * The location trie, nodes numbered in preorder with children sorted by segment, so the
     * subtree of {@code v} is the id range {@code [v, end[v])}.
     */
    private static final class Trie {
        final int count;
        final int[] parent;
        final int[] depth;
        final int[] end;
        final int[][] children;
        final int[][] buysAt;
        final int[][] sellsAt;
        final int[] buyNode;
        final int[] sellNode;
        final boolean[] subtreeHasBuy;
        final boolean[] subtreeHasSell;
        /** Largest capped height {@code min(depth, L − 1)} that can occur. */
        final int maxHeight;
        private final int lastLevel;

        private static final class Building {
            final TreeMap<String, Building> children = new TreeMap<>();
            final IntList buys = new IntList();
            final IntList sells = new IntList();
            int id;
        }

        Trie(Market m) {
            Building root = new Building();
            List<Building> buyAt = new ArrayList<>(m.buyCount);
            for (int i = 0; i < m.buyCount; i++) {
                Building b = descend(root, m.buyPath[i]);
                b.buys.add(i);
                buyAt.add(b);
            }
            List<Building> sellAt = new ArrayList<>(m.sellCount);
            for (int j = 0; j < m.sellCount; j++) {
                Building b = descend(root, m.sellPath[j]);
                b.sells.add(j);
                sellAt.add(b);
            }
            // Preorder numbering with an explicit stack (paths may be long).
            List<Building> order = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            List<Integer> depths = new ArrayList<>();
            ArrayDeque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {root, -1, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.pop();
                Building b = (Building) top[0];
                b.id = order.size();
                order.add(b);
                parents.add((Integer) top[1]);
                depths.add((Integer) top[2]);
                List<Building> kids = new ArrayList<>(b.children.values());
                for (int k = kids.size() - 1; k >= 0; k--) {
                    stack.push(new Object[] {kids.get(k), b.id, (Integer) top[2] + 1});
                }
            }
            count = order.size();
            parent = new int[count];
            depth = new int[count];
            end = new int[count];
            children = new int[count][];
            buysAt = new int[count][];
            sellsAt = new int[count][];
            subtreeHasBuy = new boolean[count];
            subtreeHasSell = new boolean[count];
            int deepest = 0;
            for (int v = 0; v < count; v++) {
                Building b = order.get(v);
                parent[v] = parents.get(v);
                depth[v] = depths.get(v);
                deepest = Math.max(deepest, depth[v]);
                children[v] = new int[b.children.size()];
                int k = 0;
                for (Map.Entry<String, Building> c : b.children.entrySet()) {
                    children[v][k++] = c.getValue().id;
                }
                buysAt[v] = b.buys.toArray();
                sellsAt[v] = b.sells.toArray();
            }
            // Children have larger ids than their parent: one backward pass sums up the subtrees.
            for (int v = count - 1; v >= 0; v--) {
                int e = v + 1;
                for (int c : children[v]) {
                    e = Math.max(e, end[c]);
                    subtreeHasBuy[v] |= subtreeHasBuy[c];
                    subtreeHasSell[v] |= subtreeHasSell[c];
                }
                end[v] = e;
                subtreeHasBuy[v] |= buysAt[v].length > 0;
                subtreeHasSell[v] |= sellsAt[v].length > 0;
            }
            buyNode = new int[m.buyCount];
            for (int i = 0; i < m.buyCount; i++) {
                buyNode[i] = buyAt.get(i).id;
            }
            sellNode = new int[m.sellCount];
            for (int j = 0; j < m.sellCount; j++) {
                sellNode[j] = sellAt.get(j).id;
            }
            lastLevel = m.levels.length - 1;
            maxHeight = Math.min(deepest, lastLevel);
        }

        private static Building descend(Building root, String[] path) {
            Building b = root;
            for (String segment : path) {
                b = b.children.computeIfAbsent(segment, s -> new Building());
            }
            return b;
        }

        /** {@code min(depth(v) − depth(ancestor), L − 1)}. */
        int cappedHeight(int v, int ancestor) {
            return Math.min(depth[v] - depth[ancestor], lastLevel);
        }

        /**
         * Whether some pair has its longest common prefix exactly at {@code p}: a BUY and a SELL
         * in different branches below {@code p}, or both located at {@code p}.
         */
        boolean branchesMeet(int p) {
            boolean hereBuy = buysAt[p].length > 0;
            boolean hereSell = sellsAt[p].length > 0;
            if (hereBuy && hereSell) {
                return true;
            }
            int buyBranches = hereBuy ? 1 : 0;
            int sellBranches = hereSell ? 1 : 0;
            int buyBranch = hereBuy ? p : -1;
            int sellBranch = hereSell ? p : -1;
            for (int c : children[p]) {
                if (subtreeHasBuy[c]) {
                    buyBranches++;
                    buyBranch = c;
                }
                if (subtreeHasSell[c]) {
                    sellBranches++;
                    sellBranch = c;
                }
            }
            if (buyBranches == 0 || sellBranches == 0) {
                return false;
            }
            return buyBranches > 1 || sellBranches > 1 || buyBranch != sellBranch;
        }
    }
}
