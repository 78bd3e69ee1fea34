package io.p2pe.cli.simulate;

/**
 * A transaction of the simulation that the ledger refused or that did not commit; the message
 * is one line naming the transaction and the chaincode's reason.
 */
public final class LedgerRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with a one-line reason. */
    public LedgerRefusal(String message) {
        super(message);
    }
}
