package io.p2pe.market.provenance;

import java.util.List;

/**
 * Where one consumer's energy came from in one slot.
 *
 * @param importedWh metered import
 * @param contractedWh P2P energy bought
 * @param deliveredWh P2P energy delivered (≤ contracted, ≤ imported)
 * @param renewableWh delivered energy from renewable sources
 * @param co2AvoidedMg {@code renewableWh × gridEmissionFactor} (Wh × g/kWh = mg)
 * @param sources one per trade, sorted by (buyOrderId, sellOrderId)
 */
public record ConsumerProvenance(String consumer, long importedWh, long contractedWh, long deliveredWh,
                                 long renewableWh, long co2AvoidedMg, List<SourceShare> sources) {
    public ConsumerProvenance {
        sources = List.copyOf(sources);
    }
}
