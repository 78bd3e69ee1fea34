package io.p2pe.market;

import io.p2pe.market.optimal.OptimalTrades;
import java.util.Objects;

/**
 * OPTIMAL: the best set of pairwise trades for an {@link Objective}, with wheeling fees by grid
 * distance and midpoint pricing net of fees (docs/market-rules.md). Every answer is exact and integral
 * in Wh; there is no floating point, no hash iteration and no randomness anywhere.
 *
 * <p>Allocation {@code x_ij ≥ 0} (Wh) for each feasible pair ({@code price_i ≥ price_j + fee_ij}),
 * {@code Σ_j x_ij ≤ wh_i}, {@code Σ_i x_ij ≤ wh_j}; one {@link Trade} per pair with
 * {@code x_ij > 0}, at {@code price_j + floor((price_i − price_j − fee_ij) / 2)} with
 * {@code wheelingFee = fee_ij}. {@link Outcome#clearingPrice()} is null.
 *
 * <h2>MAX_WELFARE and MAX_VOLUME: exact minimum-cost flow</h2>
 * Both are transportation problems, whose optima are integral. They are solved as one
 * minimum-cost flow each, with lexicographic cost vectors: (surplus, volume, rank) for
 * MAX_WELFARE and (volume, surplus, rank) for MAX_VOLUME, by a primal network simplex
 * ({@code optimal.NetworkSimplex}) that compares costs lexicographically, so no big-M weighting
 * and no overflow (potentials are bounded by 2<sup>60</sup> and checked). Zero-surplus pairs are
 * feasible: MAX_WELFARE takes them when they add volume.
 *
 * <p>The explicit network would have one arc per BUY×SELL pair (6 million at 5,000 orders).
 * Instead the pairs are grouped into <em>classes</em> ({@code optimal.PairClasses}) from the trie
 * of locations: with fees that never fall with distance (the usual schedule), class
 * {@code (P, d)} holds the orders below location prefix {@code P} whose capped height below
 * {@code P} is at most {@code d}, at fee {@code levels[d]}; with a schedule that falls somewhere,
 * exact classes pair only orders whose common prefix is exactly {@code P} at their exact distance.
 * Either way every pair in a class has its true fee ≤ the class fee, and every pair is in a class
 * at exactly its true fee. Each class gets a chain of nodes over its SELL prices (one node per
 * distinct BUY entry level) so that a BUY reaches exactly the SELLs with
 * {@code price_j ≤ price_i − fee_class}: infeasible pairs are never routed, which MAX_VOLUME
 * needs. Hence the compressed network has the same optimum as the pairwise one, and in an optimal
 * flow every pair is routed at its true fee (a dearer route could be swapped for the exact one,
 * gaining surplus at equal volume); the flow is split into pairs along each chain first in, first
 * out, and every resulting pair is checked against its true fee. Size: with the usual four-level
 * locations each order is in at most one class per level, so the network has {@code O(n · depth)}
 * nodes and arcs. Time: network simplex is not polynomial in the worst case but in practice runs
 * some {@code O(nodes)} pivots; measured figures are in docs/benchmarks.md.
 *
 * <h2>MAX_MIN_SURPLUS</h2>
 * An order's surplus rate is its share ({@code ⌈s/2⌉} per kWh for a BUY, {@code ⌊s/2⌋} for a SELL,
 * {@code s} the pair's surplus per kWh) times Wh over its own Wh. Over the orders with a feasible
 * counterparty, maximise the smallest rate {@code t*}, then surplus keeping every rate ≥
 * {@code t*}, then (tie-break, as above) volume.
 * <ul>
 *   <li>{@code t* = 0} is decided exactly at any size: with integral Wh a rate is positive iff the
 *       order gets a Wh from a pair giving it a positive share, so {@code t* > 0} iff all those
 *       orders can be served so at once, a maximum-reward flow on the same compressed network.
 *       If {@code t* = 0} every allocation keeps the minimum and the answer is the MAX_WELFARE
 *       allocation.</li>
 *   <li>If {@code t* > 0} the problem is an integer program that is not a flow; it is NP-hard in
 *       general (SELLs of 1 Wh are indivisible goods, and maximising the least-served buyer's
 *       value of indivisible goods is the max-min allocation problem), so the rules ask for a
 *       smallest rate of at least {@code 0.99 · t* − 1} against the LP relaxation's {@code t*}
 *       instead of the integral optimum. Small books (at most
 *       {@code optimal.MinSurplus.MAX_ORDERS} orders that can trade) are solved to the integral
 *       optimum by branch and bound on an exact integer simplex within a deterministic work
 *       budget; every other book by a target search with a combinatorial feasibility test
 *       ({@code optimal.FloorRaising}: serve the poorest orders first from their best
 *       counterparties, in integers, so the floor it reports is exact), then the Wh left are
 *       allocated for surplus. Every valid book is answered.</li>
 * </ul>
 *
 * <h2>Equal alternatives</h2>
 * All three objectives can have several optimal allocations. The choice is a function of the
 * book's contents only: orders are indexed in Book order (BUY by price desc, SELL by price asc,
 * ties by tie-break key); the flows' last cost component is {@code Σ rank × filled Wh} over both
 * sides, so of two otherwise interchangeable orders the one earlier in Book order (for equal prices:
 * the smaller key) is filled first; the network is built and searched in Book order, and each
 * class chain pairs its BUYs and SELLs first in, first out in that order. The MAX_MIN_SURPLUS
 * search and the target search visit orders in Book order. Input order and hashing play no part.
 */
public final class OptimalClearing implements ClearingMechanism {
    private final Objective objective;

    public OptimalClearing(Objective objective) {
        this.objective = Objects.requireNonNull(objective, "objective");
    }

    @Override
    public Outcome clear(Book book) {
        return new Outcome(null, OptimalTrades.of(book, objective));
    }
}
