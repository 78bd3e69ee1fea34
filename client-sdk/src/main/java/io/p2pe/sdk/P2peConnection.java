package io.p2pe.sdk;

import java.util.Objects;

/**
 * A connection to the exchange as one identity: one gRPC channel to a gateway peer and one
 * fabric-gateway {@code Gateway} over it, shared by the clients it hands out. Close it to release
 * the channel; clients obtained from it stop working then.
 *
 * <pre>{@code
 * P2peConfig config = P2peConfig.fromProfile(Path.of(".network/profiles/retailer.json"), "home-001");
 * try (P2peConnection connection = P2peConnection.connect(config)) {
 *     ParticipantClient me = connection.participant();
 *     OrderView order = me.submitOrder(OrderRequest.buy("b-0001", slot, 1500, 2150));
 * }
 * }</pre>
 */
public interface P2peConnection extends AutoCloseable {

    /**
     * Opens a connection. The gRPC channel connects lazily, so an unreachable peer shows at the
     * first call as a {@link TransportException}.
     *
     * @throws ConfigurationException if the TLS certificate, identity certificate or key cannot be read
     */
    static P2peConnection connect(P2peConfig config) throws ConfigurationException {
        return GatewayConnection.open(Objects.requireNonNull(config, "config"));
    }

    /** The settings this connection was opened with. */
    P2peConfig config();

    /** The MSP id of the connected identity. */
    String mspId();

    /** Orders, books, trades, settlement and provenance of the connected participant. */
    ParticipantClient participant();

    /** Market configuration, onboarding, the market clock's transactions and meter readings. */
    OperatorClient operator();

    /** Read-only provenance and renewable-energy reporting and verification. */
    AuditClient audit();

    /** Proposal-based clearing of OPTIMAL slots, for identities with the {@code solver} role. */
    io.p2pe.sdk.solver.SolverClient solver();

    /** Demand-response events and incentive points. */
    DemandResponseClient demandResponse();

    /** Aggregated submission for households that authorised it, for identities with the {@code aggregator} role. */
    AggregatorClient aggregator();

    /** Typed chaincode events, with checkpointing. */
    EventClient events();

    /** A sealed book's org side: the sealing key and the reveal after gate closure (docs/privacy.md). */
    SealedBookClient sealedBook();

    /** Closes the gateway and the gRPC channel, and stops background work started through this connection. */
    @Override
    void close();
}
