package io.p2pe.market.optimal;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Exact depth-first branch and bound over {@link ExactLp}: maximise {@code c·x} subject to
 * {@code A x ≤ b}, {@code 0 ≤ x ≤ upper}, with some variables integral.
 *
 * <p>A node is a box of bounds. Its LP substitutes {@code x = lower + y} (so every right-hand side
 * is adjusted exactly) and adds a row {@code y_j ≤ upper_j − lower_j} for each bounded variable. A
 * node is pruned when its LP is infeasible or when its bound, tightened by the caller's rule for
 * values integral solutions can take, cannot beat the incumbent. Otherwise it branches on the
 * most fractional integral variable (lowest index on ties) into {@code x ≤ ⌊v⌋} and {@code x ≥ ⌈v⌉},
 * exploring first the side nearer to {@code v} (down on a tie). Incumbents come from a dive at the
 * root and from the caller's rounding heuristic at every node. Everything is exact and
 * deterministic.
 *
 * <p>The search stops with {@link Outcome#complete} false when its work budget (tableau entries
 * recomputed by all its LPs, see {@link ExactLp}) runs out: the caller must then refuse rather than
 * report the incumbent as optimal.
 */
final class IntegerSearch {
    /** The best solution found, its value, and whether the search proved it optimal. */
    record Outcome(Fraction[] x, Fraction value, boolean complete, long work) {
    }

    /** Offers a feasible integral solution derived from an LP solution, or null. */
    interface Heuristic {
        Fraction[] round(Fraction[] lpSolution);
    }

    private final BigInteger[][] a;
    private final BigInteger[] b;
    private final BigInteger[] c;
    private final long[] upper;
    private final boolean[] integral;
    private final UnaryOperator<Fraction> tighten;
    private final Heuristic heuristic;
    private static final Fraction HALF = new Fraction(BigInteger.ONE, BigInteger.TWO);

    private Fraction[] bestX;
    private Fraction bestValue;
    private long work;

    /**
     * @param upper an upper bound per variable (every variable here is bounded)
     * @param tighten maps an LP bound to the best value an integral solution under it can have
     * @param incumbent a known feasible solution, or null
     */
    IntegerSearch(BigInteger[][] a, BigInteger[] b, BigInteger[] c, long[] upper, boolean[] integral,
                  UnaryOperator<Fraction> tighten, Heuristic heuristic, Fraction[] incumbent) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.upper = upper;
        this.integral = integral;
        this.tighten = tighten;
        this.heuristic = heuristic;
        if (incumbent != null) {
            bestX = incumbent;
            bestValue = value(incumbent);
        }
    }

    private record Node(long[] lower, long[] upper) {
    }

    Outcome run(long workBudget) {
        int n = c.length;
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(new long[n], upper.clone()));
        work = 0;
        boolean root = true;
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            Fraction[] x = solveNode(node, workBudget);
            if (work > workBudget) {
                return new Outcome(bestX, bestValue, false, work);
            }
            if (x == null) {
                continue;
            }
            if (root) {
                root = false;
                dive(node, x, workBudget);
                if (work > workBudget) {
                    return new Outcome(bestX, bestValue, false, work);
                }
            }
            Fraction lpValue = value(x);
            if (bestValue != null && tighten.apply(lpValue).compareTo(bestValue) <= 0) {
                continue;
            }
            int j = mostFractional(x);
            if (j < 0) {
                bestX = x;
                bestValue = lpValue;
                continue;
            }
            Fraction[] rounded = heuristic.round(x);
            if (rounded != null) {
                Fraction v = value(rounded);
                if (bestValue == null || v.compareTo(bestValue) > 0) {
                    bestX = rounded;
                    bestValue = v;
                    if (tighten.apply(lpValue).compareTo(bestValue) <= 0) {
                        continue;
                    }
                }
            }
            long down = x[j].floor().longValueExact();
            long[] downUpper = node.upper.clone();
            downUpper[j] = down;
            long[] upLower = node.lower.clone();
            upLower[j] = down + 1;
            Node downNode = new Node(node.lower, downUpper);
            Node upNode = new Node(upLower, node.upper);
            boolean upFirst = x[j].fractionalPart().compareTo(HALF) > 0;
            stack.push(upFirst ? downNode : upNode);
            stack.push(upFirst ? upNode : downNode);
        }
        return new Outcome(bestX, bestValue, true, work);
    }

    /**
     * Diving heuristic from the root: fix every integral variable that the LP already sets to an
     * integer, round the most fractional one (nearer side first, the other if infeasible), solve
     * again, and repeat until the LP solution is integral (a new incumbent) or both sides fail. A
     * good incumbent early is what lets the bound prune: the gaps here are the last few Wh.
     */
    private void dive(Node start, Fraction[] startX, long workBudget) {
        Node node = start;
        Fraction[] x = startX;
        while (true) {
            int j = mostFractional(x);
            if (j < 0) {
                Fraction v = value(x);
                if (bestValue == null || v.compareTo(bestValue) > 0) {
                    bestX = x;
                    bestValue = v;
                }
                return;
            }
            long[] lower = node.lower.clone();
            long[] upperBound = node.upper.clone();
            for (int k = 0; k < x.length; k++) {
                if (integral[k] && x[k].isInteger()) {
                    lower[k] = x[k].num().longValueExact();
                    upperBound[k] = lower[k];
                }
            }
            long down = x[j].floor().longValueExact();
            long[] downUpper = upperBound.clone();
            downUpper[j] = down;
            long[] upLower = lower.clone();
            upLower[j] = down + 1;
            Node downNode = new Node(lower, downUpper);
            Node upNode = new Node(upLower, upperBound);
            boolean upFirst = x[j].fractionalPart().compareTo(HALF) > 0;
            Node first = upFirst ? upNode : downNode;
            Node second = upFirst ? downNode : upNode;
            Fraction[] next = solveNode(first, workBudget);
            if (next == null && work <= workBudget) {
                first = second;
                next = solveNode(second, workBudget);
            }
            if (next == null || work > workBudget) {
                return;
            }
            node = first;
            x = next;
        }
    }

    /** The integral variable whose value is farthest from an integer (lowest index on ties), or −1. */
    private int mostFractional(Fraction[] x) {
        int best = -1;
        Fraction bestDistance = Fraction.ZERO;
        for (int j = 0; j < x.length; j++) {
            if (integral[j] && !x[j].isInteger()) {
                Fraction f = x[j].fractionalPart();
                Fraction distance = f.compareTo(HALF) > 0 ? Fraction.ONE.subtract(f) : f;
                if (distance.compareTo(bestDistance) > 0) {
                    best = j;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    private Fraction value(Fraction[] x) {
        Fraction v = Fraction.ZERO;
        for (int j = 0; j < x.length; j++) {
            if (c[j].signum() != 0 && x[j].num().signum() != 0) {
                v = v.add(x[j].multiply(c[j]));
            }
        }
        return v;
    }

    /** The LP of a node in the original variables, or null when infeasible. */
    private Fraction[] solveNode(Node node, long workBudget) {
        int n = c.length;
        int m = b.length;
        for (int j = 0; j < n; j++) {
            if (node.lower[j] > node.upper[j]) {
                return null;
            }
        }
        int bounded = 0;
        for (int j = 0; j < n; j++) {
            if (node.upper[j] < upper[j] || node.lower[j] > 0) {
                bounded++;
            }
        }
        BigInteger[][] rowsA = new BigInteger[m + bounded][];
        BigInteger[] rowsB = new BigInteger[m + bounded];
        for (int r = 0; r < m; r++) {
            rowsA[r] = a[r];
            BigInteger shifted = b[r];
            for (int j = 0; j < n; j++) {
                if (node.lower[j] != 0 && a[r][j].signum() != 0) {
                    shifted = shifted.subtract(a[r][j].multiply(BigInteger.valueOf(node.lower[j])));
                }
            }
            rowsB[r] = shifted;
        }
        int k = m;
        for (int j = 0; j < n; j++) {
            if (node.upper[j] < upper[j] || node.lower[j] > 0) {
                BigInteger[] row = new BigInteger[n];
                Arrays.fill(row, BigInteger.ZERO);
                row[j] = BigInteger.ONE;
                rowsA[k] = row;
                rowsB[k] = BigInteger.valueOf(node.upper[j] - node.lower[j]);
                k++;
            }
        }
        ExactLp.Result r = ExactLp.maximize(rowsA, rowsB, c, workBudget - work);
        work += r.work();
        if (r.status() != ExactLp.Status.OPTIMAL) {
            if (r.status() == ExactLp.Status.UNBOUNDED) {
                throw new IllegalStateException("bounded problem reported unbounded");
            }
            return null;
        }
        Fraction[] x = r.x();
        for (int j = 0; j < n; j++) {
            if (node.lower[j] != 0) {
                x[j] = x[j].add(Fraction.of(node.lower[j]));
            }
        }
        return x;
    }
}
