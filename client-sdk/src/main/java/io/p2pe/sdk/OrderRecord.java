package io.p2pe.sdk;

import io.p2pe.market.Side;

/**
 * An order as stored on the ledger (chaincode {@code order:GetOrder}, {@code ListMyOrders},
 * {@code GetSlotBook}).
 *
 * <pre>{@code
 * for (OrderRecord o : participant.myOrders(slot)) {
 *     System.out.println(o.orderId() + " " + o.side() + " " + o.wh() + " Wh, filled " + o.filledWh());
 * }
 * }</pre>
 *
 * @param orderId {@code <slot sort key>-<40 hex digits>}, derived from the owner and client order id
 * @param clientOrderId the id the participant gave
 * @param participant the owner, {@code <MSP id>:<local id>}
 * @param slot the slot, {@code 2026-06-17T12:00+09:00}
 * @param slotKey the slot's UTC sort key, {@code 20260617T0300Z}
 * @param side BUY or SELL
 * @param wh energy in Wh
 * @param price limit in ticks of 0.01 JPY/kWh
 * @param location the owner's grid location at submission; empty when unknown
 * @param sourceType the generation source of a SELL, or null
 * @param renewableOnly whether a BUY trades with renewable sources only
 * @param status {@code OPEN} or {@code CANCELLED}
 * @param submittedAt the submitting transaction's timestamp (ISO-8601 UTC)
 * @param submitTxId the submitting transaction
 * @param cancelledAt when it was cancelled, or null
 * @param cancelledBy the client id that cancelled it, or null
 * @param filledWh Wh matched once the slot is cleared; null before (and in a slot book listing)
 */
public record OrderRecord(String orderId, String clientOrderId, String participant, String slot, String slotKey,
                          Side side, long wh, long price, String location, String sourceType, boolean renewableOnly,
                          String status, String submittedAt, String submitTxId, String cancelledAt, String cancelledBy,
                          Long filledWh) {
}
