package io.p2pe.simulator.agents;

/**
 * The season of a simulated day: it sets the sun's hours and strength ({@link SolarModel}) and
 * how much energy buildings use ({@link LoadShape}). Autumn behaves like spring.
 */
public enum Season {
    /** June–August: long days, air conditioning in the afternoon and evening. */
    SUMMER,
    /** December–February: short days, heating in the morning and evening. */
    WINTER,
    /** March–May (and autumn): mild, the best PV days of the year. */
    SPRING
}
