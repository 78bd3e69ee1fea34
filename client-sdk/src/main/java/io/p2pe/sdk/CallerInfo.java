package io.p2pe.sdk;

import io.p2pe.protocol.Participant;

/**
 * Who the chaincode takes the connected identity for (chaincode {@code participant:WhoAmI}).
 *
 * <pre>{@code
 * CallerInfo me = connection.participant().whoAmI();
 * System.out.println(me.participantId() + " role " + me.role() + (me.roleAccepted() ? "" : " (refused)"));
 * }</pre>
 *
 * @param mspId the certificate's MSP
 * @param clientId the chaincode's client id {@code x509::<subject>::<issuer>}
 * @param role the certificate's {@code p2pe.role}, or null
 * @param roleAccepted whether the market configuration lets this MSP hold that role
 * @param orgAdmin whether the certificate is an org admin's
 * @param participantId {@code <MSP id>:<p2pe.participant>}, or null
 * @param participant the registered participant, or null when not registered
 */
public record CallerInfo(String mspId, String clientId, String role, boolean roleAccepted, boolean orgAdmin,
                         String participantId, Participant participant) {
}
