package io.p2pe.sdk;

import java.util.Optional;

/**
 * The gateway peer could not be reached or did not answer in time (gRPC {@code UNAVAILABLE},
 * {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED}, …), or failed in a way that is not a
 * chaincode refusal. When {@link #outcomeUnknown()} is true the transaction may or may not have
 * been committed: query its effect, or repeat an idempotent call.
 *
 * <pre>{@code
 * } catch (TransportException e) {
 *     if (e.isTransient()) { retryLater(); }
 * }
 * }</pre>
 */
public final class TransportException extends P2peException {
    private static final long serialVersionUID = 1L;

    private final String grpcStatus;
    private final boolean outcomeUnknown;
    private final boolean transientCondition;

    /**
     * @param message what failed
     * @param transactionId the transaction concerned, or null
     * @param grpcStatus the gRPC status code name, e.g. {@code UNAVAILABLE}, or null
     * @param outcomeUnknown true when the transaction was sent to ordering and its fate is unknown
     * @param cause the gateway's exception
     */
    public TransportException(String message, String transactionId, String grpcStatus, boolean outcomeUnknown,
                              Throwable cause) {
        this(message, transactionId, grpcStatus, outcomeUnknown, false, cause);
    }

    /**
     * @param transientCondition true when the failure is transient whatever its gRPC status (e.g.
     *     endorsing peers that answered from different ledger heights)
     */
    TransportException(String message, String transactionId, String grpcStatus, boolean outcomeUnknown,
                       boolean transientCondition, Throwable cause) {
        super(message, transactionId, null, cause);
        this.grpcStatus = grpcStatus;
        this.outcomeUnknown = outcomeUnknown;
        this.transientCondition = transientCondition;
    }

    /** The gRPC status code name, when the failure came from a gRPC call. */
    public Optional<String> grpcStatus() {
        return Optional.ofNullable(grpcStatus);
    }

    /** True when the transaction was sent for ordering and whether it committed is unknown. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    @Override
    public boolean isTransient() {
        return transientCondition || grpcStatus != null && RetryPolicy.isRetryableGrpcStatus(grpcStatus);
    }
}
