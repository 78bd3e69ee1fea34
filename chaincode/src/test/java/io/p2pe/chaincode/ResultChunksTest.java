package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Clearing;
import io.p2pe.market.MarketJson;
import io.p2pe.protocol.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A clearing whose result text is larger than one transaction may write: ClearSlot stores the
 * first pieces, PublishClearing the rest, and nothing reads trades or fills before all are stored.
 * The pieces are made small here (256 bytes, 2 per transaction) so that a five-order book has
 * five of them.
 */
class ResultChunksTest {
    private static final Instant AFTER_GATE = Instant.parse("2026-06-17T02:10:00Z");
    /** After SLOT (12:00–12:30 JST) has been delivered. */
    private static final Instant AFTER_SLOT = Instant.parse("2026-06-17T03:40:00Z");

    private final TestNet net = new TestNet().configured("{\"clearingChunkBytes\":256,\"clearingChunksPerTx\":2}")
            .withParticipants();

    private void book() {
        net.order(HOME1, "s-1", "SELL", 2000, 1500);
        net.order(HOME3, "s-1", "SELL", 1000, 1700);
        net.order(RETAILER, "s-1", "SELL", 5000, 2600);
        net.order(HOME2, "b-1", "BUY", 1800, 2200);
        net.order(BIZ1, "b-1", "BUY", 1500, 1900);
        net.now = AFTER_GATE;
    }

    private static Set<String> pieceKeys(int from, int to) {
        Set<String> keys = new TreeSet<>();
        for (int i = from; i < to; i++) {
            keys.add(Keys.clearingResultChunk(SLOT_KEY, "main", i));
        }
        return keys;
    }

    @Test
    void clearSlotStoresTheFirstPiecesAndPublishClearingTheRest() throws Exception {
        book();
        JsonNode cleared = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT))).get("clearing");
        JsonNode seg = cleared.get("segments").get(0);
        long bytes = seg.get("resultBytes").asLong();
        int pieces = seg.get("resultChunkDigests").size();
        assertEquals((bytes + 255) / 256, pieces);
        assertTrue(pieces == 5, "a five-order result is 1,025 to 1,280 bytes: " + bytes);
        assertEquals(256, cleared.get("resultChunkBytes").asInt());
        assertEquals(2, cleared.get("resultChunksPublished").asInt());
        Set<String> written = new TreeSet<>(pieceKeys(0, 2));
        written.add(Keys.slot(SLOT_KEY));
        assertEquals(written, net.lastWrites.keySet());
        assertEquals(5, net.lastEventPayload().get("resultChunks").asInt());
        assertEquals(2, net.lastEventPayload().get("resultChunksPublished").asInt());

        // Trades and fills are not readable from part of the text.
        String orderId = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "s-1");
        String msg = net.refused(ErrorCode.CLEARING_INCOMPLETE, AUDITOR, c -> net.slots.getClearingResult(c, SLOT));
        assertEquals("GetClearingResult: slot " + SLOT + " is cleared, and 2 of the 5 pieces of "
                + "its results are stored; slot:PublishClearing stores the rest", msg);
        net.refused(ErrorCode.CLEARING_INCOMPLETE, HOME1, c -> net.orders.getOrder(c, orderId));
        net.refused(ErrorCode.CLEARING_INCOMPLETE, HOME1, c -> net.orders.listMyOrders(c, SLOT, "", ""));
        JsonNode slot = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        assertEquals("CLEARED", slot.get("status").asText());
        assertTrue(slot.get("metering") == null, "no metering before the trades can be read");
        Instant cleared2 = net.now;
        net.now = AFTER_SLOT;
        net.refused(ErrorCode.CLEARING_INCOMPLETE, OPERATOR, c -> net.settlement.settleSlot(c, SLOT));
        net.now = cleared2;

        // Any caller that may clear publishes; two pieces per transaction, then the last one.
        JsonNode second = json(net.submit(HOME2, c -> net.slots.publishClearing(c, SLOT))).get("clearing");
        assertEquals(4, second.get("resultChunksPublished").asInt());
        Set<String> next = new TreeSet<>(pieceKeys(2, 4));
        next.add(Keys.slot(SLOT_KEY));
        assertEquals(next, net.lastWrites.keySet());
        net.refused(ErrorCode.CLEARING_INCOMPLETE, HOME1, c -> net.orders.getOrder(c, orderId));
        JsonNode third = json(net.submit(OPERATOR, c -> net.slots.publishClearing(c, SLOT))).get("clearing");
        assertEquals(5, third.get("resultChunksPublished").asInt());
        Set<String> last = new TreeSet<>(pieceKeys(4, 5));
        last.add(Keys.slot(SLOT_KEY));
        assertEquals(last, net.lastWrites.keySet());
        String done = net.submit(OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        assertTrue(net.lastWrites.isEmpty(), "a complete clearing is published once");
        assertEquals(done, net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));

        // The pieces in order are the engine's result text for the rebuilt input, byte for byte.
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            byte[] piece = net.stub.snapshot().get(Keys.clearingResultChunk(SLOT_KEY, "main", i));
            assertEquals(i < pieces - 1 ? 256 : bytes - 256L * (pieces - 1), piece.length, "piece " + i);
            joined.writeBytes(piece);
        }
        JsonNode out = json(net.evaluate(AUDITOR, c -> net.slots.getClearingResult(c, SLOT))).get("segments").get(0);
        String result = out.get("result").asText();
        assertEquals(result, joined.toString(StandardCharsets.UTF_8));
        assertEquals(MarketJson.writeResult(Clearing.clear(MarketJson.readInput(out.get("input").asText()))), result);
        assertEquals(2000, json(net.evaluate(HOME1, c -> net.orders.getOrder(c, orderId))).get("filledWh").asLong());
    }

    /**
     * A slot cleared by the chaincode version before pieces: its state has no piece fields and its
     * result is one record under {@code clearresult~<slot>~main}. It still reads.
     */
    @Test
    void aSlotClearedBeforePiecesStillReads() throws Exception {
        book();
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.submit(OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        net.submit(OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        String expected = net.evaluate(AUDITOR, c -> net.slots.getClearingResult(c, SLOT));
        String result = json(expected).get("segments").get(0).get("result").asText();
        com.fasterxml.jackson.databind.node.ObjectNode state = (com.fasterxml.jackson.databind.node.ObjectNode)
                json(new String(net.stub.snapshot().get(Keys.slot(SLOT_KEY)), StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.node.ObjectNode clearing =
                (com.fasterxml.jackson.databind.node.ObjectNode) state.get("clearing");
        clearing.remove(List.of("resultChunkBytes", "resultChunksPublished"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) clearing.get("segments").get(0))
                .remove(List.of("resultBytes", "resultChunkDigests"));
        net.stub.overwrite(Keys.slot(SLOT_KEY), Json.bytes(state));
        for (int i = 0; i < 5; i++) {
            net.stub.erase(Keys.clearingResultChunk(SLOT_KEY, "main", i));
        }
        net.stub.overwrite(Keys.clearingResultWhole(SLOT_KEY, "main"), result.getBytes(StandardCharsets.UTF_8));

        JsonNode read = json(net.evaluate(AUDITOR, c -> net.slots.getClearingResult(c, SLOT)));
        assertEquals(result, read.get("segments").get(0).get("result").asText());
        assertEquals(json(expected).get("segments").get(0).get("input"), read.get("segments").get(0).get("input"));
        String orderId = OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-001", "s-1");
        assertEquals(2000, json(net.evaluate(HOME1, c -> net.orders.getOrder(c, orderId))).get("filledWh").asLong());
        assertTrue(json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT))).has("metering"));
        net.submit(OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        assertTrue(net.lastWrites.isEmpty(), "nothing to publish for it");
    }

    @Test
    void publishClearingRefusals() {
        net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        book();
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        String msg = net.refused(ErrorCode.INVALID_STATE, OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        assertEquals("PublishClearing: slot " + SLOT + " is CLOSED; slot:ClearSlot clears it first", msg);
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, c -> net.slots.publishClearing(c, SLOT));
        net.refused(ErrorCode.FORBIDDEN, METER, c -> net.slots.publishClearing(c, SLOT));
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, c -> net.slots.publishClearing(c, "tomorrow"));
    }

    @Test
    void aResultInMoreThanTenThousandPiecesIsRefusedNamingItsSize() {
        byte[] exactly = new byte[ResultChunks.MAX_CHUNKS_PER_RUN * 256];
        assertEquals(ResultChunks.MAX_CHUNKS_PER_RUN, ResultChunks.digests(exactly, 256, "ClearSlot", SLOT).size());
        byte[] over = new byte[exactly.length + 1];
        org.hyperledger.fabric.shim.ChaincodeException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.hyperledger.fabric.shim.ChaincodeException.class,
                () -> ResultChunks.digests(over, 256, "ClearSlot", SLOT));
        assertEquals("BEYOND_LIMITS", new String(e.getPayload(), StandardCharsets.UTF_8));
        assertEquals("BEYOND_LIMITS: ClearSlot: slot " + SLOT + ": the result text is 2560001 bytes, more than 10000 "
                + "pieces of 256 bytes (market config clearingChunkBytes); raise clearingChunkBytes and repeat ClearSlot",
                e.getMessage());
    }

    @Test
    void aPieceThatDoesNotHashToItsDigestIsNeverStored() {
        book();
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        // A peer whose copy of an order differs (here: rewritten behind the chaincode's back)
        // recomputes another result; its pieces do not match the recorded digests.
        String key = Keys.order(SLOT_KEY, OrderContract.orderId(SLOT_KEY, "RetailerOrgMSP:home-002", "b-1"));
        String order = new String(net.stub.snapshot().get(key), StandardCharsets.UTF_8);
        net.stub.overwrite(key, order.replace("\"wh\":1800", "\"wh\":1700").getBytes(StandardCharsets.UTF_8));
        String msg = net.refused(ErrorCode.INVARIANT_VIOLATION, OPERATOR, c -> net.slots.publishClearing(c, SLOT));
        assertTrue(msg.contains("piece 2 of run main recomputed from the slot's orders does not hash to the digest "
                + "ClearSlot recorded; nothing is stored"), msg);
        String read = net.refused(ErrorCode.INVARIANT_VIOLATION, AUDITOR, c -> net.slots.getClearingResult(c, SLOT));
        assertTrue(read.contains("the input of run main rebuilt from the slot's orders has digest "), read);
    }
}
