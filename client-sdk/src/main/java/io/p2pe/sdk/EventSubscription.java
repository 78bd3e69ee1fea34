package io.p2pe.sdk;

/**
 * A running event subscription. Close it to stop receiving; the checkpoint keeps the position of
 * the last event processed.
 *
 * <pre>{@code
 * try (EventSubscription sub = connection.events().subscribe(listener, options)) {
 *     sub.awaitTermination();  // until closed from another thread or failed
 * }
 * }</pre>
 */
public interface EventSubscription extends AutoCloseable {

    /** Events processed (and checkpointed) so far by this subscription. */
    long processedCount();

    /** Whether the subscription is still receiving. */
    boolean isRunning();

    /** Blocks until the subscription has stopped (closed or failed). */
    void awaitTermination() throws InterruptedException;

    /** Stops receiving and closes the checkpoint file. */
    @Override
    void close();
}
