package io.p2pe.sdk;

import io.p2pe.market.provenance.ConsumerProvenance;

/**
 * Delivered provenance of one consumer in one slot (chaincode {@code provenance:GetProvenance}):
 * which generators (who, what source, where) supplied the P2P energy it consumed, each share
 * referencing its trade.
 *
 * <pre>{@code
 * ProvenanceRecord p = participant.provenance(slot);
 * p.provenance().sources().forEach(s ->
 *         System.out.println(s.generator() + " " + s.sourceType() + " " + s.deliveredWh() + " Wh"));
 * }</pre>
 *
 * @param consumer the consumer
 * @param slot the slot
 * @param slotKey its UTC sort key
 * @param provenance the consumer's sources
 * @param settleTxId the settling transaction that computed it
 */
public record ProvenanceRecord(String consumer, String slot, String slotKey, ConsumerProvenance provenance,
                               String settleTxId) {
}
