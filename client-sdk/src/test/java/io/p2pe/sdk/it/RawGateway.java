package io.p2pe.sdk.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.p2pe.sdk.P2peConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * Test tooling below the SDK, on fabric-gateway directly: submitting a transaction with a chosen
 * transaction timestamp (the client's to choose; peers do not compare it with their clocks), so
 * that a test can place orders in a slot whose delivery is already over; and reading a committed
 * transaction's endorsements from the {@code qscc} system chaincode.
 */
final class RawGateway implements AutoCloseable {
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final String chaincode;
    private final String channelName;

    RawGateway(P2peConfig config) throws Exception {
        X509Identity identity;
        try (Reader cert = Files.newBufferedReader(config.certPath())) {
            identity = new X509Identity(config.mspId(), Identities.readX509Certificate(cert));
        }
        java.security.PrivateKey key;
        try (Reader k = Files.newBufferedReader(config.keyPath())) {
            key = Identities.readPrivateKey(k);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(),
                TlsChannelCredentials.newBuilder().trustManager(config.tlsCaCert().orElseThrow().toFile()).build());
        config.hostOverride().ifPresent(builder::overrideAuthority);
        channel = builder.build();
        gateway = Gateway.newInstance().identity(identity).signer(Signers.newPrivateKeySigner(key)).connection(channel)
                .connect();
        network = gateway.getNetwork(config.channel());
        chaincode = config.chaincode();
        channelName = config.channel();
    }

    /**
     * Submits {@code contract:function(args)} stamped {@code at} and waits for its commit.
     *
     * @return the transaction result
     * @throws IllegalStateException if it does not commit
     */
    byte[] submitAt(Instant at, String contract, String function, String... args) throws Exception {
        Proposal proposal = network.getContract(chaincode, contract).newProposal(function).addArguments(args).build();
        ProposedTransaction pt = ProposedTransaction.parseFrom(proposal.getBytes());
        org.hyperledger.fabric.protos.peer.Proposal p =
                org.hyperledger.fabric.protos.peer.Proposal.parseFrom(pt.getProposal().getProposalBytes());
        Header header = Header.parseFrom(p.getHeader());
        ChannelHeader ch = ChannelHeader.parseFrom(header.getChannelHeader()).toBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
        p = p.toBuilder().setHeader(header.toBuilder().setChannelHeader(ch.toByteString()).build().toByteString())
                .build();
        pt = pt.toBuilder().setProposal(SignedProposal.newBuilder().setProposalBytes(p.toByteString())).build();
        SubmittedTransaction tx;
        try {
            tx = gateway.newProposal(pt.toByteArray()).endorse().submitAsync();
        } catch (org.hyperledger.fabric.client.GatewayException e) {
            throw new IllegalStateException(contract + ":" + function + " at " + at + ": " + e.getDetails().stream()
                    .map(d -> d.getMspId() + ": " + d.getMessage()).toList(), e);
        }
        Status status = tx.getStatus();
        if (!status.isSuccessful()) {
            throw new IllegalStateException(contract + ":" + function + " did not commit: " + status.getCode());
        }
        return tx.getResult();
    }

    /** The MSP ids of the peers that endorsed committed transaction {@code txId}, in envelope order. */
    List<String> endorsingMsps(String txId) throws InvalidProtocolBufferException {
        try {
            byte[] bytes = network.getContract("qscc").evaluateTransaction("GetTransactionByID", channelName, txId);
            ProcessedTransaction processed = ProcessedTransaction.parseFrom(bytes);
            Envelope envelope = processed.getTransactionEnvelope();
            Transaction tx = Transaction.parseFrom(Payload.parseFrom(envelope.getPayload()).getData());
            List<String> msps = new ArrayList<>();
            for (TransactionAction action : tx.getActionsList()) {
                ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
                for (Endorsement e : cap.getAction().getEndorsementsList()) {
                    msps.add(SerializedIdentity.parseFrom(e.getEndorser()).getMspid());
                }
            }
            return msps;
        } catch (org.hyperledger.fabric.client.GatewayException e) {
            throw new IllegalStateException("qscc GetTransactionByID " + txId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        gateway.close();
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
