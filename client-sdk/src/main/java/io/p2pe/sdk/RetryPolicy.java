package io.p2pe.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How transient failures are retried: up to {@link #maxAttempts()} attempts with exponential
 * backoff between them. Only failures that leave the ledger unchanged, or whose repetition the
 * chaincode makes harmless, are retried:
 * <ul>
 *   <li>gRPC {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED} and {@code RESOURCE_EXHAUSTED} while
 *       evaluating or endorsing (nothing was sent for ordering);</li>
 *   <li>the same failures while submitting or waiting for commit status: the <em>same</em>
 *       signed transaction is sent again, or its status asked again, so it can commit at most
 *       once;</li>
 *   <li>{@code MVCC_READ_CONFLICT} and {@code PHANTOM_READ_CONFLICT} at commit: the invalid
 *       transaction changed nothing and is endorsed again.</li>
 * </ul>
 * When the fate of a transaction stays unknown after the attempts, an idempotent operation (such
 * as {@code SubmitOrder}, keyed by its client order id) is endorsed again as a new transaction;
 * any other operation reports {@link TransportException#outcomeUnknown()}.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *         .maxAttempts(6)
 *         .initialBackoff(Duration.ofMillis(100))
 *         .maxBackoff(Duration.ofSeconds(3))
 *         .build();
 * }</pre>
 *
 * @param maxAttempts attempts in all, at least 1 (1 disables retries)
 * @param initialBackoff wait after the first failure
 * @param maxBackoff upper bound of any wait
 * @param multiplier growth of the wait after each failure, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
    /** 5 attempts, 200 ms doubling up to 5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0);
    /** A single attempt: every failure is reported at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    private static final Set<String> RETRYABLE_GRPC = Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED");
    private static final Set<String> RETRYABLE_VALIDATION = Set.of("MVCC_READ_CONFLICT", "PHANTOM_READ_CONFLICT");

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The wait before attempt {@code failedAttempts + 1}, after {@code failedAttempts} failures
     * (1 or more): {@code initialBackoff × multiplier^(failedAttempts − 1)}, capped by
     * {@code maxBackoff}.
     */
    public Duration backoff(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        long capped = (long) Math.min(millis, (double) maxBackoff.toMillis());
        return Duration.ofMillis(capped);
    }

    static boolean isRetryableGrpcStatus(String code) {
        return RETRYABLE_GRPC.contains(code);
    }

    static boolean isRetryableValidationCode(String code) {
        return RETRYABLE_VALIDATION.contains(code);
    }

    /** Builds a {@link RetryPolicy}; every setter rejects null. */
    public static final class Builder {
        private int maxAttempts = DEFAULT.maxAttempts;
        private Duration initialBackoff = DEFAULT.initialBackoff;
        private Duration maxBackoff = DEFAULT.maxBackoff;
        private double multiplier = DEFAULT.multiplier;

        private Builder() {
        }

        /** Attempts in all, at least 1. */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /** The wait after the first failure. */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = Objects.requireNonNull(value, "initialBackoff");
            return this;
        }

        /** The longest wait. */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = Objects.requireNonNull(value, "maxBackoff");
            return this;
        }

        /** Growth of the wait after each failure, at least 1. */
        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
        }
    }
}
