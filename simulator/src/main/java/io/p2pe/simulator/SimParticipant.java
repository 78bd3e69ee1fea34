package io.p2pe.simulator;

import io.p2pe.simulator.agents.SimulatedAgent;
import java.util.Objects;

/**
 * One participant of a simulated community: how it is registered on the exchange and the agent
 * that trades for it.
 *
 * @param localId local id, also its identity's name in its org's connection profile
 * @param type the agent type
 * @param label what the report calls its type (e.g. {@code battery (environment first)})
 * @param org its organization, e.g. {@code RetailerOrg}
 * @param kind HOUSEHOLD, BUSINESS, MUNICIPAL or RETAILER
 * @param location grid location, or null
 * @param pvWatts PV capacity
 * @param batteryWh stationary battery capacity
 * @param evBatteryWh EV battery capacity (0 without EV)
 * @param agent its agent
 */
public record SimParticipant(String localId, AgentType type, String label, String org, String kind, String location,
                             long pvWatts, long batteryWh, long evBatteryWh, SimulatedAgent agent) {
    public SimParticipant {
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(agent, "agent");
    }

    /** Its org's MSP id. */
    public String mspId() {
        return org + "MSP";
    }

    /** Its participant id on the exchange, {@code <MSP id>:<local id>}. */
    public String participantId() {
        return mspId() + ":" + localId;
    }

    /** Whether it belongs to the community whose savings the report shows (everyone but the retailer). */
    public boolean inCommunity() {
        return type != AgentType.RETAILER;
    }
}
