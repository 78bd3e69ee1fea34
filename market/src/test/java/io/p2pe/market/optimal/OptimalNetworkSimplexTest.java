package io.p2pe.market.optimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The network simplex against successive shortest paths (Bellman–Ford, lexicographic costs as one
 * BigInteger) on random layered networks with capacitated and uncapacitated arcs and mixed-sign
 * three-component costs: same lexicographic optimum, and a valid flow.
 */
class OptimalNetworkSimplexTest {

    private record Arc(int from, int to, long cap, long[] cost) {
    }

    private static List<Arc> randomNetwork(java.util.Random r, int layerA, int layerB) {
        List<Arc> arcs = new ArrayList<>();
        int a0 = 2;
        int b0 = 2 + layerA;
        for (int a = 0; a < layerA; a++) {
            arcs.add(new Arc(0, a0 + a, 1 + r.nextInt(9), randomCost(r)));
            for (int b = 0; b < layerB; b++) {
                if (r.nextInt(3) > 0) {
                    long cap = r.nextBoolean() ? NetworkSimplex.INFINITE : 1 + r.nextInt(6);
                    arcs.add(new Arc(a0 + a, b0 + b, cap, randomCost(r)));
                }
            }
            if (r.nextInt(4) == 0) {
                arcs.add(new Arc(a0 + a, 1, 1 + r.nextInt(5), randomCost(r)));
            }
        }
        for (int b = 0; b < layerB; b++) {
            arcs.add(new Arc(b0 + b, 1, 1 + r.nextInt(9), randomCost(r)));
            if (b + 1 < layerB && r.nextInt(3) == 0) {
                arcs.add(new Arc(b0 + b, b0 + b + 1, NetworkSimplex.INFINITE, randomCost(r)));
            }
        }
        return arcs;
    }

    private static long[] randomCost(java.util.Random r) {
        return new long[] {r.nextInt(7) - 3, r.nextInt(7) - 3, r.nextInt(7) - 3};
    }

    private static final BigInteger WEIGHT = BigInteger.valueOf(1_000_000);

    private static BigInteger combined(long[] c) {
        return BigInteger.valueOf(c[0]).multiply(WEIGHT).add(BigInteger.valueOf(c[1])).multiply(WEIGHT)
                .add(BigInteger.valueOf(c[2]));
    }

    /** Lexicographic minimum cost of sending up to {@code amount} (the rest bypasses at cost 0). */
    private static BigInteger reference(int nodes, List<Arc> arcs, long amount) {
        long[] flow = new long[arcs.size()];
        long sent = 0;
        BigInteger total = BigInteger.ZERO;
        while (sent < amount) {
            BigInteger[] dist = new BigInteger[nodes];
            int[] via = new int[nodes];
            dist[0] = BigInteger.ZERO;
            for (int round = 0; round < nodes; round++) {
                for (int e = 0; e < 2 * arcs.size(); e++) {
                    Arc a = arcs.get(e / 2);
                    boolean fwd = e % 2 == 0;
                    int u = fwd ? a.from : a.to;
                    int v = fwd ? a.to : a.from;
                    long residual = fwd ? a.cap - flow[e / 2] : flow[e / 2];
                    if (residual > 0 && dist[u] != null) {
                        BigInteger d = dist[u].add(fwd ? combined(a.cost) : combined(a.cost).negate());
                        if (dist[v] == null || d.compareTo(dist[v]) < 0) {
                            dist[v] = d;
                            via[v] = e;
                        }
                    }
                }
            }
            if (dist[1] == null || dist[1].signum() >= 0) {
                break;
            }
            long push = amount - sent;
            for (int v = 1; v != 0; ) {
                int e = via[v];
                Arc a = arcs.get(e / 2);
                push = Math.min(push, e % 2 == 0 ? a.cap - flow[e / 2] : flow[e / 2]);
                v = e % 2 == 0 ? a.from : a.to;
            }
            for (int v = 1; v != 0; ) {
                int e = via[v];
                Arc a = arcs.get(e / 2);
                flow[e / 2] += e % 2 == 0 ? push : -push;
                v = e % 2 == 0 ? a.from : a.to;
            }
            sent += push;
            total = total.add(dist[1].multiply(BigInteger.valueOf(push)));
        }
        return total;
    }

    @Property(tries = 1000)
    void matchesSuccessiveShortestPaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int layerA,
                                        @ForAll @IntRange(min = 1, max = 6) int layerB,
                                        @ForAll @LongRange(min = 0, max = 60) long amount) {
        java.util.Random r = new java.util.Random(seed);
        List<Arc> arcs = randomNetwork(r, layerA, layerB);
        int nodes = 2 + layerA + layerB;
        NetworkSimplex ns = new NetworkSimplex(nodes, 3);
        for (Arc a : arcs) {
            ns.addArc(a.from, a.to, a.cap, a.cost[0], a.cost[1], a.cost[2]);
        }
        ns.solve(0, 1, amount);
        long[] balance = new long[nodes];
        long[] cost = new long[3];
        for (int e = 0; e < arcs.size(); e++) {
            Arc a = arcs.get(e);
            long f = ns.flow(e);
            assertTrue(f >= 0 && f <= a.cap, "capacity");
            balance[a.from] -= f;
            balance[a.to] += f;
            for (int k = 0; k < 3; k++) {
                cost[k] += a.cost[k] * f;
            }
        }
        long bypass = ns.flow(arcs.size());
        assertTrue(bypass >= 0, "bypass");
        assertEquals(-amount + bypass, balance[0], "source sends the amount");
        assertEquals(amount - bypass, balance[1], "sink receives it");
        for (int v = 2; v < nodes; v++) {
            assertEquals(0, balance[v], "conservation at " + v);
        }
        assertEquals(reference(nodes, arcs, amount), combined(cost));
    }
}
