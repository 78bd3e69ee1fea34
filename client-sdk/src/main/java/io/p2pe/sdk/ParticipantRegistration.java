package io.p2pe.sdk;

import java.util.Objects;

/**
 * What the operator or an org admin registers about a participant (chaincode
 * {@code participant:RegisterParticipant}). The participant's certificate must carry
 * {@code p2pe.participant=<localId>}; the chaincode derives its id from that, never from
 * arguments of its own transactions.
 *
 * <pre>{@code
 * ParticipantRegistration home = ParticipantRegistration.of("home-001", "HOUSEHOLD")
 *         .withMspId("RetailerOrgMSP")
 *         .withLocation("tokyo/setagaya/seijo/feeder-3")
 *         .withPv(4_500, "solar");
 * }</pre>
 *
 * @param participant the local id (the certificate's {@code p2pe.participant})
 * @param mspId the owning org; null for the caller's own org
 * @param kind HOUSEHOLD, BUSINESS, MUNICIPAL or RETAILER
 * @param location grid location path, or null
 * @param pvWatts PV capacity, W
 * @param batteryWh stationary battery, Wh
 * @param ev whether it has an EV/PHV
 * @param evBatteryWh EV battery, Wh (0 without EV)
 * @param sourceType what its exports are generated from, or null
 */
public record ParticipantRegistration(String participant, String mspId, String kind, String location, long pvWatts,
                                      long batteryWh, boolean ev, long evBatteryWh, String sourceType) {
    public ParticipantRegistration {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(kind, "kind");
    }

    /** A participant with no assets, in the caller's org. */
    public static ParticipantRegistration of(String participant, String kind) {
        return new ParticipantRegistration(participant, null, kind, null, 0, 0, false, 0, null);
    }

    /** This registration in another org. */
    public ParticipantRegistration withMspId(String value) {
        return new ParticipantRegistration(participant, Objects.requireNonNull(value, "mspId"), kind, location,
                pvWatts, batteryWh, ev, evBatteryWh, sourceType);
    }

    /** This registration at a grid location. */
    public ParticipantRegistration withLocation(String value) {
        return new ParticipantRegistration(participant, mspId, kind, Objects.requireNonNull(value, "location"),
                pvWatts, batteryWh, ev, evBatteryWh, sourceType);
    }

    /** This registration with generation of the given capacity and source. */
    public ParticipantRegistration withPv(long watts, String source) {
        return new ParticipantRegistration(participant, mspId, kind, location, watts, batteryWh, ev, evBatteryWh,
                Objects.requireNonNull(source, "sourceType"));
    }

    /** This registration with a stationary battery. */
    public ParticipantRegistration withBattery(long wh) {
        return new ParticipantRegistration(participant, mspId, kind, location, pvWatts, wh, ev, evBatteryWh, sourceType);
    }

    /** This registration with an EV of the given battery capacity. */
    public ParticipantRegistration withEv(long batteryWh) {
        return new ParticipantRegistration(participant, mspId, kind, location, pvWatts, this.batteryWh, true, batteryWh,
                sourceType);
    }
}
