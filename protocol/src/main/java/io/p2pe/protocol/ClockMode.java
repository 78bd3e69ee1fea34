package io.p2pe.protocol;

/**
 * Where the chaincode's time rules (gate closure, order window, reading after slot end,
 * settlement) take "now" from: the configuration's {@code clockMode}.
 */
public enum ClockMode {
    /** The transaction timestamp, which the client sets and the peers bound to their window (15 min). */
    TIMESTAMP,
    /** A monotonic ledger time that only the market operator advances ({@code config:AdvanceLedgerTime}). */
    LEDGER
}
