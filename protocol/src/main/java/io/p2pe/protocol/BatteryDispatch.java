package io.p2pe.protocol;

/**
 * An aggregator's instruction to a household's battery for one slot (virtual power plant), under
 * {@code dispatch~<participantId>~<slot key>}: one instruction per battery and slot, which the
 * same aggregator may replace until the slot starts. After the slot, its metered response.
 *
 * @param participant the battery's owner
 * @param slot the slot, in the market zone's offset
 * @param direction CHARGE (absorb: use more) or DISCHARGE (supply: use less)
 * @param wh the energy asked for in the slot
 * @param eventId the DR event it serves, or null (e.g. absorbing a surplus)
 * @param aggregator the aggregator's participant id
 * @param issuedAt tx timestamp of the (last) instruction
 * @param txId the instructing transaction
 * @param response null until recorded after the slot
 */
public record BatteryDispatch(String participant, String slot, Direction direction, long wh, String eventId,
                              String aggregator, String issuedAt, String txId, Response response) {
    public enum Direction {
        CHARGE, DISCHARGE
    }

    /**
     * What the meter saw, against the household's baseline for the slot (High 4 of 5, as for DR
     * events): {@code respondedWh = baseline − actual} for DISCHARGE, {@code actual − baseline} for
     * CHARGE. The baseline and the actual figures themselves stay in the meter collection.
     *
     * @param baselineStatus ADJUSTED, UNADJUSTED or NO_BASELINE (then respondedWh is 0)
     * @param respondedWh signed, in the instructed direction
     */
    public record Response(String baselineStatus, long respondedWh, String recordedAt, String txId) {
    }
}
