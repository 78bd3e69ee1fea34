package io.p2pe.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ledger} over a fabric-gateway {@link Network}. Retries follow {@link RetryPolicy}: a
 * failed endorsement is endorsed again; a failed submit re-sends the same signed transaction; a
 * failed commit-status call asks again about the same transaction id; a read conflict at commit
 * endorses a new transaction. Only an idempotent operation whose fate stays unknown is endorsed
 * again as a new transaction.
 */
final class GatewayLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLedger.class);

    /** Pauses between attempts; replaced in tests. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Network network;
    private final String chaincode;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Contract> contracts = new ConcurrentHashMap<>();

    GatewayLedger(Network network, String chaincode, RetryPolicy policy, Sleeper sleeper) {
        this.network = Objects.requireNonNull(network, "network");
        this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    private Contract contract(String name) {
        return contracts.computeIfAbsent(name, n -> network.getContract(chaincode, n));
    }

    @Override
    public byte[] evaluate(String contract, String function, String... args) throws P2peException {
        String operation = contract + ":" + function;
        for (int attempt = 1; ; attempt++) {
            Proposal proposal = contract(contract).newProposal(function).addArguments(args).build();
            try {
                return proposal.evaluate();
            } catch (GatewayException e) {
                P2peException failure = GatewayErrors.translate(e, operation, null, false);
                pauseOrThrow(failure, attempt, operation);
            }
        }
    }

    @Override
    public Committed submit(String contract, String function, Idempotency idempotency,
                            java.util.Map<String, byte[]> transientData, String... args) throws P2peException {
        String operation = contract + ":" + function;
        for (int attempt = 1; ; attempt++) {
            try {
                return submitOnce(contract(contract), function, transientData, args, operation);
            } catch (TransportException e) {
                // Endorsement failures were already retried; an unknown outcome is retried as a new
                // transaction only when the chaincode makes a repetition harmless.
                if (!e.outcomeUnknown() || idempotency != Idempotency.IDEMPOTENT) {
                    throw e;
                }
                pauseOrThrow(e, attempt, operation);
            } catch (CommitFailedException e) {
                pauseOrThrow(e, attempt, operation);
            }
        }
    }

    /**
     * One transaction: endorsement (retried on transient failure, nothing has been sent yet), then
     * submit and commit status of that same transaction (each retried on transient failure). Each
     * phase has its own {@link RetryPolicy#maxAttempts()}. Transport failures from the submit on
     * report an unknown outcome.
     */
    private Committed submitOnce(Contract contract, String function, java.util.Map<String, byte[]> transientData,
                                 String[] args, String operation) throws P2peException {
        Transaction tx;
        for (int tries = 1; ; tries++) {
            Proposal proposal = contract.newProposal(function).addArguments(args).putAllTransient(transientData).build();
            try {
                tx = proposal.endorse();
                break;
            } catch (EndorseException e) {
                pauseOrThrow(GatewayErrors.translate(e, operation, e.getTransactionId(), false), tries, operation);
            }
        }
        String txId = tx.getTransactionId();
        SubmittedTransaction submitted;
        for (int tries = 1; ; tries++) {
            try {
                submitted = tx.submitAsync();
                break;
            } catch (SubmitException e) {
                pauseOrThrow(GatewayErrors.translate(e, operation, txId, true), tries, operation);
            }
        }
        Status status;
        for (int tries = 1; ; tries++) {
            try {
                status = submitted.getStatus();
                break;
            } catch (CommitStatusException e) {
                pauseOrThrow(GatewayErrors.translate(e, operation, txId, true), tries, operation);
            }
        }
        if (!status.isSuccessful()) {
            throw new CommitFailedException(txId, status.getCode().name(), operation);
        }
        return new Committed(txId, status.getBlockNumber(), submitted.getResult());
    }

    /** Waits before the next attempt, or throws {@code failure} if it is final or attempts are used up. */
    private void pauseOrThrow(P2peException failure, int failedAttempts, String operation) throws P2peException {
        if (!policy.retries(failure) || failedAttempts >= policy.maxAttempts()) {
            throw failure;
        }
        Duration wait = policy.backoff(failedAttempts);
        LOG.debug("{}: attempt {} failed ({}), retrying in {} ms", operation, failedAttempts, failure.getMessage(),
                wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + ": interrupted while waiting to retry",
                    failure.transactionId().orElse(null), null, failure instanceof TransportException t
                    && t.outcomeUnknown(), failure);
        }
    }
}
