package io.p2pe.protocol;

/** The time source of the chaincode's time rules (market configuration field {@code clockMode}). */
public enum ClockMode {
    /** Time rules use the transaction timestamp, bounded by the peers' timestamp window (default). */
    TIMESTAMP,
    /** Time rules use a monotonic ledger time that only the market operator advances. */
    LEDGER
}
