package io.p2pe.protocol;

import io.p2pe.market.provenance.GeneratorDeliveries;

/** A generator's deliveries for one slot, under {@code delivery~<generator>~<slot>}. */
public record DeliveryRecord(String generator, String slot, String slotKey, GeneratorDeliveries deliveries,
                             String settleTxId) {
}
