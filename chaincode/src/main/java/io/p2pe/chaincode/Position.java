package io.p2pe.chaincode;

import io.p2pe.market.Side;
import java.util.List;

/**
 * A participant's side in one slot, under {@code position~<slot>~<participantId>}: only that
 * participant's own order transactions (and an operator's cancellation) touch it, so it enforces
 * "one side per participant per slot" without a key shared between participants.
 *
 * @param openOrderIds the participant's open orders in the slot, sorted; the key is deleted when
 *     the last one is cancelled, so the participant may then switch sides
 */
public record Position(String participant, String slot, Side side, List<String> openOrderIds) {
    public Position {
        openOrderIds = List.copyOf(new java.util.TreeSet<>(openOrderIds));
    }
}
