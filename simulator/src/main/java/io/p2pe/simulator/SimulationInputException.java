package io.p2pe.simulator;

/**
 * Input the simulation cannot use: a scenario or option value, a network directory without
 * connection profiles, an identity that cannot be enrolled. Its message is one line naming the
 * value, so a front end can print it as it is.
 */
public final class SimulationInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public SimulationInputException(String message) {
        super(message);
    }
}
