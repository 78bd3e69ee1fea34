package io.p2pe.sdk;

import io.p2pe.protocol.ErrorCode;
import java.util.Optional;

/**
 * Base of every checked exception the SDK throws. Carries, where known, the id of the Fabric
 * transaction concerned and the chaincode's stable error code, so callers can branch on failures
 * without parsing messages.
 *
 * <pre>{@code
 * try {
 *     participant.submitOrder(request);
 * } catch (EndorsementRejectedException e) {
 *     if (e.errorCode().orElse(null) == ErrorCode.SLOT_CLOSED) { ... }
 * } catch (P2peException e) {
 *     log.warn("order {} not placed: {}", request.clientOrderId(), e.getMessage());
 * }
 * }</pre>
 */
public class P2peException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String transactionId;
    private final ErrorCode errorCode;

    /**
     * @param message one line describing the failure
     * @param transactionId the transaction concerned, or null
     * @param errorCode the chaincode's error code, or null (none, or one this SDK does not know)
     * @param cause the underlying failure, or null
     */
    public P2peException(String message, String transactionId, ErrorCode errorCode, Throwable cause) {
        super(message, cause);
        this.transactionId = transactionId;
        this.errorCode = errorCode;
    }

    /** The id of the Fabric transaction concerned, when one was created. */
    public Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }

    /**
     * The chaincode's error code (e.g. {@link ErrorCode#OUT_OF_RANGE}), when it refused with one
     * this SDK knows; transport and commit failures carry their own codes instead
     * ({@link TransportException#grpcStatus()}, {@link CommitFailedException#validationCode()}).
     */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Whether repeating the same call later may succeed (a transient condition). */
    public boolean isTransient() {
        return false;
    }
}
