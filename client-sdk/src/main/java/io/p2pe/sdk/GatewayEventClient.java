package io.p2pe.sdk;

import java.io.IOException;
import java.util.Objects;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Network;

final class GatewayEventClient implements EventClient {
    private final Network network;
    private final String chaincode;
    private final String participantId;
    private final RetryPolicy policy;
    private final SubscriptionRegistry registry;

    /** Subscriptions to close with the connection. */
    interface SubscriptionRegistry {
        void register(EventSubscription subscription);
    }

    GatewayEventClient(Network network, String chaincode, String participantId, RetryPolicy policy,
                       SubscriptionRegistry registry) {
        this.network = network;
        this.chaincode = chaincode;
        this.participantId = participantId;
        this.policy = policy;
        this.registry = registry;
    }

    @Override
    public EventSubscription subscribe(P2peEventListener listener, EventOptions options) throws ConfigurationException {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        Checkpointer checkpointer;
        if (options.checkpointFile() != null) {
            try {
                checkpointer = new FileCheckpointer(options.checkpointFile());
            } catch (IOException e) {
                throw new ConfigurationException("cannot open event checkpoint file " + options.checkpointFile() + ": "
                        + e.getMessage(), e);
            }
        } else {
            checkpointer = new InMemoryCheckpointer();
        }
        if (options.onlyMine() && participantId == null) {
            throw new ConfigurationException("onlyMine needs an identity whose certificate names a participant", null);
        }
        EventPump pump = new EventPump((checkpoint, start) -> {
            ChaincodeEventsRequest.Builder b = network.newChaincodeEventsRequest(chaincode);
            start.ifPresent(b::startBlock);
            b.checkpoint(checkpoint);
            return b.build().getEvents();
        }, checkpointer, options.startBlock(), listener, options.onlyMine() ? participantId : null, policy,
                d -> Thread.sleep(d.toMillis()));
        registry.register(pump);
        return pump.start();
    }
}
