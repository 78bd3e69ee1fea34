package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.EventNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's thread: opens the chaincode event stream at the checkpoint, delivers each
 * event to the listener, then checkpoints it; reconnects from the checkpoint after transient
 * stream failures. The stream itself (the gateway's) skips what the checkpoint says was
 * processed: everything up to and including the checkpointed transaction of the checkpointed block.
 */
final class EventPump implements EventSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventPump.class);

    /** Opens the event stream from a checkpoint (or a start block when the checkpoint is empty). */
    @FunctionalInterface
    interface EventSource {
        CloseableIterator<ChaincodeEvent> open(Checkpoint checkpoint, OptionalLong startBlock);
    }

    private final EventSource source;
    private final Checkpointer checkpointer;
    private final OptionalLong startBlock;
    private final P2peEventListener listener;
    private final String onlyParticipant;
    private final RetryPolicy policy;
    private final GatewayLedger.Sleeper sleeper;
    private final AtomicLong processed = new AtomicLong();
    /** Set by the first {@link #close()}: closing again (e.g. with the connection) does nothing. */
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CloseableIterator<ChaincodeEvent> current;

    /**
     * @param onlyParticipant deliver order events of this participant only; null for all
     */
    EventPump(EventSource source, Checkpointer checkpointer, OptionalLong startBlock, P2peEventListener listener,
              String onlyParticipant, RetryPolicy policy, GatewayLedger.Sleeper sleeper) {
        this.source = Objects.requireNonNull(source, "source");
        this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
        this.startBlock = Objects.requireNonNull(startBlock, "startBlock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.onlyParticipant = onlyParticipant;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.thread = new Thread(this::run, "p2pe-events");
        this.thread.setDaemon(true);
    }

    EventPump start() {
        thread.start();
        return this;
    }

    private void run() {
        int failures = 0;
        try {
            while (running) {
                try (CloseableIterator<ChaincodeEvent> it = source.open(checkpointer, startBlock)) {
                    current = it;
                    while (running && it.hasNext()) {
                        ChaincodeEvent event = it.next();
                        deliver(event);
                        checkpointer.checkpointChaincodeEvent(event);
                        processed.incrementAndGet();
                        failures = 0;
                    }
                } catch (GatewayRuntimeException e) {
                    if (!running) {
                        return;
                    }
                    P2peException failure = GatewayErrors.translate(e, "chaincode events");
                    if (!failure.isTransient()) {
                        listener.onFailure(failure);
                        return;
                    }
                    failures++;
                    LOG.info("event stream interrupted ({}); reconnecting from checkpoint", failure.getMessage());
                    sleeper.sleep(policy.backoff(Math.min(failures, 16)));
                }
            }
        } catch (ListenerFailed e) {
            listener.onFailure(e.failure);
        } catch (IOException e) {
            listener.onFailure(new P2peException("cannot write the event checkpoint: " + e.getMessage(), null, null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    /** A listener threw: the event is not checkpointed and the subscription stops. */
    private static final class ListenerFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient P2peException failure;

        ListenerFailed(P2peException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private void deliver(ChaincodeEvent event) throws ListenerFailed {
        LedgerEvent raw = new LedgerEvent(event.getEventName(), event.getTransactionId(), event.getBlockNumber(),
                event.getPayload());
        try {
            JsonNode p = Json.MAPPER.readTree(event.getPayload());
            if (p == null) {
                p = Json.MAPPER.createObjectNode();
            }
            switch (event.getEventName()) {
                case EventNames.ORDER_SUBMITTED, EventNames.ORDER_CANCELLED -> {
                    OrderEvent o = new OrderEvent(event.getEventName(), text(p, "orderId"), text(p, "clientOrderId"),
                            text(p, "participant"), text(p, "slot"), p.path("byOperator").asBoolean(false),
                            event.getTransactionId(), event.getBlockNumber());
                    if (onlyParticipant != null && !onlyParticipant.equals(o.participant())) {
                        return;
                    }
                    listener.onEvent(raw);
                    if (o.name().equals(EventNames.ORDER_SUBMITTED)) {
                        listener.onOrderSubmitted(o);
                    } else {
                        listener.onOrderCancelled(o);
                    }
                }
                case EventNames.SLOT_CLOSED, EventNames.SLOT_CLEARED, EventNames.SLOT_SETTLED -> {
                    SlotEvent s = slotEvent(event, p);
                    listener.onEvent(raw);
                    switch (s.name()) {
                        case EventNames.SLOT_CLOSED -> listener.onSlotClosed(s);
                        case EventNames.SLOT_CLEARED -> listener.onSlotCleared(s);
                        default -> listener.onSlotSettled(s);
                    }
                }
                default -> listener.onEvent(raw);
            }
        } catch (IOException e) {
            throw new ListenerFailed(new UnexpectedResponseException("event " + event.getEventName() + " of transaction "
                    + event.getTransactionId() + " has a payload this SDK cannot read", event.getTransactionId(), e));
        } catch (RuntimeException e) {
            throw new ListenerFailed(new P2peException("event listener failed on " + event.getEventName()
                    + " of transaction " + event.getTransactionId() + ": " + e, event.getTransactionId(), null, e));
        }
    }

    private static SlotEvent slotEvent(ChaincodeEvent event, JsonNode p) {
        List<SlotEvent.SegmentPrice> segments = new ArrayList<>();
        for (JsonNode s : p.path("segments")) {
            JsonNode price = s.get("clearingPrice");
            segments.add(new SlotEvent.SegmentPrice(text(s, "segment"),
                    price == null || price.isNull() ? null : price.asLong(), s.path("volumeWh").asLong(),
                    text(s, "inputDigest")));
        }
        return new SlotEvent(event.getEventName(), text(p, "slot"), text(p, "status"), p.path("orderCount").asInt(),
                p.path("volumeWh").asLong(), p.path("tradeCount").asInt(), segments, event.getTransactionId(),
                event.getBlockNumber());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public long processedCount() {
        return processed.get();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        CloseableIterator<ChaincodeEvent> it = current;
        if (it != null) {
            it.close();
        }
        // No interrupt: it would close the checkpoint file's channel mid-write. Closing the stream
        // ends the read at once; a reconnect backoff ends within RetryPolicy#maxBackoff.
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (checkpointer instanceof FileCheckpointer f) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.warn("cannot close event checkpoint file: {}", e.getMessage());
            }
        }
    }
}
