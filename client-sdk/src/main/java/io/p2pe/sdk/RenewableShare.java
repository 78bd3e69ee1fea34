package io.p2pe.sdk;

/**
 * A participant's renewable P2P share over a period of settled slots (chaincode
 * {@code provenance:GetRenewableShare}).
 *
 * <pre>{@code
 * RenewableShare r = participant.renewableShare(from, to);
 * System.out.printf("%d.%02d%% renewable%n", r.renewableShareBasisPoints() / 100, r.renewableShareBasisPoints() % 100);
 * }</pre>
 *
 * @param participant the participant
 * @param fromSlot first slot, inclusive
 * @param toSlot last slot, inclusive
 * @param settledSlots settled slots in the period
 * @param importedWh metered consumption
 * @param deliveredWh P2P energy delivered
 * @param renewableWh of which renewable
 * @param renewableShareBasisPoints renewable share of consumption, 1/100 %, rounded down
 * @param co2AvoidedMg CO2 avoided, mg
 */
public record RenewableShare(String participant, String fromSlot, String toSlot, long settledSlots, long importedWh,
                             long deliveredWh, long renewableWh, long renewableShareBasisPoints, long co2AvoidedMg) {
}
