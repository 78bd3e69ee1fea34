package io.p2pe.protocol;

import io.p2pe.market.provenance.ConsumerProvenance;

/** A consumer's delivered provenance for one slot, under {@code provenance~<consumer>~<slot>}. */
public record ProvenanceRecord(String consumer, String slot, String slotKey, ConsumerProvenance provenance,
                               String settleTxId) {
}
