package io.p2pe.protocol;

import io.p2pe.market.dr.DrDirection;
import java.util.List;

/**
 * A demand-response event under {@code drevent~<eventId>}: the operator (or a retailer, when the
 * DR programme lets retailers declare) asks enrolled participants to use less (DOWN) or more (UP)
 * than their baseline in some slots, for incentive points.
 *
 * @param eventId 1-64 characters of {@code [A-Za-z0-9._-]}
 * @param direction UP or DOWN
 * @param slots the event's consecutive slots, in the market zone's offset
 * @param targetWh the Wh the declarer wants delivered in total
 * @param pointsPerKwh points credited per kWh delivered
 * @param enrolmentDeadline ISO-8601 UTC; enrolment closes then (market time), at most the first slot's start
 * @param status OPEN until the declarer closes it with its result
 * @param declaredBy client id of the declaring identity
 * @param declaredMsp its MSP
 * @param declaredAt tx timestamp
 * @param txId the declaring transaction
 * @param result null until CLOSED
 */
public record DrEvent(String eventId, DrDirection direction, List<String> slots, long targetWh, long pointsPerKwh,
                      String enrolmentDeadline, Status status, String declaredBy, String declaredMsp,
                      String declaredAt, String txId, Result result) {
    public enum Status {
        /** Declared; enrolment until the deadline, measurement after the last slot. */
        OPEN,
        /** Closed by the declarer; its result is final. */
        CLOSED
    }

    /**
     * What the event delivered, for audit.
     *
     * @param enrolled participants enrolled
     * @param measured of them, measured before the close
     * @param unmeasured the enrolled participants not measured (no reading yet), sorted
     * @param deliveredWh Σ of the measured participants' signed delivery
     * @param creditedWh Σ of their credited Wh (what counts against the target)
     * @param pointsIssued Σ of the points credited for the event
     * @param closedAt tx timestamp of the close
     * @param closeTxId the closing transaction
     */
    public record Result(int enrolled, int measured, List<String> unmeasured, long deliveredWh, long creditedWh,
                         long pointsIssued, String closedAt, String closeTxId) {
    }
}
