package io.p2pe.protocol;

/**
 * One movement of a participant's incentive points, under
 * {@code pointsentry~<participantId>~<entryId>}. A DR credit's entry id is
 * {@code credit~<eventId>~<slot key>} and a market-participation credit's {@code market~<slot key>}:
 * the key itself makes a second credit of one participant, event (or the market) and slot
 * impossible (docs/chaincode.md, points).
 *
 * @param points signed: credits and transfers in are positive, transfers out and redemptions negative
 * @param balance the participant's balance after this entry
 * @param eventId and {@code slot}: for DR credits, else null
 * @param counterparty for transfers, the other participant, else null
 * @param reference for redemptions, the operator's external settlement reference; for transfers, the memo
 */
public record PointsEntry(String participant, String entryId, Kind kind, long points, long balance, String eventId,
                          String slot, String counterparty, String reference, String at, String txId) {
    public enum Kind {
        DR_CREDIT, MARKET_CREDIT, TRANSFER_IN, TRANSFER_OUT, REDEMPTION
    }
}
