package io.p2pe.market.dr;

/** What a demand-response event asks of the enrolled participants. */
public enum DrDirection {
    /** Use more than the baseline (absorb a midday surplus): delivered = actual − baseline. */
    UP,
    /** Use less than the baseline (cover an evening shortfall): delivered = baseline − actual. */
    DOWN
}
