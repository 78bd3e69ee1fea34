package io.p2pe.sdk;

/**
 * A registered participant (chaincode {@code participant:GetParticipant}).
 *
 * <pre>{@code
 * ParticipantRecord p = operator.participant("RetailerOrgMSP:home-001");
 * System.out.println(p.kind() + " at " + p.location() + ", PV " + p.pvWatts() + " W");
 * }</pre>
 *
 * @param id {@code <MSP id>:<local id>}
 * @param mspId the owning org
 * @param localId the {@code p2pe.participant} attribute of its certificate
 * @param kind HOUSEHOLD, BUSINESS, MUNICIPAL or RETAILER
 * @param location grid location path; empty when unknown
 * @param pvWatts rooftop PV capacity, W
 * @param batteryWh stationary battery, Wh
 * @param ev whether it has an EV/PHV
 * @param evBatteryWh EV battery, Wh
 * @param sourceType what its exports are generated from, or null
 * @param status ACTIVE or SUSPENDED
 * @param statusReason why it was last suspended or reinstated, or null
 * @param registeredBy client id of the registrar
 * @param registeredAt registration timestamp
 * @param updatedAt last change timestamp
 */
public record ParticipantRecord(String id, String mspId, String localId, String kind, String location, long pvWatts,
                                long batteryWh, boolean ev, long evBatteryWh, String sourceType, String status,
                                String statusReason, String registeredBy, String registeredAt, String updatedAt) {
}
