package io.p2pe.chaincode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.p2pe.market.Side;
import java.util.List;

/**
 * A participant's side in one slot, under {@code position~<slot>~<participantId>}: only that
 * participant's own order transactions (and an operator's cancellation) touch it, so it enforces
 * "one side per participant per slot" without a key shared between participants. It holds a count,
 * not the orders' ids: every submission rewrites it, and a list grew to 55 kB at 1,000 open orders.
 *
 * @param openOrders the participant's open orders in the slot; the key is deleted when the last one
 *     is cancelled, so the participant may then switch sides
 */
public record Position(String participant, String slot, Side side, int openOrders) {

    /**
     * Reads a stored position; one stored before positions held a count lists its open orders'
     * ids ({@code openOrderIds}) and reads as their number.
     */
    @JsonCreator
    static Position stored(@JsonProperty("participant") String participant, @JsonProperty("slot") String slot,
                           @JsonProperty("side") Side side, @JsonProperty("openOrders") Integer openOrders,
                           @JsonProperty("openOrderIds") List<String> openOrderIds) {
        int count = openOrders != null ? openOrders : openOrderIds == null ? 0 : openOrderIds.size();
        return new Position(participant, slot, side, count);
    }
}
