package io.p2pe.market.provenance;

/**
 * One trade as seen by provenance: who generated the energy, what and where, and how much of it
 * was contracted and delivered.
 *
 * @param consumer buyer participant
 * @param generator seller participant
 * @param contractedWh the trade's quantity
 * @param deliveredWh the part of it backed by both meters (see {@link Provenance})
 * @param renewable whether {@code sourceType} counts as renewable
 * @param buyOrderId trade reference, with {@code sellOrderId}
 */
public record SourceShare(String consumer, String generator, String sourceType, String location, boolean renewable,
                          long contractedWh, long deliveredWh, String buyOrderId, String sellOrderId) {
}
