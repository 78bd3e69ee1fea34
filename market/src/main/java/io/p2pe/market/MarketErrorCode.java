package io.p2pe.market;

/**
 * Stable codes for refused input. The chaincode reports the same codes (as its error payload)
 * so that participant software can branch on them.
 */
public enum MarketErrorCode {
    /** The document is not well-formed JSON or not of the expected shape. */
    MALFORMED_INPUT,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or an invalid format. */
    INVALID_FORMAT,
    /** A numeric field is outside its allowed range. */
    OUT_OF_RANGE,
    /** An enumerated field has a value that is not one of the allowed ones. */
    UNKNOWN_VALUE,
    /** Two orders in one slot share an id. */
    DUPLICATE_ORDER_ID,
    /** One participant has both a BUY and a SELL in one slot. */
    BOTH_SIDES,
    /**
     * A valid book whose totals are beyond the 64-bit Wh or money range. Every peer refuses the
     * same book alike.
     */
    BEYOND_LIMITS,
    /** A proposal for a book whose mechanism is not OPTIMAL (only OPTIMAL slots take proposals). */
    WRONG_MECHANISM,
    /** A proposal's {@code slot} or {@code inputDigest} is not the book's. */
    PROPOSAL_MISMATCH,
    /** A proposed trade names an order id that is not in the book. */
    UNKNOWN_ORDER,
    /** A proposed trade's {@code buyOrderId} names a SELL, or its {@code sellOrderId} a BUY. */
    WRONG_SIDE,
    /** A proposed trade pairs a BUY and a SELL with {@code price_i < price_j + fee_ij}. */
    INFEASIBLE_PAIR,
    /** A proposal names one (BUY, SELL) pair in more than one trade. */
    DUPLICATE_PAIR,
    /** A proposal's trades with one order sum above the order's Wh. */
    OVERFILLED
}
