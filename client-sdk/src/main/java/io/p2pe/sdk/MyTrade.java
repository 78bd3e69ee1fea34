package io.p2pe.sdk;

import io.p2pe.market.Side;

/**
 * One trade of the participant's, from the slot's clearing result.
 *
 * <pre>{@code
 * for (MyTrade t : participant.myTrades(slot)) {
 *     System.out.println(t.side() + " " + t.wh() + " Wh at " + Units.jpyPerKwh(t.price()) + " JPY/kWh");
 * }
 * }</pre>
 *
 * @param slot the slot
 * @param segment the clearing run, {@code renewable} or {@code main}
 * @param orderId the participant's order
 * @param side the participant's side
 * @param counterpartyOrderId the matched order on the other side
 * @param wh energy traded
 * @param price what the seller receives per kWh, ticks
 * @param wheelingFee network fee per kWh, ticks; the buyer pays {@code price + wheelingFee}
 */
public record MyTrade(String slot, String segment, String orderId, Side side, String counterpartyOrderId, long wh,
                      long price, long wheelingFee) {
}
