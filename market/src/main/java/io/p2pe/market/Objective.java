package io.p2pe.market;

/** What {@link Mechanism#OPTIMAL} optimises. */
public enum Objective {
    /** Maximise total surplus; among optima, maximise volume. */
    MAX_WELFARE,
    /** Maximise total Wh traded; among optima, maximise surplus. */
    MAX_VOLUME,
    /** Maximise the smallest surplus rate of the orders that can trade; then total surplus. */
    MAX_MIN_SURPLUS
}
