package io.p2pe.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.p2pe.market.Slot;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.DrEnrolment;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.DrProgram;
import io.p2pe.protocol.PointsBalance;
import io.p2pe.protocol.PointsEntry;
import java.util.List;
import java.util.Objects;

final class GatewayDemandResponseClient implements DemandResponseClient {
    private static final String DR = Contracts.DemandResponse.NAME;
    private static final String POINTS = Contracts.Points.NAME;
    private final ClientSupport support;

    GatewayDemandResponseClient(ClientSupport support) {
        this.support = support;
    }

    record ProgramJson(List<String> declarerRoles, long participationPointsPerKwh) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TransferJson(String to, long points, String memo) {
    }

    record RedemptionJson(String participant, long points, String reference) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DispatchJson(String participant, String slot, BatteryDispatch.Direction direction, long wh, String eventId) {
    }

    @Override
    public DrProgram setProgram(List<String> declarerRoles, long participationPointsPerKwh) throws P2peException {
        Objects.requireNonNull(declarerRoles, "declarerRoles");
        // A repeated setting writes one more version with the same values: harmless.
        return support.submit(DrProgram.class, Ledger.Idempotency.IDEMPOTENT, DR,
                Contracts.DemandResponse.SET_DR_PROGRAM,
                Json.write(new ProgramJson(declarerRoles, participationPointsPerKwh)));
    }

    @Override
    public DrProgram program() throws P2peException {
        return support.evaluate(DrProgram.class, DR, Contracts.DemandResponse.GET_DR_PROGRAM);
    }

    @Override
    public DrEvent declare(DrEventRequest request) throws P2peException {
        Objects.requireNonNull(request, "request");
        // A repeated declaration is refused with ALREADY_EXISTS, never applied twice.
        return support.submit(DrEvent.class, Ledger.Idempotency.IDEMPOTENT, DR,
                Contracts.DemandResponse.DECLARE_DR_EVENT, Json.write(request.wire()));
    }

    @Override
    public DrEnrolment enrol(String eventId) throws P2peException {
        return support.submit(DrEnrolment.class, Ledger.Idempotency.IDEMPOTENT, DR,
                Contracts.DemandResponse.ENROL_DR_EVENT, Objects.requireNonNull(eventId, "eventId"));
    }

    @Override
    public DrPerformance measure(String eventId, String participantId) throws P2peException {
        return support.submit(DrPerformance.class, Ledger.Idempotency.IDEMPOTENT, DR,
                Contracts.DemandResponse.MEASURE_DR_PERFORMANCE, Objects.requireNonNull(eventId, "eventId"),
                Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public DrEvent close(String eventId) throws P2peException {
        return support.submit(DrEvent.class, Ledger.Idempotency.IDEMPOTENT, DR, Contracts.DemandResponse.CLOSE_DR_EVENT,
                Objects.requireNonNull(eventId, "eventId"));
    }

    @Override
    public DrEvent event(String eventId) throws P2peException {
        return support.evaluate(DrEvent.class, DR, Contracts.DemandResponse.GET_DR_EVENT,
                Objects.requireNonNull(eventId, "eventId"));
    }

    @Override
    public List<DrEvent> events() throws P2peException {
        return support.allPages(DrEvent.class, DR, Contracts.DemandResponse.LIST_DR_EVENTS);
    }

    @Override
    public List<DrEnrolment> enrolments(String eventId) throws P2peException {
        return support.allPages(DrEnrolment.class, DR, Contracts.DemandResponse.LIST_DR_ENROLMENTS,
                Objects.requireNonNull(eventId, "eventId"));
    }

    @Override
    public DrPerformance performance(String eventId, String participantId) throws P2peException {
        return support.evaluate(DrPerformance.class, DR, Contracts.DemandResponse.GET_DR_PERFORMANCE,
                Objects.requireNonNull(eventId, "eventId"), Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public PointsBalance points(String participantId) throws P2peException {
        return support.evaluate(PointsBalance.class, POINTS, Contracts.Points.GET_POINTS_BALANCE,
                Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public List<PointsEntry> pointsHistory(String participantId) throws P2peException {
        return support.allPages(PointsEntry.class, POINTS, Contracts.Points.LIST_POINTS_ENTRIES,
                Objects.requireNonNull(participantId, "participantId"));
    }

    @Override
    public PointsEntry transferPoints(String toParticipantId, long points, String memo) throws P2peException {
        // A transfer repeated as a new transaction would move the points twice.
        return support.submit(PointsEntry.class, Ledger.Idempotency.NOT_IDEMPOTENT, POINTS,
                Contracts.Points.TRANSFER_POINTS,
                Json.write(new TransferJson(Objects.requireNonNull(toParticipantId, "toParticipantId"), points, memo)));
    }

    @Override
    public PointsEntry redeemPoints(String participantId, long points, String reference) throws P2peException {
        return support.submit(PointsEntry.class, Ledger.Idempotency.NOT_IDEMPOTENT, POINTS, Contracts.Points.REDEEM_POINTS,
                Json.write(new RedemptionJson(Objects.requireNonNull(participantId, "participantId"), points,
                        Objects.requireNonNull(reference, "reference"))));
    }

    @Override
    public BatteryDispatch dispatchBattery(String participantId, Slot slot, BatteryDispatch.Direction direction,
                                           long wh, String eventId) throws P2peException {
        DispatchJson d = new DispatchJson(Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(slot, "slot").toString(), Objects.requireNonNull(direction, "direction"), wh,
                eventId);
        // Repeating it writes the same instruction again.
        return support.submit(BatteryDispatch.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Dispatch.NAME,
                Contracts.Dispatch.DISPATCH_BATTERY, Json.write(d));
    }

    @Override
    public BatteryDispatch recordDispatchResponse(String participantId, Slot slot) throws P2peException {
        return support.submit(BatteryDispatch.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Dispatch.NAME,
                Contracts.Dispatch.RECORD_DISPATCH_RESPONSE, Objects.requireNonNull(participantId, "participantId"),
                Objects.requireNonNull(slot, "slot").toString());
    }

    @Override
    public BatteryDispatch dispatch(String participantId, Slot slot) throws P2peException {
        return support.evaluate(BatteryDispatch.class, Contracts.Dispatch.NAME, Contracts.Dispatch.GET_DISPATCH,
                Objects.requireNonNull(participantId, "participantId"), Objects.requireNonNull(slot, "slot").toString());
    }

    @Override
    public List<BatteryDispatch> dispatches(String participantId, Slot from, Slot to) throws P2peException {
        return support.allPages(BatteryDispatch.class, Contracts.Dispatch.NAME, Contracts.Dispatch.LIST_DISPATCHES,
                Objects.requireNonNull(participantId, "participantId"), Objects.requireNonNull(from, "from").toString(),
                Objects.requireNonNull(to, "to").toString());
    }
}
