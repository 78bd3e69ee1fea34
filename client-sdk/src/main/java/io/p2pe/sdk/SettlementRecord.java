package io.p2pe.sdk;

import io.p2pe.market.settlement.SettlementLine;

/**
 * A participant's settlement of one slot (chaincode {@code settlement:GetSettlement}): P2P energy
 * and money, wheeling, imbalance covered by the retailer, and the grid-only baseline. Money in
 * 1e-5 JPY, CO2 in mg.
 *
 * <pre>{@code
 * SettlementRecord s = participant.settlement(slot);
 * System.out.println("saved " + Units.jpy(s.line().savings()) + " JPY");
 * }</pre>
 *
 * @param participant the participant
 * @param slot the slot
 * @param slotKey its UTC sort key
 * @param line the settlement figures
 * @param deliveredWh P2P energy delivered to it
 * @param renewableWh of which renewable
 * @param co2AvoidedMg CO2 avoided by that renewable energy
 * @param retailTariff ticks, as frozen for the slot
 * @param buyBackTariff ticks, as frozen for the slot
 * @param settledAt tx timestamp
 * @param settleTxId the settling transaction
 */
public record SettlementRecord(String participant, String slot, String slotKey, SettlementLine line, long deliveredWh,
                               long renewableWh, long co2AvoidedMg, long retailTariff, long buyBackTariff,
                               String settledAt, String settleTxId) {
}
