package io.p2pe.sdk;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.SlotState;

/**
 * What follows a clearing transaction (ClearSlot, FinalizeClearing): a large slot's result texts
 * are stored in pieces, the first ones by the clearing transaction, the rest by
 * slot:PublishClearing, a few per transaction; then the clearing is read back with its texts.
 */
final class ClearingPublication {
    private ClearingPublication() {
    }

    /**
     * Publishes the pieces {@code cleared} still lacks, then reads the slot's clearing.
     *
     * @param cleared the slot state the clearing transaction answered with
     */
    static ClearingRecord complete(ClientSupport support, SlotState cleared) throws P2peException {
        SlotState state = cleared;
        while (!state.clearing().resultComplete()) {
            int before = state.clearing().resultChunksPublished();
            // PublishClearing stores only what is missing, so a retry is harmless.
            state = support.submit(SlotState.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Slot.NAME,
                    Contracts.Slot.PUBLISH_CLEARING, state.slot());
            if (state.clearing().resultChunksPublished() <= before) {
                throw new UnexpectedResponseException("slot:" + Contracts.Slot.PUBLISH_CLEARING + " of slot "
                        + state.slot() + " stored no new piece (" + before + " of " + state.clearing().resultChunks()
                        + " stored)", state.clearing().clearTxId(), null);
            }
        }
        return support.evaluate(ClearingRecord.class, Contracts.Slot.NAME, Contracts.Slot.GET_CLEARING_RESULT,
                state.slot());
    }
}
