package io.p2pe.protocol;

/**
 * A participant's incentive points under {@code pointsbalance~<participantId>}: its own key, read
 * and written only by transactions that move its points.
 *
 * @param points the balance
 * @param credited Σ of DR and market-participation credits ever
 * @param redeemed Σ of redemptions ever
 * @param updatedAt tx timestamp of the last movement
 * @param txId the last movement
 */
public record PointsBalance(String participant, long points, long credited, long redeemed, String updatedAt,
                            String txId) {
}
