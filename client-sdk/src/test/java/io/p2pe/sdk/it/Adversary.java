package io.p2pe.sdk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.p2pe.sdk.P2peConfig;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A client below the SDK, on fabric-gateway directly, for the adversarial tests: what a dishonest
 * member or household can send that the SDK would never build (a proposal stamped with a forged
 * time, endorsement by chosen orgs only, system chaincode queries, full-block deliver requests),
 * and the operator's ledger clock (config:AdvanceLedgerTime / GetMarketClock, docs/design.md).
 */
final class Adversary implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Fields of the stored configuration record that are not SetMarketConfig input. */
    private static final java.util.Set<String> CONFIG_METADATA = java.util.Set.of("version", "updatedAt", "updatedBy",
            "txId");

    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final String chaincode;
    private final String channelName;

    Adversary(P2peConfig config) throws Exception {
        X509Identity identity;
        try (Reader cert = Files.newBufferedReader(config.certPath())) {
            identity = new X509Identity(config.mspId(), Identities.readX509Certificate(cert));
        }
        PrivateKey key;
        try (Reader k = Files.newBufferedReader(config.keyPath())) {
            key = Identities.readPrivateKey(k);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(),
                TlsChannelCredentials.newBuilder().trustManager(config.tlsCaCert().orElseThrow().toFile()).build());
        config.hostOverride().ifPresent(builder::overrideAuthority);
        channel = builder.maxInboundMessageSize(100 * 1024 * 1024).build();
        gateway = Gateway.newInstance().identity(identity).signer(Signers.newPrivateKeySigner(key)).connection(channel)
                .connect();
        network = gateway.getNetwork(config.channel());
        chaincode = config.chaincode();
        channelName = config.channel();
    }

    static Adversary of(String org, String identity) throws Exception {
        return new Adversary(ItNetwork.config(org, identity));
    }

    Network network() {
        return network;
    }

    String channelName() {
        return channelName;
    }

    Contract contract(String name) {
        return network.getContract(chaincode, name);
    }

    /**
     * A proposal for {@code contract:function(args)} whose channel header carries the timestamp
     * {@code at} instead of the client's clock, re-signed by this identity.
     */
    Proposal stampedAt(Instant at, String contract, String function, String... args) throws Exception {
        return stampedAt(at, java.util.Map.of(), contract, function, args);
    }

    /** {@link #stampedAt(Instant, String, String, String...)} with a transient map (it stays in the changed proposal). */
    Proposal stampedAt(Instant at, java.util.Map<String, byte[]> transientData, String contract, String function,
                       String... args) throws Exception {
        Proposal proposal = contract(contract).newProposal(function).addArguments(args).putAllTransient(transientData)
                .build();
        ProposedTransaction pt = ProposedTransaction.parseFrom(proposal.getBytes());
        org.hyperledger.fabric.protos.peer.Proposal p =
                org.hyperledger.fabric.protos.peer.Proposal.parseFrom(pt.getProposal().getProposalBytes());
        Header header = Header.parseFrom(p.getHeader());
        ChannelHeader ch = ChannelHeader.parseFrom(header.getChannelHeader()).toBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
        p = p.toBuilder().setHeader(header.toBuilder().setChannelHeader(ch.toByteString()).build().toByteString())
                .build();
        pt = pt.toBuilder().setProposal(SignedProposal.newBuilder().setProposalBytes(p.toByteString())).build();
        // newProposal(bytes) signs the (changed) proposal bytes again with this identity's key.
        return gateway.newProposal(pt.toByteArray());
    }

    /**
     * The transient map of a RecordMeterReading of {@code reading} (the reading's JSON) with a
     * fresh salt, as the SDK sends it: a reading is no argument, since arguments are in every
     * org's blocks.
     */
    static java.util.Map<String, byte[]> readingTransient(String reading) {
        byte[] salt = new byte[32];
        new java.security.SecureRandom().nextBytes(salt);
        return java.util.Map.of("reading", reading.getBytes(java.nio.charset.StandardCharsets.UTF_8), "salt", salt);
    }

    /** The MSP ids of the peers that endorsed committed transaction {@code txId}, in envelope order (qscc). */
    java.util.List<String> endorsingMsps(String txId) throws Exception {
        byte[] bytes = network.getContract("qscc").evaluateTransaction("GetTransactionByID", channelName, txId);
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(bytes);
        Envelope envelope = processed.getTransactionEnvelope();
        org.hyperledger.fabric.protos.peer.Transaction tx =
                org.hyperledger.fabric.protos.peer.Transaction.parseFrom(Payload.parseFrom(envelope.getPayload()).getData());
        java.util.List<String> msps = new java.util.ArrayList<>();
        for (TransactionAction action : tx.getActionsList()) {
            ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
            for (Endorsement e : cap.getAction().getEndorsementsList()) {
                msps.add(SerializedIdentity.parseFrom(e.getEndorser()).getMspid());
            }
        }
        return msps;
    }

    /** Submits an endorsed transaction and waits for its validation code. */
    static Status commit(Transaction tx) throws SubmitException, org.hyperledger.fabric.client.CommitStatusException {
        SubmittedTransaction submitted = tx.submitAsync();
        return submitted.getStatus();
    }

    /** The messages of every endorsing peer's refusal, joined: for assertions on the reason. */
    static String details(GatewayException e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        e.getDetails().forEach(d -> b.append(" | ").append(d.getMspId()).append(": ").append(d.getMessage()));
        return b.toString();
    }

    /** The {@code CODE} prefix of a chaincode refusal in an endorsement failure, or the whole text. */
    static String chaincodeCode(EndorseException e) {
        String text = details(e);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([A-Z][A-Z_]{3,}): ").matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("ABORTED") && !m.group(1).equals("UNKNOWN")) {
                return m.group(1);
            }
        }
        return text;
    }

    /** Evaluates and returns the response as text. */
    String evaluate(String contract, String function, String... args) throws GatewayException {
        return new String(contract(contract).evaluateTransaction(function, args), StandardCharsets.UTF_8);
    }

    /** Submits through the gateway (endorse + order + commit status) and returns the response. */
    String submit(String contract, String function, String... args) throws Exception {
        return new String(contract(contract).submitTransaction(function, args), StandardCharsets.UTF_8);
    }

    /** {@link #submit(String, String, String...)} with a fresh transient {@code salt}, as the SDK sends it. */
    String submitSalted(String contract, String function, String... args) throws Exception {
        byte[] salt = new byte[32];
        new java.security.SecureRandom().nextBytes(salt);
        return new String(contract(contract).newProposal(function).addArguments(args)
                .putAllTransient(java.util.Map.of("salt", salt)).build().endorse().submit(), StandardCharsets.UTF_8);
    }

    // --- the operator's ledger clock ------------------------------------------------------------

    /** {@code config:GetMarketClock}. */
    JsonNode marketClock() throws Exception {
        return JSON.readTree(evaluate("config", "GetMarketClock"));
    }

    /**
     * Makes sure the market runs on LEDGER time (switching an existing configuration over, every
     * other setting kept) and that its ledger time is at least {@code atLeast}.
     *
     * @return the ledger time in force afterwards
     */
    Instant ensureLedgerClock(Instant atLeast) throws Exception {
        JsonNode clock = marketClock();
        if (!"LEDGER".equals(clock.path("clockMode").asText())) {
            ObjectNode config = (ObjectNode) JSON.readTree(evaluate("config", "GetMarketConfig"));
            ObjectNode input = JSON.createObjectNode();
            for (var e : config.properties()) {
                if (!CONFIG_METADATA.contains(e.getKey()) && !e.getValue().isNull()) {
                    input.set(e.getKey(), e.getValue());
                }
            }
            input.put("clockMode", "LEDGER");
            submit("config", "SetMarketConfig", JSON.writeValueAsString(input));
            clock = marketClock();
        }
        JsonNode time = clock.path("ledgerTime");
        Instant now = time.isTextual() ? Instant.parse(time.asText()) : null;
        if (now == null || now.isBefore(atLeast)) {
            advanceLedgerTime(atLeast);
            return atLeast;
        }
        return now;
    }

    /**
     * Writes the stored configuration again with some fields changed (null removes a field, i.e.
     * takes its default); every other setting, the clock mode included, stays. Returns the
     * configuration before the change, as SetMarketConfig input, for {@link #restoreConfig}.
     */
    ObjectNode reconfigure(java.util.Map<String, Object> changes) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(evaluate("config", "GetMarketConfig"));
        ObjectNode before = JSON.createObjectNode();
        for (var e : config.properties()) {
            if (!CONFIG_METADATA.contains(e.getKey()) && !e.getValue().isNull()) {
                before.set(e.getKey(), e.getValue());
            }
        }
        ObjectNode input = before.deepCopy();
        changes.forEach((k, v) -> {
            if (v == null) {
                input.remove(k);
            } else {
                input.set(k, JSON.valueToTree(v));
            }
        });
        submit("config", "SetMarketConfig", JSON.writeValueAsString(input));
        return before;
    }

    /** Writes a configuration returned by {@link #reconfigure}. */
    void restoreConfig(ObjectNode before) throws Exception {
        submit("config", "SetMarketConfig", JSON.writeValueAsString(before));
    }

    /** {@code config:AdvanceLedgerTime(t)} unless the ledger time is at or after {@code t}. */
    Instant advanceLedgerTime(Instant t) throws Exception {
        JsonNode time = marketClock().path("ledgerTime");
        if (time.isTextual() && !Instant.parse(time.asText()).isBefore(t)) {
            return Instant.parse(time.asText());
        }
        JsonNode r = JSON.readTree(submit("config", "AdvanceLedgerTime", t.toString()));
        return Instant.parse(r.path("ledgerTime").asText());
    }

    @Override
    public void close() throws InterruptedException {
        gateway.close();
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
