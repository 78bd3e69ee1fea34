package io.p2pe.sdk;

/**
 * The chaincode answered, but with a payload this SDK cannot read: the deployed chaincode and
 * this SDK disagree on a format.
 *
 * <pre>{@code
 * } catch (UnexpectedResponseException e) {
 *     log.error("upgrade the SDK to match the deployed chaincode", e);
 * }
 * }</pre>
 */
public final class UnexpectedResponseException extends P2peException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read
     * @param transactionId the transaction concerned, or null
     * @param cause the parse failure
     */
    public UnexpectedResponseException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, null, cause);
    }
}
