package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.SlotState;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * A clearing's result texts, stored in pieces: piece {@code i} of a run is bytes
 * {@code [i·size, (i+1)·size)} of the run's UTF-8 result text, under
 * {@link Keys#clearingResultChunk}. A 100,000-order slot's results are tens of megabytes, more
 * than one transaction should write (Fabric's default block limit is 10 MB), so ClearSlot records
 * every piece's SHA-256 in the slot state and stores the first pieces, and slot:PublishClearing
 * stores the rest a few per transaction, each checked against its recorded digest.
 */
final class ResultChunks {
    /** Piece indexes are written with 4 digits, so that key order is index order. */
    static final int MAX_CHUNKS_PER_RUN = 10_000;

    private ResultChunks() {
    }

    /**
     * The SHA-256 (hex) of each piece of {@code text}.
     *
     * @param tx the clearing transaction and {@code slot} its slot, for the refusal of a text in
     *     more than {@link #MAX_CHUNKS_PER_RUN} pieces
     */
    static List<String> digests(byte[] text, int size, String tx, String slot) {
        int count = count(text.length, size);
        if (count > MAX_CHUNKS_PER_RUN) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, tx + ": slot " + slot + ": the result text is " + text.length
                    + " bytes, more than " + MAX_CHUNKS_PER_RUN + " pieces of " + size + " bytes (market config "
                    + "clearingChunkBytes); raise clearingChunkBytes and repeat " + tx);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sha256(piece(text, size, i)));
        }
        return out;
    }

    /**
     * Stores the next pieces that {@code state} does not have yet, at most {@code perTx}, in run
     * order, and returns the state with the new count (not written: the caller writes it). Each
     * piece must hash to its recorded digest; otherwise the recomputed clearing differs from
     * ClearSlot's, which only a changed book could cause, and nothing is stored.
     *
     * @param texts every run's result text, in run order
     */
    static SlotState store(ChaincodeStub stub, SlotState state, List<byte[]> texts, int perTx) {
        SlotState.ClearingSummary c = state.clearing();
        int size = c.resultChunkBytes();
        int published = c.resultChunksPublished();
        int target = Math.min(c.resultChunks(), published + perTx);
        int index = 0;
        List<String> keys = new ArrayList<>();
        List<byte[]> pieces = new ArrayList<>();
        for (int r = 0; r < c.segments().size(); r++) {
            SlotState.Segment seg = c.segments().get(r);
            byte[] text = texts.get(r);
            // A recomputed text of another length differs, and its pieces would not even line up.
            boolean sameLength = text.length == seg.resultBytes();
            for (int i = 0; i < seg.resultChunkDigests().size(); i++, index++) {
                if (index < published || index >= target) {
                    continue;
                }
                byte[] piece = sameLength ? piece(text, size, i) : null;
                if (piece == null || !sha256(piece).equals(seg.resultChunkDigests().get(i))) {
                    throw Refusal.of(ErrorCode.INVARIANT_VIOLATION, Contracts.Slot.PUBLISH_CLEARING + ": slot "
                            + state.slot() + ": piece " + i + " of run " + seg.segment() + " recomputed from the "
                            + "slot's orders does not hash to the digest ClearSlot recorded; nothing is stored");
                }
                keys.add(Keys.clearingResultChunk(state.slotKey(), seg.segment(), i));
                pieces.add(piece);
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            stub.putState(keys.get(i), pieces.get(i));
        }
        return state.withClearing(c.withResultChunksPublished(target));
    }

    /**
     * One run's whole result text from its stored pieces.
     *
     * @throws RuntimeException CLEARING_INCOMPLETE while pieces are still to be published
     */
    static byte[] text(ChaincodeStub stub, SlotState state, SlotState.Segment seg, String tx) {
        SlotState.ClearingSummary c = state.clearing();
        if (!c.resultComplete()) {
            throw Refusal.of(ErrorCode.CLEARING_INCOMPLETE, tx + ": slot " + state.slot() + " is cleared, and "
                    + c.resultChunksPublished() + " of the " + c.resultChunks() + " pieces of its results are stored; "
                    + "slot:" + Contracts.Slot.PUBLISH_CLEARING + " stores the rest");
        }
        if (seg.resultChunkDigests().isEmpty()) {
            // Cleared by a chaincode version that stored the text whole.
            return stub.getState(Keys.clearingResultWhole(state.slotKey(), seg.segment()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) seg.resultBytes());
        for (int i = 0; i < seg.resultChunkDigests().size(); i++) {
            out.writeBytes(stub.getState(Keys.clearingResultChunk(state.slotKey(), seg.segment(), i)));
        }
        return out.toByteArray();
    }

    private static int count(int length, int size) {
        return Math.max(1, (length + size - 1) / size);
    }

    private static byte[] piece(byte[] text, int size, int i) {
        long from = (long) i * size;
        return Arrays.copyOfRange(text, (int) from, (int) Math.min(text.length, from + size));
    }

    /** Lowercase hex SHA-256: the digest of a piece, and of a clearing input's canonical text. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(PrivateRecords.sha256(bytes));
    }
}
