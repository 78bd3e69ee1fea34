package io.p2pe.sdk;

/**
 * Typed chaincode events of the exchange, delivered in ledger order on a background thread,
 * with checkpointing so that a restarted client neither misses nor repeats events. The
 * subscription reconnects by itself after transient failures (peer restart, network outage).
 *
 * <pre>{@code
 * EventSubscription sub = connection.events().subscribe(new P2peEventListener() {
 *     public void onSlotCleared(SlotEvent e) { System.out.println(e.slot() + " cleared"); }
 * }, EventOptions.builder().checkpointFile(Path.of("events.checkpoint")).build());
 * }</pre>
 */
public interface EventClient {

    /**
     * Starts delivering events to {@code listener}.
     *
     * @throws ConfigurationException if the checkpoint file cannot be opened
     */
    EventSubscription subscribe(P2peEventListener listener, EventOptions options) throws ConfigurationException;
}
