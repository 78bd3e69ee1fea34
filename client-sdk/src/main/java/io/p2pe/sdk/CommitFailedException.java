package io.p2pe.sdk;

/**
 * The transaction was endorsed and ordered but the peers marked it invalid (for example
 * {@code MVCC_READ_CONFLICT} when a slot was closed between endorsement and commit, or
 * {@code ENDORSEMENT_POLICY_FAILURE}). It had no effect on the ledger.
 *
 * <pre>{@code
 * } catch (CommitFailedException e) {
 *     log.warn("tx {} invalid: {}", e.transactionId().orElseThrow(), e.validationCode());
 * }
 * }</pre>
 */
public final class CommitFailedException extends P2peException {
    private static final long serialVersionUID = 1L;

    private final String validationCode;

    /**
     * @param transactionId the invalidated transaction
     * @param validationCode Fabric's validation code name, e.g. {@code MVCC_READ_CONFLICT}
     * @param operation the contract and function, e.g. {@code order:SubmitOrder}
     */
    public CommitFailedException(String transactionId, String validationCode, String operation) {
        super(operation + ": transaction " + transactionId + " failed to commit with status " + validationCode,
                transactionId, null, null);
        this.validationCode = validationCode;
    }

    /** Fabric's validation code name, e.g. {@code MVCC_READ_CONFLICT}. */
    public String validationCode() {
        return validationCode;
    }

    /** Read conflicts are transient: the same call, endorsed again, may commit. */
    @Override
    public boolean isTransient() {
        return RetryPolicy.isRetryableValidationCode(validationCode);
    }
}
