package io.p2pe.protocol;

/**
 * The ledger market clock under the single key {@code clock}: written only by the operator's
 * {@code config:AdvanceLedgerTime}, read by every time rule while the configuration's
 * {@code clockMode} is LEDGER. Deleted when the configuration switches the clock mode, so the first
 * advance after LEDGER is switched on starts the clock at any time.
 *
 * @param clockMode always LEDGER for a stored clock; in a GetMarketClock answer the configured mode
 * @param ledgerTime the market time, ISO-8601 UTC; null before the first advance and in TIMESTAMP mode
 * @param txId the transaction that set it; null in a GetMarketClock answer
 */
public record LedgerClock(ClockMode clockMode, String ledgerTime, String txId) {
}
