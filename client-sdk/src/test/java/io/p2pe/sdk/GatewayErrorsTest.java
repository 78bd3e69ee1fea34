package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.p2pe.protocol.ErrorCode;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

/** Gateway failures as the peer's gateway really shapes them, translated into the SDK's exceptions. */
class GatewayErrorsTest {

    private static StatusRuntimeException endorseFailure(String... detailMessages) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.ABORTED.value())
                .setMessage("failed to endorse transaction, see attached details for more info");
        for (String m : detailMessages) {
            status.addDetails(Any.pack(ErrorDetail.newBuilder()
                    .setAddress("peer0.exchange.p2pe.local:7051").setMspId("ExchangeOrgMSP").setMessage(m).build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    @Test
    void endorsementRefusalCarriesCodeFieldAndMessage() {
        EndorseException e = new EndorseException("tx1", endorseFailure(
                "chaincode response 500, OUT_OF_RANGE: order b1: field 'wh' must be between 1 and 1000000000, got 0"));

        P2peException p = GatewayErrors.translate(e, "order:SubmitOrder", "tx1", false);

        EndorsementRejectedException r = assertInstanceOf(EndorsementRejectedException.class, p);
        assertEquals(ErrorCode.OUT_OF_RANGE, r.errorCode().orElseThrow());
        assertEquals("wh", r.field().orElseThrow());
        assertEquals("order b1: field 'wh' must be between 1 and 1000000000, got 0", r.chaincodeMessage());
        assertEquals("tx1", r.transactionId().orElseThrow());
        assertFalse(r.isTransient());
    }

    @Test
    void evaluateRefusalIsReadFromTheStatusDescription() {
        GatewayException e = new GatewayException(Status.UNKNOWN.withDescription(
                "evaluate call to endorser returned error: chaincode response 500, FORBIDDEN: GetSlotBook needs role operator")
                .asRuntimeException());

        P2peException p = GatewayErrors.translate(e, "order:GetSlotBook", null, false);

        assertEquals(ErrorCode.FORBIDDEN, p.errorCode().orElseThrow());
        assertEquals("FORBIDDEN: GetSlotBook needs role operator", p.getMessage());
        assertTrue(p.transactionId().isEmpty());
    }

    @Test
    void jsonEncodedRefusalIsRead() {
        EndorseException e = new EndorseException("tx2", endorseFailure(
                "chaincode response 500, {\"code\":\"SLOT_CLOSED\",\"message\":\"slot 2026-06-17T12:00+09:00 is closed\"}"));

        P2peException p = GatewayErrors.translate(e, "order:SubmitOrder", "tx2", false);

        assertEquals(ErrorCode.SLOT_CLOSED, p.errorCode().orElseThrow());
        assertEquals("slot 2026-06-17T12:00+09:00 is closed",
                ((EndorsementRejectedException) p).chaincodeMessage());
    }

    @Test
    void refusalWithoutCodeKeepsTheMessage() {
        EndorseException e = new EndorseException("tx3", endorseFailure("chaincode response 500, something broke"));

        EndorsementRejectedException r = assertInstanceOf(EndorsementRejectedException.class,
                GatewayErrors.translate(e, "slot:ClearSlot", "tx3", false));

        assertTrue(r.errorCode().isEmpty());
        assertEquals("something broke", r.getMessage());
    }

    @Test
    void unavailablePeerIsATransientTransportFailure() {
        EndorseException e = new EndorseException("tx4", Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

        TransportException t = assertInstanceOf(TransportException.class,
                GatewayErrors.translate(e, "order:SubmitOrder", "tx4", false));

        assertEquals("UNAVAILABLE", t.grpcStatus().orElseThrow());
        assertTrue(t.isTransient());
        assertFalse(t.outcomeUnknown());
        assertTrue(t.getMessage().startsWith("order:SubmitOrder: gateway call failed with UNAVAILABLE"), t.getMessage());
    }

    @Test
    void failedSubmitLeavesTheOutcomeUnknown() {
        SubmitException e = new SubmitException("tx5", Status.DEADLINE_EXCEEDED.asRuntimeException());

        TransportException t = assertInstanceOf(TransportException.class,
                GatewayErrors.translate(e, "slot:CloseSlot", "tx5", true));

        assertTrue(t.outcomeUnknown());
        assertTrue(t.isTransient());
    }

    @Test
    void mismatchedEndorsementsAreTransientBeforeSubmission() {
        EndorseException e = new EndorseException("tx6", endorseFailure("ProposalResponsePayloads do not match"));

        TransportException t = assertInstanceOf(TransportException.class,
                GatewayErrors.translate(e, "slot:ClearSlot", "tx6", false));

        assertEquals("ABORTED", t.grpcStatus().orElseThrow());
        assertTrue(t.isTransient(), "a peer a block behind the other: endorsing again is safe and succeeds");
        assertFalse(t.outcomeUnknown());
        assertTrue(t.getMessage().contains("ExchangeOrgMSP peer0.exchange.p2pe.local:7051: ProposalResponsePayloads do not match"),
                t.getMessage());
    }

    @Test
    void endorserWithoutItsChaincodeServerIsTransientBeforeSubmission() {
        EndorseException e = new EndorseException("tx8", endorseFailure("error in simulation: failed to execute "
                + "transaction tx8: could not launch chaincode p2pe_1:81b2: connection to p2pe_1:81b2 failed: error "
                + "creating grpc connection to 127.0.0.1:7056"));

        TransportException t = assertInstanceOf(TransportException.class,
                GatewayErrors.translate(e, "order:SubmitOrder", "tx8", false));

        assertTrue(t.isTransient(), "the chaincode never ran: endorsing again once its server is back is safe");
        assertFalse(t.outcomeUnknown());
    }

    @Test
    void abortedEndorsementsAreClassifiedByStatusNotByMessage() {
        EndorseException e = new EndorseException("tx7", endorseFailure("failed to collect enough transaction endorsements"));

        assertTrue(GatewayErrors.translate(e, "slot:ClearSlot", "tx7", false).isTransient());
        assertFalse(GatewayErrors.translate(e, "slot:ClearSlot", "tx7", true).isTransient(),
                "after submission ABORTED says nothing about the transaction's fate: not endorsed again");
    }

    @Test
    void noEndorsersForThePlanIsTransientBeforeSubmission() {
        EndorseException e = new EndorseException("tx9", Status.FAILED_PRECONDITION.withDescription(
                "no combination of peers can be derived which satisfy the endorsement policy").asRuntimeException());

        TransportException t = assertInstanceOf(TransportException.class,
                GatewayErrors.translate(e, "order:SubmitOrder", "tx9", false));

        assertEquals("FAILED_PRECONDITION", t.grpcStatus().orElseThrow());
        assertTrue(t.isTransient(), "a restarted peer's gateway before gossip has found the other orgs: nothing was sent");
        assertFalse(t.outcomeUnknown());
        assertFalse(GatewayErrors.translate(e, "order:SubmitOrder", "tx9", true).isTransient(),
                "after submission the status says nothing about the transaction's fate");
    }
}
