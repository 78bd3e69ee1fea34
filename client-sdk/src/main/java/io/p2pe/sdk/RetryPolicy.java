package io.p2pe.sdk;

import io.p2pe.protocol.ErrorCode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How transient failures are retried: up to {@link #maxAttempts()} attempts with exponential
 * backoff between them. Only failures that leave the ledger unchanged, or whose repetition the
 * chaincode makes harmless, are retried; this class is the one place that says which:
 * <ul>
 *   <li>gRPC {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED} and {@code RESOURCE_EXHAUSTED} while
 *       evaluating or endorsing (nothing was sent for ordering);</li>
 *   <li>gRPC {@code ABORTED} while endorsing: the endorsements could not be collected or differ
 *       (typically one endorsing peer has not committed the block of the caller's previous
 *       transaction yet); nothing was sent for ordering;</li>
 *   <li>gRPC {@code FAILED_PRECONDITION} while endorsing: the gateway found no reachable peers
 *       satisfying the endorsement plan (a restarted peer before gossip has found the other
 *       orgs, or an org the plan needs is down); nothing was sent for ordering;</li>
 *   <li>the chaincode refusals in {@link #retryableRefusals()}: by default the "not yet" codes a
 *       lagging endorsing peer gives for a state the caller's previous transaction wrote
 *       ({@link #LAGGING_PEER_REFUSALS}); a refusal changes nothing, so repeating it is safe;</li>
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
 * @param retryableRefusals chaincode refusal codes endorsed again like transient failures
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          Set<ErrorCode> retryableRefusals) {
    /**
     * Refusals that mean "not yet" and that an endorsing peer one block behind gives right after
     * the caller's own committed transaction: the participant it registered, the slot it closed or
     * the clock it started or advanced past a gate, the meter readings it recorded. The gateway
     * waits for the commit on its own peer only, and every transaction is endorsed by two orgs.
     */
    public static final Set<ErrorCode> LAGGING_PEER_REFUSALS = Set.copyOf(EnumSet.of(ErrorCode.NOT_REGISTERED,
            ErrorCode.SLOT_OPEN, ErrorCode.CLOCK_NOT_SET, ErrorCode.MISSING_METER_READING));
    /** 5 attempts, 200 ms doubling up to 5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0);
    /** A single attempt: every failure is reported at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, Set.of());

    private static final Set<String> RETRYABLE_GRPC = Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED");
    private static final Set<String> RETRYABLE_VALIDATION = Set.of("MVCC_READ_CONFLICT", "PHANTOM_READ_CONFLICT");

    /** A policy retrying {@link #LAGGING_PEER_REFUSALS}. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
        this(maxAttempts, initialBackoff, maxBackoff, multiplier, LAGGING_PEER_REFUSALS);
    }

    public RetryPolicy {
        retryableRefusals = Set.copyOf(Objects.requireNonNull(retryableRefusals, "retryableRefusals"));
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

    /** Whether {@code failure} is worth another attempt under this policy. */
    public boolean retries(P2peException failure) {
        if (failure instanceof EndorsementRejectedException refused) {
            return refused.errorCode().map(retryableRefusals::contains).orElse(false);
        }
        return failure.isTransient();
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
        private Set<ErrorCode> retryableRefusals = DEFAULT.retryableRefusals;

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

        /** Chaincode refusal codes to endorse again (default {@link #LAGGING_PEER_REFUSALS}). */
        public Builder retryableRefusals(Set<ErrorCode> value) {
            this.retryableRefusals = Set.copyOf(Objects.requireNonNull(value, "retryableRefusals"));
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, retryableRefusals);
        }
    }
}
