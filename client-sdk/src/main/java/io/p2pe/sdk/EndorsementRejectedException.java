package io.p2pe.sdk;

import io.p2pe.protocol.ErrorCode;

/**
 * The chaincode refused the transaction or query: the caller lacks the role, the slot is closed,
 * a value is out of range, and so on. Nothing was written to the ledger. Repeating the same call
 * gives the same refusal, so it is never retried.
 *
 * <pre>{@code
 * } catch (EndorsementRejectedException e) {
 *     System.err.println(e.errorCode().map(ErrorCode::name).orElse("?") + ": " + e.chaincodeMessage());
 * }
 * }</pre>
 */
public final class EndorsementRejectedException extends P2peException {
    private static final long serialVersionUID = 1L;

    private final String chaincodeMessage;
    private final String field;

    /**
     * @param transactionId the refused transaction's id, or null for a query
     * @param errorCode the code the chaincode's message started with, or null when it carried none; a
     *     code this SDK does not know stays in the message and {@link #errorCode()} is empty
     * @param field the offending argument field named by the chaincode, or null
     * @param chaincodeMessage the chaincode's message without the code
     * @param cause the gateway's exception
     */
    public EndorsementRejectedException(String transactionId, String errorCode, String field,
                                        String chaincodeMessage, Throwable cause) {
        super(errorCode == null ? chaincodeMessage : errorCode + ": " + chaincodeMessage,
                transactionId, ErrorCode.parse(errorCode).orElse(null), cause);
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
