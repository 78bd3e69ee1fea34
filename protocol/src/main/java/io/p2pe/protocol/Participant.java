package io.p2pe.protocol;

/**
 * A registered market participant. Energy assets in W / Wh (no floating point on the ledger).
 *
 * @param id {@code <MSP id>:<local id>}, the id its certificate maps to
 * @param mspId the owning org's MSP
 * @param localId the {@code p2pe.participant} attribute of its certificate
 * @param kind household, business, municipal or retailer
 * @param location grid location path, e.g. {@code tokyo/setagaya/seijo/feeder-3}; empty if unknown
 * @param pvWatts rooftop PV capacity, W
 * @param batteryWh stationary battery capacity, Wh
 * @param ev true if it has an EV/PHV
 * @param evBatteryWh EV battery capacity, Wh (0 without EV)
 * @param sourceType what its exports are generated from, e.g. {@code solar}; null if it only consumes
 * @param status ACTIVE or SUSPENDED
 * @param statusReason why it was last suspended or reinstated; null if never
 * @param registeredBy client id of the registering admin or operator
 * @param registeredAt tx timestamp of the registration
 * @param updatedAt tx timestamp of the last change
 */
public record Participant(String id, String mspId, String localId, Kind kind, String location, long pvWatts,
                          long batteryWh, boolean ev, long evBatteryWh, String sourceType, Status status,
                          String statusReason, String registeredBy, String registeredAt, String updatedAt) {

    /** Participant kinds. */
    public enum Kind { HOUSEHOLD, BUSINESS, MUNICIPAL, RETAILER }

    /** Only ACTIVE participants may trade. */
    public enum Status { ACTIVE, SUSPENDED }

    /** The participant with a new status, its reason and the time of the change. */
    public Participant withStatus(Status newStatus, String reason, String at) {
        return new Participant(id, mspId, localId, kind, location, pvWatts, batteryWh, ev, evBatteryWh, sourceType,
                newStatus, reason, registeredBy, registeredAt, at);
    }
}
