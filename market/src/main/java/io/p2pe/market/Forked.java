package io.p2pe.market;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * A pure computation run beside the caller's thread for a large book, inline for a small one.
 *
 * <p>Large books spend their time in independent passes (the input digest, each side's keys and
 * sort); running two of them at once halves the wall time on a machine with a free core. The
 * passes read only immutable input and their own buffers, so the result is the same bytes on any
 * number of cores: this is about latency only, never about what is computed.
 */
final class Forked<T> {
    /** Orders from which forking pays for the hand-over (a few tens of microseconds). */
    static final int THRESHOLD = 20_000;

    private final CompletableFuture<T> future;
    private final T value;

    private Forked(CompletableFuture<T> future, T value) {
        this.future = future;
        this.value = value;
    }

    /**
     * Starts {@code work} on the common pool (one worker beside the caller on two cores) when
     * {@code size} reaches {@link #THRESHOLD} and there is a second core, else runs it now.
     */
    static <T> Forked<T> of(int size, Supplier<T> work) {
        if (size < THRESHOLD || Runtime.getRuntime().availableProcessors() < 2) {
            return new Forked<>(null, work.get());
        }
        return new Forked<>(CompletableFuture.supplyAsync(work, ForkJoinPool.commonPool()), null);
    }

    /** The result, rethrowing what the computation threw. */
    T join() {
        if (future == null) {
            return value;
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
