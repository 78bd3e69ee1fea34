package io.p2pe.chaincode;

/**
 * Which meter measures a participant, under {@code meterbinding~<participantId>}. The key carries a
 * state-based endorsement policy requiring a peer of the meter operator's org, and every reading or
 * correction rewrites it, so no reading can be committed without that org's endorsement.
 *
 * @param readings readings and corrections recorded so far
 * @param lastSlot the slot of the last reading or correction
 */
public record MeterBinding(String participant, String meterId, String meterMsp, long readings, String lastSlot,
                           String updatedAt, String txId) {
}
