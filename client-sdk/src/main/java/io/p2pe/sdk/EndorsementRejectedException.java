package io.p2pe.sdk;

/**
 * The chaincode refused the transaction or query: the caller lacks the role, the slot is closed,
 * a value is out of range, and so on. Nothing was written to the ledger. Repeating the same call
 * gives the same refusal, so it is never retried.
 *
 * <pre>{@code
 * } catch (EndorsementRejectedException e) {
 *     System.err.println(e.errorCode().orElse("?") + ": " + e.chaincodeMessage());
 * }
 * }</pre>
 */
public final class EndorsementRejectedException extends P2peException {
    private static final long serialVersionUID = 1L;

    private final String chaincodeMessage;
    private final String field;

    /**
     * @param transactionId the refused transaction's id, or null for a query
     * @param errorCode the chaincode's error code, or null when its message carried none
     * @param field the offending argument field named by the chaincode, or null
     * @param chaincodeMessage the chaincode's message without the code
     * @param cause the gateway's exception
     */
    public EndorsementRejectedException(String transactionId, String errorCode, String field,
                                        String chaincodeMessage, Throwable cause) {
        super(errorCode == null ? chaincodeMessage : errorCode + ": " + chaincodeMessage,
                transactionId, errorCode, cause);
        this.chaincodeMessage = chaincodeMessage;
        this.field = field;
    }

    /** The chaincode's message, without the error code. */
    public String chaincodeMessage() {
        return chaincodeMessage;
    }

    /** The argument field the chaincode named as offending (e.g. {@code wh}), if it named one. */
    public java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }
}
