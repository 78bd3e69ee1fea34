package io.p2pe.simulator.agents;

/**
 * The weather type of a simulated day, as a day-ahead forecast would give it: it sets the mean
 * clearness of the sky and how much it varies from slot to slot ({@link ProfileGenerator}).
 */
public enum Weather {
    /** Clear sky with a little haze: PV near its clear-sky output. */
    SUNNY,
    /** Overcast with breaks: PV at about a third of clear sky, changing from slot to slot. */
    CLOUDY
}
