package io.p2pe.cli.simulate;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.p2pe.cli.RefusedInputException;
import io.p2pe.sdk.P2peConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * Submits the transactions of a simulated day that the chaincode accepts only once a slot's
 * delivery has ended — meter readings and settlement — with the simulated time as their
 * transaction timestamp.
 *
 * <p>Why: a simulated day is traded before it happens (orders are refused once a slot's gate has
 * closed by the transaction timestamp), but {@code meter:RecordMeterReading} and
 * {@code settlement:SettleSlot} are refused until the transaction timestamp is past the slot's
 * end. The transaction timestamp is the client's (DESIGN.md §4); peers compare it with their clock
 * only within {@code peer.authentication.timewindow}, 15 minutes by default and a year on the test
 * network ({@code network/nodes/peer.env}). So the simulation's meter and operator
 * send these two transactions stamped with the simulated delivery time, and the ledger tells the
 * day in the order it was simulated. The SDK's clients stamp transactions with the wall clock and
 * offer no other time, hence this small transport: it builds the proposal through fabric-gateway,
 * rewrites the timestamp in its channel header, and lets the gateway sign, endorse, submit and
 * wait for the commit as usual.
 */
final class DeliveryTimeGateway implements AutoCloseable {
    private static final int ATTEMPTS = 6;

    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final String chaincode;

    private DeliveryTimeGateway(ManagedChannel channel, Gateway gateway, Network network, String chaincode) {
        this.channel = channel;
        this.gateway = gateway;
        this.network = network;
        this.chaincode = chaincode;
    }

    /** Connects as the identity of {@code config}. */
    static DeliveryTimeGateway open(P2peConfig config) throws RefusedInputException {
        X509Identity identity;
        java.security.PrivateKey key;
        try (Reader cert = Files.newBufferedReader(config.certPath());
             Reader k = Files.newBufferedReader(config.keyPath())) {
            identity = new X509Identity(config.mspId(), Identities.readX509Certificate(cert));
            key = Identities.readPrivateKey(k);
        } catch (IOException | CertificateException | InvalidKeyException e) {
            throw new RefusedInputException("cannot read the identity of " + config + ": " + e.getMessage());
        }
        ChannelCredentials credentials;
        if (config.tlsCaCert().isPresent()) {
            try {
                credentials = TlsChannelCredentials.newBuilder().trustManager(config.tlsCaCert().get().toFile()).build();
            } catch (IOException e) {
                throw new RefusedInputException("cannot read TLS CA certificate " + config.tlsCaCert().get() + ": "
                        + e.getMessage());
            }
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(), credentials);
        config.hostOverride().ifPresent(builder::overrideAuthority);
        ManagedChannel channel = builder.build();
        Gateway gateway = Gateway.newInstance()
                .identity(identity)
                .signer(Signers.newPrivateKeySigner(key))
                .connection(channel)
                .endorseOptions(deadline(config.deadlines().endorse().toMillis()))
                .submitOptions(deadline(config.deadlines().submit().toMillis()))
                .commitStatusOptions(deadline(config.deadlines().commitStatus().toMillis()))
                .connect();
        return new DeliveryTimeGateway(channel, gateway, gateway.getNetwork(config.channel()), config.chaincode());
    }

    private static UnaryOperator<CallOptions> deadline(long millis) {
        return options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Submits {@code contract:function(args)} stamped {@code at} and waits for its commit.
     *
     * @return the transaction's result
     * @throws LedgerRefusal if the chaincode refuses it or it does not commit
     */
    byte[] submit(String contract, String function, Instant at, String... args) throws LedgerRefusal {
        Contract c = network.getContract(chaincode, contract);
        String operation = contract + ":" + function;
        for (int attempt = 1; ; attempt++) {
            try {
                Proposal proposal = stamped(c.newProposal(function).addArguments(args).build(), at);
                SubmittedTransaction tx = proposal.endorse().submitAsync();
                org.hyperledger.fabric.client.Status status = tx.getStatus();
                if (status.isSuccessful()) {
                    return tx.getResult();
                }
                String code = status.getCode().name();
                if (attempt >= ATTEMPTS || !code.endsWith("READ_CONFLICT")) {
                    throw new LedgerRefusal(operation + " did not commit: " + code);
                }
            } catch (EndorseException | SubmitException | CommitStatusException e) {
                if (attempt >= ATTEMPTS || !transientFailure(e)) {
                    throw new LedgerRefusal(operation + ": " + describe(e));
                }
            }
            pause(attempt);
        }
    }

    /** The same proposal with {@code at} as its transaction timestamp, not yet signed. */
    private Proposal stamped(Proposal proposal, Instant at) {
        try {
            ProposedTransaction pt = ProposedTransaction.parseFrom(proposal.getBytes());
            org.hyperledger.fabric.protos.peer.Proposal p =
                    org.hyperledger.fabric.protos.peer.Proposal.parseFrom(pt.getProposal().getProposalBytes());
            Header header = Header.parseFrom(p.getHeader());
            ChannelHeader ch = ChannelHeader.parseFrom(header.getChannelHeader()).toBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                    .build();
            header = header.toBuilder().setChannelHeader(ch.toByteString()).build();
            p = p.toBuilder().setHeader(header.toByteString()).build();
            pt = pt.toBuilder().setProposal(SignedProposal.newBuilder().setProposalBytes(p.toByteString())).build();
            return gateway.newProposal(pt.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("fabric-gateway built a proposal that is not a ProposedTransaction", e);
        }
    }

    /**
     * Failures worth another attempt, as a new transaction: an unreachable or busy peer; and an
     * endorsing peer that has not committed the block of the previous step yet (the gateway
     * waits for the commit on its own peer only) — their endorsements then differ ("do not
     * match") or the chaincode misses a reading ({@code MISSING_METER_READING}). A moment later
     * every peer has the block. A read conflict at commit is retried for the same reason.
     */
    private static boolean transientFailure(GatewayException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED) {
            return true;
        }
        String details = describe(e);
        return code == Status.Code.ABORTED && (details.contains("ProposalResponsePayloads do not match")
                || details.contains("MISSING_METER_READING"));
    }

    /** The chaincode's own message when there is one (endorsement details), else gRPC's. */
    private static String describe(GatewayException e) {
        String details = e.getDetails().stream().map(d -> d.getMessage()).distinct()
                .collect(Collectors.joining("; "));
        return details.isEmpty() ? e.getStatus().toString() : details;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L << attempt);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", ie);
        }
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
