package io.p2pe.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * gRPC deadlines per kind of gateway call. A query ({@code evaluate}) and the sending of a
 * transaction to ordering ({@code submit}) are quick; endorsement runs the chaincode on several
 * peers; waiting for commit status spans a block cut and validation.
 *
 * <pre>{@code
 * Deadlines slowNetwork = Deadlines.DEFAULT.withCommitStatus(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param evaluate query a peer (default 5 s)
 * @param endorse collect endorsements (default 15 s)
 * @param submit hand the endorsed transaction to ordering (default 5 s)
 * @param commitStatus wait until the transaction is committed (default 60 s)
 */
public record Deadlines(Duration evaluate, Duration endorse, Duration submit, Duration commitStatus) {
    /** 5 s, 15 s, 5 s, 60 s. */
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(5), Duration.ofSeconds(60));

    public Deadlines {
        positive(evaluate, "evaluate");
        positive(endorse, "endorse");
        positive(submit, "submit");
        positive(commitStatus, "commitStatus");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " deadline must be positive, got " + d);
        }
    }

    /** This with another commit-status deadline. */
    public Deadlines withCommitStatus(Duration value) {
        return new Deadlines(evaluate, endorse, submit, value);
    }

    /** This with another evaluate deadline. */
    public Deadlines withEvaluate(Duration value) {
        return new Deadlines(value, endorse, submit, commitStatus);
    }

    /** This with another endorse deadline. */
    public Deadlines withEndorse(Duration value) {
        return new Deadlines(evaluate, value, submit, commitStatus);
    }

    /** This with another submit deadline. */
    public Deadlines withSubmit(Duration value) {
        return new Deadlines(evaluate, endorse, value, commitStatus);
    }
}
