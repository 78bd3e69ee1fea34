package io.p2pe.chaincode;

import java.util.Locale;

/**
 * Roles, read from the certificate attribute {@code p2pe.role} (issued by the org's Fabric CA into
 * the enrollment certificate), never from transaction arguments. A role counts only from the MSPs
 * the market configuration's {@code roleMsps} names for it.
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
    /** Proposes matchings for a slot's closed book (proposal-based clearing). */
    SOLVER,
    /** Submits orders or dispatches batteries for the households that authorised it on the ledger. */
    AGGREGATOR;

    /** The attribute value, e.g. {@code operator}. */
    public String attributeValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every attribute value, for messages: {@code participant, retailer, ...}. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (Role r : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.attributeValue());
        }
        return sb.toString();
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
