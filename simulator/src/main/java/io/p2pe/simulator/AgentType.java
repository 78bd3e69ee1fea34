package io.p2pe.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The agent a scenario participant runs, as written in scenario files. */
public enum AgentType {
    /** {@link io.p2pe.simulator.agents.PvProsumerAgent}: PV surplus sold, deficit bought (no PV: a plain consumer). */
    @JsonProperty("pv-prosumer") PV_PROSUMER("pv-prosumer"),
    /** {@link io.p2pe.simulator.agents.BatteryAgent}: PV and a stationary battery. */
    @JsonProperty("battery") BATTERY("battery"),
    /** {@link io.p2pe.simulator.agents.EvAgent}: an EV/PHV charger. */
    @JsonProperty("ev") EV("ev"),
    /** {@link io.p2pe.simulator.agents.FlexibleLoadAgent}: demand response. */
    @JsonProperty("flexible") FLEXIBLE("flexible"),
    /** {@link io.p2pe.simulator.agents.RetailerAgent}: the retailer. */
    @JsonProperty("retailer") RETAILER("retailer");

    private final String label;

    AgentType(String label) {
        this.label = label;
    }

    /** The name used in scenario files and reports. */
    public String label() {
        return label;
    }
}
