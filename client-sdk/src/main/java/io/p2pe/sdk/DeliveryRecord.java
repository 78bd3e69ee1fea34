package io.p2pe.sdk;

import io.p2pe.market.provenance.GeneratorDeliveries;

/**
 * What one generator delivered to consumers in one slot (chaincode
 * {@code provenance:ListDeliveriesByGenerator}).
 *
 * <pre>{@code
 * for (DeliveryRecord d : audit.deliveriesByGenerator(generator, from, to)) {
 *     System.out.println(d.slot() + " " + d.deliveries().deliveredWh() + " Wh");
 * }
 * }</pre>
 *
 * @param generator the generator
 * @param slot the slot
 * @param slotKey its UTC sort key
 * @param deliveries exported, sold and delivered energy with one share per consumer trade
 * @param settleTxId the settling transaction
 */
public record DeliveryRecord(String generator, String slot, String slotKey, GeneratorDeliveries deliveries,
                             String settleTxId) {
}
