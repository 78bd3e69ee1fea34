package io.p2pe.protocol;

/**
 * Which meter measures a participant, under {@code meterbinding~<participantId>} in the private
 * data collection {@code meter} (every write of it needs the meter org's peer). BindMeter sets it;
 * every reading or correction rewrites it.
 *
 * @param meterId the bound meter; readings naming another meter are refused ({@code CONFLICT})
 * @param meterMsp the MSP of the meter identity that wrote it
 * @param readings readings and corrections recorded so far
 * @param lastSlot the slot of the last reading or correction, or null
 * @param updatedAt tx timestamp of the write (ISO-8601 UTC)
 * @param txId the transaction that wrote it
 */
public record MeterBinding(String participant, String meterId, String meterMsp, long readings, String lastSlot,
                           String updatedAt, String txId) {
}
