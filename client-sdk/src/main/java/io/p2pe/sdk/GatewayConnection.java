package io.p2pe.sdk;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.client.CallOption;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** One gRPC channel and one Gateway for one identity; the typed clients share them. */
final class GatewayConnection implements P2peConnection {
    private final P2peConfig config;
    /** Largest response accepted from the gateway peer: Fabric's default gRPC message limit. */
    static final int MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

    private final ManagedChannel channel;
    private final Gateway gateway;
    private final ExecutorService executor;
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final GatewayParticipantClient participant;
    private final GatewayOperatorClient operator;
    private final GatewayAuditClient audit;
    private final GatewayEventClient events;
    private final GatewaySolverClient solver;
    private final GatewayDemandResponseClient demandResponse;
    private final GatewayAggregatorClient aggregator;
    private final GatewaySealedBookClient sealedBook;

    private GatewayConnection(P2peConfig config, Identity identity, ManagedChannel channel) {
        this.config = config;
        this.channel = channel;
        Deadlines d = config.deadlines();
        this.gateway = Gateway.newInstance()
                .identity(new X509Identity(identity.mspId(), identity.certificate()))
                .signer(Signers.newPrivateKeySigner(identity.privateKey()))
                .connection(channel)
                .evaluateOptions(deadline(d.evaluate()))
                .endorseOptions(deadline(d.endorse()))
                .submitOptions(deadline(d.submit()))
                .commitStatusOptions(deadline(d.commitStatus()))
                .connect();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "p2pe-async-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Network network = gateway.getNetwork(config.channel());
        Ledger ledger = new GatewayLedger(network, config.chaincode(), config.retryPolicy(),
                wait -> Thread.sleep(wait.toMillis()));
        ClientSupport support = new ClientSupport(ledger, identity, executor);
        this.participant = new GatewayParticipantClient(support);
        this.operator = new GatewayOperatorClient(support, participant);
        this.audit = new GatewayAuditClient(support, participant, operator);
        this.solver = new GatewaySolverClient(support);
        this.demandResponse = new GatewayDemandResponseClient(support);
        this.aggregator = new GatewayAggregatorClient(support);
        this.sealedBook = new GatewaySealedBookClient(support);
        this.events = new GatewayEventClient(network, config.chaincode(), identity.participantId(),
                config.retryPolicy(), subscriptions::add);
    }

    private static CallOption deadline(Duration d) {
        return CallOption.deadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    static GatewayConnection open(P2peConfig config) throws ConfigurationException {
        Identity identity = Identity.load(config);
        ChannelCredentials credentials;
        if (config.tlsCaCert().isPresent()) {
            try {
                credentials = TlsChannelCredentials.newBuilder().trustManager(config.tlsCaCert().get().toFile()).build();
            } catch (IOException e) {
                throw new ConfigurationException("cannot read TLS CA certificate " + config.tlsCaCert().get() + ": "
                        + e.getMessage(), e);
            }
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(), credentials);
        config.hostOverride().ifPresent(builder::overrideAuthority);
        // A clearing's record carries the exact engine input and result texts: about 0.9 KB per
        // order, so 8.6 MB for a 10k-order slot, past gRPC's 4 MB default. Fabric's own limit is 100 MB.
        builder.maxInboundMessageSize(MAX_MESSAGE_BYTES);
        return new GatewayConnection(config, identity, builder.build());
    }

    @Override
    public P2peConfig config() {
        return config;
    }

    @Override
    public String mspId() {
        return config.mspId();
    }

    @Override
    public SealedBookClient sealedBook() {
        return sealedBook;
    }

    @Override
    public ParticipantClient participant() {
        return participant;
    }

    @Override
    public OperatorClient operator() {
        return operator;
    }

    @Override
    public AuditClient audit() {
        return audit;
    }

    @Override
    public io.p2pe.sdk.solver.SolverClient solver() {
        return solver;
    }

    @Override
    public DemandResponseClient demandResponse() {
        return demandResponse;
    }

    @Override
    public AggregatorClient aggregator() {
        return aggregator;
    }

    @Override
    public EventClient events() {
        return events;
    }

    @Override
    public void close() {
        for (EventSubscription s : subscriptions) {
            s.close();
        }
        gateway.close();
        executor.shutdownNow();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
