package io.p2pe.protocol;

import java.util.List;

/**
 * The demand-response programme's settings under {@code drprogram}, set by the operator.
 *
 * @param declarerRoles roles that may declare DR events: {@code operator}, and {@code retailer}
 *     when the consortium lets retailers run events for their customers
 * @param participationPointsPerKwh points credited per kWh a participant bought or sold P2P in a
 *     settled slot (0: none), once per participant and slot at SettleSlot
 * @param version 1 for the first setting, +1 per change
 */
public record DrProgram(List<String> declarerRoles, long participationPointsPerKwh, long version, String updatedBy,
                        String updatedAt, String txId) {
}
