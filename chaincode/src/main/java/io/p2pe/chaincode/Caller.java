package io.p2pe.chaincode;

import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;

/**
 * Who submitted the transaction, as its X.509 certificate says.
 *
 * @param mspId the MSP of the certificate
 * @param clientId the shim's unique id {@code x509::<subject>::<issuer>}
 * @param role from the attribute {@code p2pe.role}; null when absent or unknown
 * @param participantLocalId from the attribute {@code p2pe.participant}; null when absent
 * @param orgAdmin true when the subject has {@code OU=admin} (Fabric NodeOUs)
 */
public record Caller(String mspId, String clientId, Role role, String participantLocalId, boolean orgAdmin) {
    public static final String ROLE_ATTRIBUTE = "p2pe.role";
    public static final String PARTICIPANT_ATTRIBUTE = "p2pe.participant";

    public static Caller of(Context ctx) {
        ClientIdentity id = ctx.getClientIdentity();
        String local = id.getAttributeValue(PARTICIPANT_ATTRIBUTE);
        return new Caller(id.getMSPID(), id.getId(), Role.fromAttribute(id.getAttributeValue(ROLE_ATTRIBUTE)),
                local == null || local.isEmpty() ? null : local, isAdmin(id.getX509Certificate()));
    }

    private static boolean isAdmin(X509Certificate cert) {
        if (cert == null) {
            return false;
        }
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if ("OU".equalsIgnoreCase(rdn.getType()) && "admin".equals(String.valueOf(rdn.getValue()))) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }

    /** {@code <MSP id>:<p2pe.participant>}, or null when the certificate names no participant. */
    public String participantId() {
        return participantLocalId == null ? null : mspId + ":" + participantLocalId;
    }

    /** True when the certificate carries the role and the market config lets this MSP hold it. */
    public boolean has(Role wanted, MarketConfig config) {
        return role == wanted && MarketConfig.mspMayHold(config, wanted, mspId);
    }

    /** The certificate carries a p2pe role that its MSP may hold. */
    public boolean hasAcceptedRole(MarketConfig config) {
        return role != null && has(role, config);
    }

    /** Operator or auditor: may read every record. */
    public boolean isOverseer(MarketConfig config) {
        return has(Role.OPERATOR, config) || has(Role.AUDITOR, config);
    }

    /** A trading role: participant or retailer. */
    public boolean isTrader(MarketConfig config) {
        return has(Role.PARTICIPANT, config) || has(Role.RETAILER, config);
    }

    /**
     * May read a participant's own records (orders, readings, settlement, provenance): the
     * participant itself, an admin of its org, the operator or an auditor.
     */
    public boolean mayRead(String participantId, MarketConfig config) {
        return participantId.equals(participantId())
                || (orgAdmin && participantId.startsWith(mspId + ":"))
                || isOverseer(config);
    }

    /** For messages: the role as the certificate states it. */
    public String describe() {
        return mspId + (participantLocalId == null ? "" : ":" + participantLocalId)
                + " (role " + (role == null ? "none" : role.attributeValue()) + (orgAdmin ? ", org admin" : "") + ")";
    }
}
