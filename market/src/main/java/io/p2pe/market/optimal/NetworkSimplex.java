package io.p2pe.market.optimal;

import java.util.Arrays;

/**
 * Exact primal network simplex for a single-source, single-sink minimum-cost flow whose costs are
 * vectors of up to three {@code long} components compared lexicographically. Internal to
 * {@link io.p2pe.market.OptimalClearing}; not a public API.
 *
 * <p>Problem: send exactly {@code amount} units from {@code source} to {@code sink}; the solver
 * adds a zero-cost, uncapacitated bypass arc {@code source → sink}, so the real arcs carry the flow
 * that lowers the cost and the bypass carries the rest. The minimum is lexicographic: first
 * component first, ties by the second, then the third. Lexicographic vectors form an ordered
 * group, which is all the simplex method needs from its costs, so a lexicographic objective is
 * solved exactly in one run, without a big-M weighting that could overflow.
 *
 * <p>Preconditions (true for every network {@link PairFlow} builds): capacities are positive, and
 * there is no directed cycle of uncapacitated arcs (the networks are acyclic), so the problem is
 * bounded. Nodes from which the sink cannot be reached can carry no flow and are left out.
 *
 * <p>Method (as in LEMON's {@code NetworkSimplex}): the initial spanning tree is an in-tree towards
 * the sink made of real arcs with zero flow, plus the bypass carrying {@code amount}; every
 * zero-flow tree arc points towards the root, so the tree is <em>strongly feasible</em>. Pivots
 * keep it strongly feasible (the leaving arc is the last blocking arc of the cycle met in the
 * direction of flow from the join node), which rules out cycling whatever the entering-arc rule;
 * the entering arc is chosen by block search (the most violating arc in blocks of about √m / 4
 * arcs, resuming where the previous search stopped). The tree is kept as parent pointers, depths
 * and child lists; a pivot re-hangs the subtree cut off by the leaving arc and shifts its
 * potentials, in time proportional to that subtree. Everything is integer arithmetic in a fixed
 * order, so the result depends only on the network as built.
 *
 * <p>Overflow: a node potential is a sum of arc costs along a tree path. Before solving, each cost
 * component's sum of magnitudes over all arcs is checked to be at most 2<sup>60</sup> (callers use
 * prices, fees, ±1 and ranks: at most about 10<sup>12</sup> for a million orders), so every
 * potential and reduced cost fits in a {@code long}. Flows are at most {@code amount}.
 */
final class NetworkSimplex {
    /** Capacity of an uncapacitated arc. */
    static final long INFINITE = Long.MAX_VALUE;
    /** Largest accepted magnitude of one cost component (see the overflow note above). */
    static final long MAX_COST = 1L << 31;
    private static final long MAX_COST_SUM = 1L << 60;
    /**
     * Block size of the entering-arc search is √arcs divided by this. LEMON uses √arcs; measured
     * on benchmark books, a quarter of it needs as few pivots for far less searching.
     */
    private static final int BLOCK_DIVISOR = 4;

    private static final int STATE_UPPER = -1;
    private static final int STATE_TREE = 0;
    private static final int STATE_LOWER = 1;

    private final int nodeCount;
    private final int components;
    private int arcCount;
    private int[] src;
    private int[] dst;
    private long[] cap;
    private long[] c0;
    private long[] c1;
    private long[] c2;
    private long[] flow;
    private int[] state;

    // Spanning tree: parent, the tree arc to the parent, depth, and children as a doubly linked list.
    private int[] parent;
    private int[] pred;
    private int[] depth;
    private int[] firstChild;
    private int[] nextSibling;
    private int[] prevSibling;
    private long[] pi0;
    private long[] pi1;
    private long[] pi2;

    private int[] searchArcs;
    private int searchCount;
    private int blockSize;
    private int nextArc;

    /**
     * @param nodeCount nodes are numbered {@code 0 … nodeCount − 1}
     * @param components how many cost components (1 to 3) are significant
     */
    NetworkSimplex(int nodeCount, int components) {
        if (components < 1 || components > 3) {
            throw new IllegalArgumentException("components must be 1, 2 or 3");
        }
        this.nodeCount = nodeCount;
        this.components = components;
        int initial = Math.max(16, nodeCount * 2);
        src = new int[initial];
        dst = new int[initial];
        cap = new long[initial];
        c0 = new long[initial];
        c1 = new long[initial];
        c2 = new long[initial];
    }

    /**
     * Adds an arc and returns its id (arcs are numbered in the order added).
     *
     * @param capacity positive, or {@link #INFINITE}
     */
    int addArc(int from, int to, long capacity, long cost0, long cost1, long cost2) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        if (Math.abs(cost0) > MAX_COST || Math.abs(cost1) > MAX_COST || Math.abs(cost2) > MAX_COST) {
            throw new IllegalArgumentException("cost component out of range");
        }
        if (arcCount == src.length) {
            int n = arcCount * 2;
            src = Arrays.copyOf(src, n);
            dst = Arrays.copyOf(dst, n);
            cap = Arrays.copyOf(cap, n);
            c0 = Arrays.copyOf(c0, n);
            c1 = Arrays.copyOf(c1, n);
            c2 = Arrays.copyOf(c2, n);
        }
        src[arcCount] = from;
        dst[arcCount] = to;
        cap[arcCount] = capacity;
        c0[arcCount] = cost0;
        c1[arcCount] = cost1;
        c2[arcCount] = cost2;
        return arcCount++;
    }

    /** Flow on an arc after {@link #solve}. */
    long flow(int arc) {
        return flow[arc];
    }

    /**
     * Sends {@code amount} units from {@code source} to {@code sink} at lexicographically minimum
     * cost; what the real arcs cannot carry profitably goes through the bypass.
     */
    void solve(int source, int sink, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        int bypass = addArc(source, sink, INFINITE, 0, 0, 0);
        // Potentials are sums of arc costs along tree paths, so bounding each component's sum of
        // magnitudes by 2^60 keeps every potential and reduced cost within a long.
        long sum0 = 0;
        long sum1 = 0;
        long sum2 = 0;
        for (int e = 0; e < arcCount; e++) {
            sum0 = Math.addExact(sum0, Math.abs(c0[e]));
            sum1 = Math.addExact(sum1, Math.abs(c1[e]));
            sum2 = Math.addExact(sum2, Math.abs(c2[e]));
        }
        if (sum0 > MAX_COST_SUM || sum1 > MAX_COST_SUM || sum2 > MAX_COST_SUM) {
            throw new ArithmeticException("network too large for exact 64-bit potentials");
        }
        flow = new long[arcCount];
        state = new int[arcCount];
        Arrays.fill(state, STATE_LOWER);
        flow[bypass] = amount;
        buildInitialTree(source, sink, bypass);
        blockSize = Math.max(10, integerSqrt(searchCount) / BLOCK_DIVISOR);
        nextArc = 0;
        while (findEnteringArc()) {
            pivot();
        }
    }

    /**
     * Builds the in-tree towards the sink breadth-first over reversed arcs (in arc order), with the
     * bypass as the source's tree arc so that the tree carries the supply.
     */
    private void buildInitialTree(int source, int sink, int bypass) {
        int n = nodeCount;
        int[] inStart = new int[n + 1];
        for (int e = 0; e < arcCount; e++) {
            inStart[dst[e] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            inStart[v + 1] += inStart[v];
        }
        int[] inArcs = new int[arcCount];
        int[] fill = Arrays.copyOf(inStart, n);
        for (int e = 0; e < arcCount; e++) {
            inArcs[fill[dst[e]]++] = e;
        }
        parent = new int[n];
        pred = new int[n];
        depth = new int[n];
        firstChild = new int[n];
        nextSibling = new int[n];
        prevSibling = new int[n];
        pi0 = new long[n];
        pi1 = new long[n];
        pi2 = new long[n];
        Arrays.fill(parent, -2);
        Arrays.fill(firstChild, -1);
        Arrays.fill(nextSibling, -1);
        Arrays.fill(prevSibling, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        parent[sink] = -1;
        pred[sink] = -1;
        queue[tail++] = sink;
        if (source != sink) {
            attach(source, sink, bypass);
            queue[tail++] = source;
        }
        while (head < tail) {
            int v = queue[head++];
            for (int k = inStart[v]; k < inStart[v + 1]; k++) {
                int e = inArcs[k];
                int u = src[e];
                if (parent[u] == -2) {
                    attach(u, v, e);
                    queue[tail++] = u;
                }
            }
        }
        searchArcs = new int[arcCount];
        searchCount = 0;
        for (int e = 0; e < arcCount; e++) {
            if (parent[src[e]] != -2 && parent[dst[e]] != -2) {
                searchArcs[searchCount++] = e;
            }
        }
    }

    private void attach(int child, int par, int arc) {
        parent[child] = par;
        pred[child] = arc;
        depth[child] = depth[par] + 1;
        state[arc] = STATE_TREE;
        // Tree arcs have zero reduced cost: cost + pi[src] - pi[dst] = 0, and arc = child -> par.
        pi0[child] = pi0[par] - c0[arc];
        pi1[child] = pi1[par] - c1[arc];
        pi2[child] = pi2[par] - c2[arc];
        addChild(par, child);
    }

    private void addChild(int par, int child) {
        int first = firstChild[par];
        nextSibling[child] = first;
        prevSibling[child] = -1;
        if (first >= 0) {
            prevSibling[first] = child;
        }
        firstChild[par] = child;
    }

    private void removeChild(int par, int child) {
        int prev = prevSibling[child];
        int next = nextSibling[child];
        if (prev >= 0) {
            nextSibling[prev] = next;
        } else {
            firstChild[par] = next;
        }
        if (next >= 0) {
            prevSibling[next] = prev;
        }
        prevSibling[child] = -1;
        nextSibling[child] = -1;
    }

    private int inArc;

    /** Block search: the lexicographically most violating arc of the first block that has one. */
    private boolean findEnteringArc() {
        int m = searchCount;
        if (m == 0) {
            return false;
        }
        int best = -1;
        long b0 = 0;
        long b1 = 0;
        long b2 = 0;
        int count = blockSize;
        int idx = nextArc;
        for (int k = 0; k < m; k++) {
            int e = searchArcs[idx];
            idx = idx + 1 == m ? 0 : idx + 1;
            int st = state[e];
            if (st != STATE_TREE) {
                int s = src[e];
                int t = dst[e];
                long v0 = st * (c0[e] + pi0[s] - pi0[t]);
                if (v0 < b0) {
                    best = e;
                    b0 = v0;
                    b1 = st * (c1[e] + pi1[s] - pi1[t]);
                    b2 = st * (c2[e] + pi2[s] - pi2[t]);
                } else if (v0 == b0 && components > 1) {
                    long v1 = st * (c1[e] + pi1[s] - pi1[t]);
                    if (v1 < b1) {
                        best = e;
                        b1 = v1;
                        b2 = st * (c2[e] + pi2[s] - pi2[t]);
                    } else if (v1 == b1 && components > 2) {
                        long v2 = st * (c2[e] + pi2[s] - pi2[t]);
                        if (v2 < b2) {
                            best = e;
                            b2 = v2;
                        }
                    }
                }
            }
            if (--count == 0) {
                if (best >= 0) {
                    nextArc = idx;
                    inArc = best;
                    return true;
                }
                count = blockSize;
            }
        }
        if (best >= 0) {
            nextArc = idx;
            inArc = best;
            return true;
        }
        return false;
    }

    private void pivot() {
        int e = inArc;
        int first;
        int second;
        if (state[e] == STATE_LOWER) {
            first = src[e];
            second = dst[e];
        } else {
            first = dst[e];
            second = src[e];
        }
        int join = findJoin(src[e], dst[e]);
        // Leaving arc: the last blocking arc met going round the cycle in the direction of flow
        // from the join node (first side walked from `first` up with '<', second side with '<=').
        long delta = cap[e];
        int result = 0;
        int uOut = -1;
        for (int u = first; u != join; u = parent[u]) {
            int a = pred[u];
            long d = src[a] == u ? flow[a] : cap[a] - flow[a];
            if (d < delta) {
                delta = d;
                uOut = u;
                result = 1;
            }
        }
        for (int u = second; u != join; u = parent[u]) {
            int a = pred[u];
            long d = src[a] == u ? cap[a] - flow[a] : flow[a];
            if (d <= delta) {
                delta = d;
                uOut = u;
                result = 2;
            }
        }
        if (delta >= INFINITE / 2) {
            throw new IllegalStateException("unbounded network: a cycle of uncapacitated arcs has negative cost");
        }
        if (delta > 0) {
            long val = state[e] * delta;
            flow[e] += val;
            for (int u = src[e]; u != join; u = parent[u]) {
                int a = pred[u];
                flow[a] += src[a] == u ? -val : val;
            }
            for (int u = dst[e]; u != join; u = parent[u]) {
                int a = pred[u];
                flow[a] += src[a] == u ? val : -val;
            }
        }
        if (result == 0) {
            state[e] = -state[e];
            return;
        }
        int uIn = result == 1 ? first : second;
        int vIn = result == 1 ? second : first;
        int out = pred[uOut];
        state[e] = STATE_TREE;
        state[out] = flow[out] == 0 ? STATE_LOWER : STATE_UPPER;
        // The subtree below the leaving arc is re-hung from vIn through the entering arc; its
        // potentials all move by the entering arc's reduced cost so that tree arcs stay at zero.
        long r0 = c0[e] + pi0[src[e]] - pi0[dst[e]];
        long r1 = c1[e] + pi1[src[e]] - pi1[dst[e]];
        long r2 = c2[e] + pi2[src[e]] - pi2[dst[e]];
        if (uIn == src[e]) {
            r0 = -r0;
            r1 = -r1;
            r2 = -r2;
        }
        int w = uIn;
        int newParent = vIn;
        int newPred = e;
        while (true) {
            int oldParent = parent[w];
            int oldPred = pred[w];
            removeChild(oldParent, w);
            parent[w] = newParent;
            pred[w] = newPred;
            addChild(newParent, w);
            if (w == uOut) {
                break;
            }
            newParent = w;
            newPred = oldPred;
            w = oldParent;
        }
        updateSubtree(uIn, r0, r1, r2);
    }

    /** ⌊√n⌋ in integer arithmetic. */
    private static int integerSqrt(int n) {
        int r = 0;
        while ((long) (r + 1) * (r + 1) <= n) {
            r++;
        }
        return r;
    }

    private int findJoin(int u, int v) {
        while (u != v) {
            if (depth[u] > depth[v]) {
                u = parent[u];
            } else if (depth[v] > depth[u]) {
                v = parent[v];
            } else {
                u = parent[u];
                v = parent[v];
            }
        }
        return u;
    }

    /** Preorder walk of the subtree of {@code top}: fresh depths and shifted potentials. */
    private void updateSubtree(int top, long d0, long d1, long d2) {
        int x = top;
        while (true) {
            depth[x] = depth[parent[x]] + 1;
            pi0[x] += d0;
            pi1[x] += d1;
            pi2[x] += d2;
            if (firstChild[x] >= 0) {
                x = firstChild[x];
                continue;
            }
            while (x != top && nextSibling[x] < 0) {
                x = parent[x];
            }
            if (x == top) {
                return;
            }
            x = nextSibling[x];
        }
    }
}
