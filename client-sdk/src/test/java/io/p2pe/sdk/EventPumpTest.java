package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint resume of {@link EventPump}. The event source stands in for the gateway's chaincode
 * event service and applies a checkpoint as the gateway does: from the checkpointed block, after
 * the checkpointed transaction.
 */
class EventPumpTest {
    @TempDir
    Path dir;

    record Event(long getBlockNumber, String getTransactionId, String getChaincodeName, String getEventName,
                 byte[] getPayload) implements ChaincodeEvent {
    }

    private static Event event(long block, String tx, String name, String json) {
        return new Event(block, tx, "p2pe", name, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final List<Event> LEDGER = List.of(
            event(5, "t1", "OrderSubmitted", "{\"orderId\":\"o1\",\"clientOrderId\":\"c1\",\"participant\":\"R:home-001\",\"slot\":\"s\"}"),
            event(5, "t2", "OrderSubmitted", "{\"orderId\":\"o2\",\"clientOrderId\":\"c2\",\"participant\":\"R:home-002\",\"slot\":\"s\"}"),
            event(6, "t3", "SlotClosed", "{\"slot\":\"s\",\"status\":\"CLOSED\"}"),
            event(7, "t4", "SlotCleared", "{\"slot\":\"s\",\"status\":\"CLEARED\",\"orderCount\":2,\"volumeWh\":900,"
                    + "\"tradeCount\":1,\"segments\":[{\"segment\":\"main\",\"clearingPrice\":1850,\"volumeWh\":900,"
                    + "\"inputDigest\":\"ab\"}]}"),
            event(8, "t5", "OrderCancelled", "{\"orderId\":\"o3\",\"participant\":\"R:home-001\",\"slot\":\"s\",\"byOperator\":true}"));

    /** The gateway's event service over {@link #LEDGER}, optionally failing after some events. */
    static final class Source implements EventPump.EventSource {
        final List<Integer> failAfter = Collections.synchronizedList(new ArrayList<>());
        final List<String> opens = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CloseableIterator<ChaincodeEvent> open(Checkpoint checkpoint, OptionalLong startBlock) {
            long block = checkpoint.getBlockNumber().orElse(startBlock.orElse(0));
            String after = checkpoint.getTransactionId().orElse(null);
            opens.add(block + "/" + after);
            List<ChaincodeEvent> events = new ArrayList<>();
            boolean skipping = after != null;
            for (Event e : LEDGER) {
                if (e.getBlockNumber() < block) {
                    continue;
                }
                if (skipping && e.getBlockNumber() == block) {
                    if (e.getTransactionId().equals(after)) {
                        skipping = false;
                    }
                    continue;
                }
                events.add(e);
            }
            int limit = failAfter.isEmpty() ? Integer.MAX_VALUE : failAfter.remove(0);
            Iterator<ChaincodeEvent> it = events.iterator();
            return new CloseableIterator<>() {
                int served;
                boolean closed;

                @Override
                public boolean hasNext() {
                    if (served >= limit) {
                        throw new GatewayRuntimeException(Status.UNAVAILABLE.asRuntimeException());
                    }
                    if (!it.hasNext()) {
                        // A live stream waits for the next block; the test ends here.
                        while (!closed) {
                            Thread.onSpinWait();
                        }
                        throw new GatewayRuntimeException(Status.CANCELLED.asRuntimeException());
                    }
                    return true;
                }

                @Override
                public ChaincodeEvent next() {
                    served++;
                    return it.next();
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    static final class Recorder implements P2peEventListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final List<P2peException> failures = Collections.synchronizedList(new ArrayList<>());
        String failOn;

        @Override
        public void onEvent(LedgerEvent e) {
            if (e.transactionId().equals(failOn)) {
                failOn = null;
                throw new IllegalStateException("listener crashed");
            }
        }

        @Override
        public void onOrderSubmitted(OrderEvent e) {
            seen.add("submitted " + e.orderId() + " " + e.clientOrderId());
        }

        @Override
        public void onOrderCancelled(OrderEvent e) {
            seen.add("cancelled " + e.orderId() + (e.byOperator() ? " by operator" : ""));
        }

        @Override
        public void onSlotClosed(SlotEvent e) {
            seen.add("closed " + e.slot());
        }

        @Override
        public void onSlotCleared(SlotEvent e) {
            seen.add("cleared " + e.slot() + " " + e.volumeWh() + " " + e.segments().get(0).clearingPrice());
        }

        @Override
        public void onFailure(P2peException f) {
            failures.add(f);
        }
    }

    private static void awaitProcessed(EventPump pump, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pump.processedCount() < n && pump.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private EventPump pump(Source source, Recorder listener, String only) throws Exception {
        return new EventPump(source, new FileCheckpointer(dir.resolve("cp")), OptionalLong.of(0), listener, only,
                RetryPolicy.DEFAULT, d -> { }).start();
    }

    @Test
    void restartedSubscriptionResumesAfterTheLastProcessedEvent() throws Exception {
        Source source = new Source();
        Recorder first = new Recorder();
        source.failAfter.add(3);
        EventPump p1 = pump(source, first, null);
        awaitProcessed(p1, 3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.opens.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p1.close();
        // The first stream broke after 3 events and the pump reconnected from its checkpoint.
        assertEquals("0/null", source.opens.get(0));
        assertEquals("6/t3", source.opens.get(1));

        Recorder second = new Recorder();
        EventPump p2 = pump(source, second, null);
        awaitProcessed(p2, 5 - p1.processedCount());
        p2.close();

        List<String> all = new ArrayList<>(first.seen);
        all.addAll(second.seen);
        assertEquals(List.of("submitted o1 c1", "submitted o2 c2", "closed s", "cleared s 900 1850",
                "cancelled o3 by operator"), all);
        assertTrue(first.failures.isEmpty() && second.failures.isEmpty());
    }

    @Test
    void eventWhoseListenerFailsIsDeliveredAgainNextTime() throws Exception {
        Source source = new Source();
        Recorder first = new Recorder();
        first.failOn = "t2";
        EventPump p1 = pump(source, first, null);
        p1.awaitTermination();
        assertEquals(List.of("submitted o1 c1"), first.seen);
        assertEquals(1, first.failures.size());
        assertEquals("t2", first.failures.get(0).transactionId().orElseThrow());
        assertFalse(p1.isRunning());
        p1.close();

        Recorder second = new Recorder();
        EventPump p2 = pump(source, second, null);
        awaitProcessed(p2, 4);
        p2.close();
        assertEquals("submitted o2 c2", second.seen.get(0));
        assertEquals(4, second.seen.size());
    }

    @Test
    void onlyMineFiltersOtherParticipantsOrderEvents() throws Exception {
        Source source = new Source();
        Recorder mine = new Recorder();
        EventPump p = pump(source, mine, "R:home-001");
        awaitProcessed(p, 5);
        p.close();
        assertEquals(List.of("submitted o1 c1", "closed s", "cleared s 900 1850", "cancelled o3 by operator"), mine.seen);
    }
}
