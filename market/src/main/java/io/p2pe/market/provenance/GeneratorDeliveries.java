package io.p2pe.market.provenance;

import java.util.List;

/**
 * Where one generator's energy went in one slot.
 *
 * @param exportedWh metered export
 * @param soldWh P2P energy sold
 * @param deliveredWh P2P energy delivered (≤ sold, ≤ exported)
 * @param renewableWh delivered energy attributed as renewable (the audited quantity: ≤ exported)
 * @param deliveries one per trade, sorted by (buyOrderId, sellOrderId)
 */
public record GeneratorDeliveries(String generator, long exportedWh, long soldWh, long deliveredWh,
                                  long renewableWh, List<SourceShare> deliveries) {
    public GeneratorDeliveries {
        deliveries = List.copyOf(deliveries);
    }
}
