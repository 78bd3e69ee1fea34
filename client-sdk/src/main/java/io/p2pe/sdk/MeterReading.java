package io.p2pe.sdk;

/**
 * A recorded meter reading (chaincode {@code meter:RecordMeterReading}, {@code GetMeterReading}).
 *
 * <pre>{@code
 * MeterReading r = meter.recordMeterReading(new MeterReadingRequest("RetailerOrgMSP:home-001", slot, 1_200, 0, "m-001"));
 * }</pre>
 *
 * @param participant the metered participant
 * @param slot the slot
 * @param slotKey its UTC sort key
 * @param importedWh energy drawn from the grid
 * @param exportedWh energy fed into the grid
 * @param meterId the meter
 * @param revision 0 for the first reading, +1 per correction
 * @param correctionReason why it was corrected, or null
 * @param recordedBy client id of the meter identity
 * @param recordedMsp its org
 * @param recordedAt tx timestamp
 * @param txId the recording transaction
 */
public record MeterReading(String participant, String slot, String slotKey, long importedWh, long exportedWh,
                           String meterId, int revision, String correctionReason, String recordedBy,
                           String recordedMsp, String recordedAt, String txId) {
}
