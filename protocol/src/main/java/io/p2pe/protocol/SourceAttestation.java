package io.p2pe.protocol;

/**
 * What a participant's generator produces, as the grid operator (the org that connects and meters
 * it) attests, under {@code source~<participantId>} with a state-based endorsement policy
 * requiring that org's peer. A SELL order's source type is this, never an order argument.
 *
 * @param participant {@code <MSP id>:<local id>}
 * @param sourceType e.g. {@code solar}; renewable when the slot's terms list it
 * @param attestedBy client id of the meter identity
 * @param attestedMsp its MSP (the meter operator's org)
 * @param attestedAt tx timestamp
 * @param txId the attesting transaction
 */
public record SourceAttestation(String participant, String sourceType, String attestedBy, String attestedMsp,
                                String attestedAt, String txId) {
}
