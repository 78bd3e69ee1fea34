package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
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

    /**
     * A p2pe identity: a certificate with a role its MSP may hold, or an org admin (OU=admin) of an
     * MSP the configuration names for some role. Identities of other orgs on the channel, and
     * role-less clients, get no answer from any query except WhoAmI.
     */
    public boolean isMember(MarketConfig config) {
        if (hasAcceptedRole(config)) {
            return true;
        }
        if (!orgAdmin) {
            return false;
        }
        Map<String, List<String>> rules = config == null ? MarketConfig.DEFAULT_ROLE_MSPS : config.roleMsps();
        for (List<String> msps : rules.values()) {
            if (msps.contains(mspId)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses with FORBIDDEN unless {@link #isMember}. */
    void requireMember(MarketConfig config, String tx) {
        if (!isMember(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " is for identities with a p2pe role (or their orgs' admins); "
                    + "caller is " + describe());
        }
    }

    /** Refuses with FORBIDDEN unless the certificate carries a role its MSP may hold. */
    void requireRole(MarketConfig config, String tx) {
        if (!hasAcceptedRole(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " needs a p2pe role its MSP may hold; caller is " + describe());
        }
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
     * participant itself (with its trading role), an admin of its org, the operator or an auditor.
     */
    public boolean mayRead(String participantId, MarketConfig config) {
        return (participantId.equals(participantId()) && isTrader(config))
                || (orgAdmin && participantId.startsWith(mspId + ":"))
                || isOverseer(config);
    }

    /** For messages: the role as the certificate states it. */
    public String describe() {
        return mspId + (participantLocalId == null ? "" : ":" + participantLocalId)
                + " (role " + (role == null ? "none" : role.attributeValue()) + (orgAdmin ? ", org admin" : "") + ")";
    }
}
