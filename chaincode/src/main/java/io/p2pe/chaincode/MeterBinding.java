package io.p2pe.chaincode;

/**
 * Which meter measures a participant, under {@code meterbinding~<participantId>} in the private
 * data collection {@link Keys#METER_COLLECTION} (every write of it needs the meter org's peer).
 * Every reading or correction rewrites it.
 *
 * @param readings readings and corrections recorded so far
 * @param lastSlot the slot of the last reading or correction
 */
public record MeterBinding(String participant, String meterId, String meterMsp, long readings, String lastSlot,
                           String updatedAt, String txId) {
}
