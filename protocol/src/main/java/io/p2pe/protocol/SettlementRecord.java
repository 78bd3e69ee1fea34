package io.p2pe.protocol;

import io.p2pe.market.settlement.SettlementLine;

/**
 * A participant's settlement of one slot under {@code settlement~<participantId>~<slot>}.
 *
 * @param line the market's settlement line (Wh; money in 1e-5 JPY, positive = the participant pays)
 * @param deliveredWh P2P energy delivered to it as a consumer (provenance)
 * @param renewableWh the renewable part of {@code deliveredWh}
 * @param co2AvoidedMg {@code renewableWh × gridEmissionFactor}, mg CO2
 * @param retailTariff the slot's retail tariff, ticks
 * @param buyBackTariff the slot's buy-back tariff, ticks
 */
public record SettlementRecord(String participant, String slot, String slotKey, SettlementLine line,
                               long deliveredWh, long renewableWh, long co2AvoidedMg, long retailTariff,
                               long buyBackTariff, String settledAt, String settleTxId) {
}
