package io.p2pe.sdk;

/**
 * The chaincode as the typed clients see it: queries and transactions on a named contract, with
 * retries and error translation already applied. One implementation talks to the gateway.
 */
interface Ledger {

    /** The result of a committed transaction. */
    record Committed(String transactionId, long blockNumber, byte[] result) {
    }

    /** Whether repeating a transaction whose fate is unknown, as a new transaction, is harmless. */
    enum Idempotency {
        /** The chaincode makes a repetition a no-op (e.g. {@code SubmitOrder} keyed by client order id). */
        IDEMPOTENT,
        /** A repetition could apply twice: only the same signed transaction is ever re-sent. */
        NOT_IDEMPOTENT
    }

    /** Runs a query on one peer; nothing is written. */
    byte[] evaluate(String contract, String function, String... args) throws P2peException;

    /** Endorses, submits and waits for the commit of a transaction. */
    Committed submit(String contract, String function, Idempotency idempotency, String... args) throws P2peException;
}
