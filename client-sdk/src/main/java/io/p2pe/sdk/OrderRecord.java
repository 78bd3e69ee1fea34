package io.p2pe.sdk;

import io.p2pe.market.Side;

/**
 * An order as stored on the ledger.
 *
 * <pre>{@code
 * for (OrderRecord o : participant.myOrders(slot)) {
 *     System.out.println(o.orderId() + " " + o.side() + " " + o.wh() + " Wh " + o.status());
 * }
 * }</pre>
 *
 * @param orderId the ledger's id of the order (unique in its slot)
 * @param clientOrderId the id the participant gave
 * @param participant the owner, {@code <MSP id>:<local id>}
 * @param slot the slot, {@code 2026-06-17T12:00+09:00}
 * @param side BUY or SELL
 * @param wh energy in Wh
 * @param price limit in ticks
 * @param sourceType the generation source of a SELL, or null
 * @param renewableOnly whether a BUY accepts renewable sources only
 * @param location the owner's grid location, or null
 * @param status e.g. {@code OPEN}, {@code CANCELLED}, {@code CLEARED}
 * @param submittedAt the submitting transaction's timestamp (ISO-8601 UTC)
 * @param txId the submitting transaction
 */
public record OrderRecord(String orderId, String clientOrderId, String participant, String slot, Side side, long wh,
                          long price, String sourceType, boolean renewableOnly, String location, String status,
                          String submittedAt, String txId) {
}
