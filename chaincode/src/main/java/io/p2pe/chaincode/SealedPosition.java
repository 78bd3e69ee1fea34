package io.p2pe.chaincode;

import java.util.List;

/**
 * A participant's sealed orders in one slot that are not revealed yet, under
 * {@code sealedposition~<slot>~<participantId>}: written only by that participant's
 * SubmitSealedOrder and by the RevealOrders that reveals them, so it never joins two participants'
 * transactions. The open-order cap counts these with the position's open orders.
 *
 * @param sealedOrderIds sorted; the key is deleted when the last one is revealed
 */
public record SealedPosition(String participant, String slot, List<String> sealedOrderIds) {
    public SealedPosition {
        sealedOrderIds = List.copyOf(new java.util.TreeSet<>(sealedOrderIds));
    }
}
