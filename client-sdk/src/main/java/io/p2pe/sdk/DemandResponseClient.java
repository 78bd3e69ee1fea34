package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.DrEnrolment;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.DrProgram;
import io.p2pe.protocol.PointsBalance;
import io.p2pe.protocol.PointsEntry;
import java.util.List;

/**
 * Demand-response events, battery dispatch (virtual power plant) and incentive points. Obtain it with
 * {@link P2peConnection#demandResponse()}; what a call may do depends on the connected identity's
 * role (docs/chaincode.md, demand response): the operator (or a retailer, when the DR programme
 * lets retailers declare) declares and closes events; participants enrol and move their points;
 * anyone with a p2pe role measures an enrolled participant once the slots are metered.
 *
 * <pre>{@code
 * DemandResponseClient dr = connection.demandResponse();
 * dr.declare(request);                          // operator
 * dr.enrol("2026-06-17-evening");               // a household, before the deadline
 * DrPerformance p = dr.measure("2026-06-17-evening", "RetailerOrgMSP:home-001");  // after metering
 * DrEvent closed = dr.close("2026-06-17-evening");                                  // operator
 * }</pre>
 */
public interface DemandResponseClient {

    /**
     * Sets the DR programme (operator only): who may declare events ({@code operator}, and
     * {@code retailer} if allowed) and the market-participation points per kWh traded P2P,
     * credited at settlement (0 for none).
     */
    DrProgram setProgram(List<String> declarerRoles, long participationPointsPerKwh) throws P2peException;

    /** The DR programme's settings (version 0: the defaults, operator only). */
    DrProgram program() throws P2peException;

    /**
     * Declares an event.
     *
     * @throws EndorsementRejectedException {@code FORBIDDEN}, {@code ALREADY_EXISTS}, or a field refusal
     */
    DrEvent declare(DrEventRequest request) throws P2peException;

    /**
     * Enrols the connected participant; enrolling again returns the enrolment.
     *
     * @throws EndorsementRejectedException {@code INVALID_STATE} after the deadline or once closed
     */
    DrEnrolment enrol(String eventId) throws P2peException;

    /**
     * Measures an enrolled participant and credits its points; measuring again returns the
     * measurement and credits nothing.
     *
     * @throws EndorsementRejectedException {@code INVALID_STATE} before the event ended,
     *     {@code MISSING_METER_READING} while a reading of an event slot is missing
     */
    DrPerformance measure(String eventId, String participantId) throws P2peException;

    /** Closes the event with its result (the operator or the declarer); closing again returns it. */
    DrEvent close(String eventId) throws P2peException;

    /** One event. */
    DrEvent event(String eventId) throws P2peException;

    /** Every event, by id. */
    List<DrEvent> events() throws P2peException;

    /** An event's enrolments (the operator, auditors, the declarer). */
    List<DrEnrolment> enrolments(String eventId) throws P2peException;

    /** A participant's measurement with its baseline days and per-slot figures. */
    DrPerformance performance(String eventId, String participantId) throws P2peException;

    /** A participant's points. */
    PointsBalance points(String participantId) throws P2peException;

    /** A participant's point movements, by entry id. */
    List<PointsEntry> pointsHistory(String participantId) throws P2peException;

    /**
     * Moves the connected participant's points to another participant.
     *
     * @param memo may be null
     * @throws EndorsementRejectedException {@code INSUFFICIENT_POINTS} above the balance
     */
    PointsEntry transferPoints(String toParticipantId, long points, String memo) throws P2peException;

    /** Records a redemption of a participant's points (operator), with the external payment's reference. */
    PointsEntry redeemPoints(String participantId, long points, String reference) throws P2peException;

    /**
     * Instructs a battery whose owner authorised the connected aggregator
     * ({@link ParticipantClient#authorizeAggregator}) to charge or discharge in a slot that has not
     * started; the same aggregator may replace the slot's instruction.
     *
     * @param eventId the DR event it serves, or null
     * @throws EndorsementRejectedException {@code FORBIDDEN} (not authorised, revoked), {@code CONFLICT}
     *     (another aggregator's instruction), {@code INVALID_STATE} (no battery, slot started)
     */
    BatteryDispatch dispatchBattery(String participantId, Slot slot, BatteryDispatch.Direction direction, long wh,
                                    String eventId) throws P2peException;

    /**
     * Records a dispatched battery's metered response against its baseline once the slot's reading
     * is in; recording again returns it.
     *
     * @throws EndorsementRejectedException {@code MISSING_METER_READING}, {@code NOT_FOUND}
     */
    BatteryDispatch recordDispatchResponse(String participantId, Slot slot) throws P2peException;

    /** One instruction (the owner's readers and the instructing aggregator). */
    BatteryDispatch dispatch(String participantId, Slot slot) throws P2peException;

    /** A battery's instructions from {@code from} to {@code to}, inclusive. */
    List<BatteryDispatch> dispatches(String participantId, Slot from, Slot to) throws P2peException;
}
