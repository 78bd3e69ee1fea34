package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.Any;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry policy of {@link GatewayLedger}, with fabric-gateway's objects mocked: which failure
 * leads to a new endorsement, which to re-sending the same transaction, which to no retry.
 */
class GatewayLedgerTest {
    private static final byte[] RESULT = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final List<Duration> sleeps = new ArrayList<>();
    private Contract contract;
    private Proposal.Builder builder;
    private GatewayLedger ledger;

    @BeforeEach
    void setUp() {
        Network network = mock(Network.class);
        contract = mock(Contract.class);
        builder = mock(Proposal.Builder.class);
        when(network.getContract("p2pe", "order")).thenReturn(contract);
        when(contract.newProposal(any())).thenReturn(builder);
        when(builder.addArguments(any(String[].class))).thenReturn(builder);
        when(builder.putAllTransient(any())).thenReturn(builder);
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofSeconds(1)).multiplier(2).build();
        ledger = new GatewayLedger(network, "p2pe", policy, sleeps::add);
    }

    private static StatusRuntimeException grpc(io.grpc.Status status) {
        return status.asRuntimeException();
    }

    private static StatusRuntimeException chaincodeRefusal(String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(io.grpc.Status.Code.ABORTED.value())
                .setMessage("failed to endorse transaction, see attached details for more info")
                .addDetails(Any.pack(ErrorDetail.newBuilder().setMessage("chaincode response 500, " + message).build()))
                .build());
    }

    private Proposal proposalEndorsingTo(Transaction tx) throws EndorseException {
        Proposal p = mock(Proposal.class);
        when(p.endorse()).thenReturn(tx);
        return p;
    }

    private static Transaction committingTx(String txId, TxValidationCode... codes) throws Exception {
        Transaction tx = mock(Transaction.class);
        when(tx.getTransactionId()).thenReturn(txId);
        SubmittedTransaction submitted = mock(SubmittedTransaction.class);
        when(tx.submitAsync()).thenReturn(submitted);
        when(submitted.getResult()).thenReturn(RESULT);
        Status first = status(txId, codes[0]);
        Status[] rest = new Status[codes.length - 1];
        for (int i = 1; i < codes.length; i++) {
            rest[i - 1] = status(txId, codes[i]);
        }
        when(submitted.getStatus()).thenReturn(first, rest);
        return tx;
    }

    private static Status status(String txId, TxValidationCode code) {
        Status s = mock(Status.class);
        when(s.getTransactionId()).thenReturn(txId);
        when(s.getCode()).thenReturn(code);
        when(s.isSuccessful()).thenReturn(code == TxValidationCode.VALID);
        when(s.getBlockNumber()).thenReturn(7L);
        return s;
    }

    @Test
    void endorsementUnavailableIsRetriedWithBackoff() throws Exception {
        Proposal failing = mock(Proposal.class);
        when(failing.endorse()).thenThrow(new EndorseException("t0", grpc(io.grpc.Status.UNAVAILABLE)));
        Transaction tx = committingTx("t1", TxValidationCode.VALID);
        Proposal ok = proposalEndorsingTo(tx);
        when(builder.build()).thenReturn(failing, failing, ok);

        Ledger.Committed c = ledger.submit("order", "SubmitOrder", Ledger.Idempotency.NOT_IDEMPOTENT, "{}");

        assertEquals("t1", c.transactionId());
        assertEquals(7L, c.blockNumber());
        assertArrayEquals(RESULT, c.result());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), sleeps);
    }

    @Test
    void endorsementTimeoutGivesUpAfterMaxAttempts() throws Exception {
        Proposal failing = mock(Proposal.class);
        when(failing.endorse()).thenThrow(new EndorseException("t0", grpc(io.grpc.Status.DEADLINE_EXCEEDED)));
        when(builder.build()).thenReturn(failing);

        TransportException e = assertThrows(TransportException.class,
                () -> ledger.submit("order", "SubmitOrder", Ledger.Idempotency.IDEMPOTENT, "{}"));

        assertEquals("DEADLINE_EXCEEDED", e.grpcStatus().orElseThrow());
        verify(failing, times(3)).endorse();
        assertEquals(2, sleeps.size());
    }

    @Test
    void readConflictAtCommitIsEndorsedAgainAsANewTransaction() throws Exception {
        Transaction conflicted = committingTx("t1", TxValidationCode.MVCC_READ_CONFLICT);
        Transaction ok = committingTx("t2", TxValidationCode.VALID);
        Proposal first = proposalEndorsingTo(conflicted);
        Proposal second = proposalEndorsingTo(ok);
        when(builder.build()).thenReturn(first, second);

        Ledger.Committed c = ledger.submit("order", "CancelOrder", Ledger.Idempotency.NOT_IDEMPOTENT, "{}");

        assertEquals("t2", c.transactionId());
        verify(conflicted, times(1)).submitAsync();
        verify(ok, times(1)).submitAsync();
    }

    @Test
    void policyFailureAtCommitIsReportedWithoutRetry() throws Exception {
        Transaction tx = committingTx("t1", TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        Proposal proposal = proposalEndorsingTo(tx);
        when(builder.build()).thenReturn(proposal);

        CommitFailedException e = assertThrows(CommitFailedException.class,
                () -> ledger.submit("order", "SubmitOrder", Ledger.Idempotency.IDEMPOTENT, "{}"));

        assertEquals("t1", e.transactionId().orElseThrow());
        assertEquals("ENDORSEMENT_POLICY_FAILURE", e.validationCode());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void failedSubmitResendsTheSameSignedTransaction() throws Exception {
        Transaction tx = committingTx("t1", TxValidationCode.VALID);
        SubmittedTransaction submitted = tx.submitAsync();
        when(tx.submitAsync()).thenThrow(new SubmitException("t1", grpc(io.grpc.Status.UNAVAILABLE))).thenReturn(submitted);
        Proposal proposal = proposalEndorsingTo(tx);
        when(builder.build()).thenReturn(proposal);

        Ledger.Committed c = ledger.submit("order", "CancelOrder", Ledger.Idempotency.NOT_IDEMPOTENT, "{}");

        assertEquals("t1", c.transactionId());
        verify(proposal, times(1)).endorse();
        verify(tx, times(3)).submitAsync(); // once in committingTx's setup, then the failure and the re-send
    }

    @Test
    void failedCommitStatusAsksAgainAboutTheSameTransaction() throws Exception {
        Transaction tx = committingTx("t1", TxValidationCode.VALID);
        SubmittedTransaction submitted = tx.submitAsync();
        Status valid = status("t1", TxValidationCode.VALID);
        when(submitted.getStatus()).thenThrow(new CommitStatusException("t1", grpc(io.grpc.Status.DEADLINE_EXCEEDED)))
                .thenReturn(valid);
        Proposal proposal = proposalEndorsingTo(tx);
        when(builder.build()).thenReturn(proposal);

        Ledger.Committed c = ledger.submit("order", "SubmitOrder", Ledger.Idempotency.NOT_IDEMPOTENT, "{}");

        assertEquals("t1", c.transactionId());
        verify(proposal, times(1)).endorse();
        verify(submitted, times(2)).getStatus();
    }

    @Test
    void unknownOutcomeOfANonIdempotentTransactionIsReportedNotRepeated() throws Exception {
        Transaction tx = committingTx("t1", TxValidationCode.VALID);
        when(tx.submitAsync()).thenThrow(new SubmitException("t1", grpc(io.grpc.Status.UNAVAILABLE)));
        Proposal proposal = proposalEndorsingTo(tx);
        when(builder.build()).thenReturn(proposal);

        TransportException e = assertThrows(TransportException.class,
                () -> ledger.submit("order", "CancelOrder", Ledger.Idempotency.NOT_IDEMPOTENT, "{}"));

        assertTrue(e.outcomeUnknown());
        assertEquals("t1", e.transactionId().orElseThrow());
        verify(proposal, times(1)).endorse();
    }

    @Test
    void unknownOutcomeOfAnIdempotentTransactionIsRepeatedAsANewTransaction() throws Exception {
        Transaction lost = committingTx("t1", TxValidationCode.VALID);
        when(lost.submitAsync()).thenThrow(new SubmitException("t1", grpc(io.grpc.Status.UNAVAILABLE)));
        Transaction ok = committingTx("t2", TxValidationCode.VALID);
        Proposal first = proposalEndorsingTo(lost);
        Proposal second = proposalEndorsingTo(ok);
        when(builder.build()).thenReturn(first, second);

        Ledger.Committed c = ledger.submit("order", "SubmitOrder", Ledger.Idempotency.IDEMPOTENT, "{}");

        assertEquals("t2", c.transactionId());
    }

    @Test
    void chaincodeRefusalIsNeverRetried() throws Exception {
        Proposal refused = mock(Proposal.class);
        when(refused.endorse()).thenThrow(new EndorseException("t1",
                chaincodeRefusal("SLOT_CLOSED: slot 2026-06-17T12:00+09:00 is closed")));
        when(builder.build()).thenReturn(refused);

        EndorsementRejectedException e = assertThrows(EndorsementRejectedException.class,
                () -> ledger.submit("order", "SubmitOrder", Ledger.Idempotency.IDEMPOTENT, "{}"));

        assertEquals(ErrorCode.SLOT_CLOSED, e.errorCode().orElseThrow());
        verify(refused, times(1)).endorse();
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void evaluateRetriesUnavailableThenReturns() throws Exception {
        Proposal p = mock(Proposal.class);
        when(p.evaluate()).thenThrow(new GatewayException(grpc(io.grpc.Status.UNAVAILABLE))).thenReturn(RESULT);
        when(builder.build()).thenReturn(p);

        assertArrayEquals(RESULT, ledger.evaluate("order", "GetMyOrders", "x"));
        assertEquals(1, sleeps.size());
        verify(p, never()).endorse();
    }

    @Test
    void interruptedBackoffStopsWithTheFailure() throws Exception {
        Network network = mock(Network.class);
        when(network.getContract("p2pe", "order")).thenReturn(contract);
        GatewayLedger interrupted = new GatewayLedger(network, "p2pe", RetryPolicy.DEFAULT, d -> {
            throw new InterruptedException();
        });
        Proposal p = mock(Proposal.class);
        when(p.evaluate()).thenThrow(new GatewayException(grpc(io.grpc.Status.UNAVAILABLE)));
        when(builder.build()).thenReturn(p);

        TransportException e = assertThrows(TransportException.class, () -> interrupted.evaluate("order", "GetMyOrders"));

        assertInstanceOf(TransportException.class, e.getCause());
        assertTrue(Thread.interrupted());
    }
}
