package io.p2pe.market;

/** How a slot's book is cleared; see docs/market-rules.md. */
public enum Mechanism {
    /** Periodic sealed double auction with one price per slot. */
    UNIFORM_PRICE,
    /** Periodic double auction, each pair priced at the midpoint of bid and ask. */
    PAY_AS_BID,
    /** Best set of pairwise trades for an {@link Objective}, with wheeling fees by grid distance. */
    OPTIMAL
}
