package io.p2pe.chaincode;

import java.util.Locale;

/**
 * Roles, read from the certificate attribute {@code p2pe.role} (issued by the org's Fabric CA into
 * the enrollment certificate), never from transaction arguments.
 */
public enum Role {
    /** A prosumer or consumer trading for itself. */
    PARTICIPANT,
    /** A retailer; trades like a participant and covers imbalances at its tariffs. */
    RETAILER,
    /** The market operator: configuration, market clock, participant administration. */
    OPERATOR,
    /** The grid/meter operator or a meter device: records meter readings. */
    METER,
    /** Read-only access to every record. */
    AUDITOR,
    /** Proposes matchings for OPTIMAL slots during their proposal window (ProposalContract). */
    SOLVER;

    /** The attribute value, e.g. {@code operator}. */
    public String attributeValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by an attribute value, or null for an absent or unknown value. */
    public static Role fromAttribute(String value) {
        if (value == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.attributeValue().equals(value.trim())) {
                return r;
            }
        }
        return null;
    }
}
