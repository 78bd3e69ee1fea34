package io.p2pe.protocol;

/**
 * A meter reading under {@code meter~<slot>~<participantId>}, written once per (participant, slot)
 * and changed only by an explicit CorrectMeterReading before the slot is settled.
 *
 * @param importedWh energy taken from the grid during the slot, Wh
 * @param exportedWh energy fed into the grid during the slot, Wh
 * @param revision 0 for the original reading, +1 per correction (key history keeps each one)
 * @param correctionReason the last correction's reason, or null
 * @param recordedBy client id of the meter identity that wrote this revision
 * @param recordedMsp its MSP
 */
public record MeterReading(String participant, String slot, String slotKey, long importedWh, long exportedWh,
                           String meterId, int revision, String correctionReason, String recordedBy,
                           String recordedMsp, String recordedAt, String txId) {
}
