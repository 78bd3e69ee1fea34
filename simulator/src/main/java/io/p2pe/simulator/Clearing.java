package io.p2pe.simulator;

import java.util.Locale;

/**
 * How a simulation clears its slots ({@code --clearing}): by the ledger's built-in engine at gate
 * closure, or (OPTIMAL only) by a competition in which solvers of the peer orgs propose matchings
 * during a proposal window and the ledger keeps the best, its own engine's result competing
 * (docs/market-rules.md "Proposals").
 */
public enum Clearing {
    BUILT_IN("built-in"),
    PROPOSALS("proposals");

    private final String label;

    Clearing(String label) {
        this.label = label;
    }

    /** The option value, {@code built-in} or {@code proposals}. */
    public String label() {
        return label;
    }

    /**
     * The option value as given ({@code built-in} or {@code proposals}, any case); null is built-in.
     *
     * @throws SimulationInputException for any other value
     */
    public static Clearing parse(String value) throws SimulationInputException {
        if (value == null) {
            return BUILT_IN;
        }
        for (Clearing c : values()) {
            if (c.label.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new SimulationInputException("--clearing must be built-in or proposals, got '" + value + "'");
    }
}
