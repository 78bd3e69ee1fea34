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
    default Committed submit(String contract, String function, Idempotency idempotency, String... args)
            throws P2peException {
        return submit(contract, function, idempotency, java.util.Map.of(), args);
    }

    /**
     * As {@link #submit(String, String, Idempotency, String...)} with a transient map: given to the
     * endorsing peers with the proposal and kept out of the transaction and its block (readings,
     * salts of private records).
     */
    Committed submit(String contract, String function, Idempotency idempotency, java.util.Map<String, byte[]> transientData,
                     String... args) throws P2peException;
}
