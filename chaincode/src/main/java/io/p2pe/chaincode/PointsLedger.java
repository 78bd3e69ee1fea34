package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.PointsBalance;
import io.p2pe.protocol.PointsEntry;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Moves incentive points. A transaction opens each participant's {@link Account} once (a read of
 * its balance key: Fabric's reads do not see the transaction's own writes, so the running balance
 * is kept here), records its movements, and writes every entry under its own key and the new
 * balance. Two movements of one participant in one block conflict on the balance key and one is
 * invalidated: a balance is never updated from a stale value.
 */
final class PointsLedger {
    /** Far below Long.MAX_VALUE, so sums of balances and credits cannot overflow. */
    static final long MAX_BALANCE = 1_000_000_000_000_000L;

    private PointsLedger() {
    }

    /** A participant's balance; zero for one that never held points. */
    static PointsBalance balance(ChaincodeStub stub, String participantId) {
        PointsBalance b = Ledger.get(stub, Keys.pointsBalance(participantId), PointsBalance.class);
        return b != null ? b : new PointsBalance(participantId, 0, 0, 0, null, null);
    }

    /** One participant's points within one transaction. */
    static final class Account {
        private final ChaincodeStub stub;
        private final String tx;
        private final String participantId;
        private long points;
        private long credited;
        private long redeemed;
        private final List<PointsEntry> entries = new ArrayList<>();

        Account(ChaincodeStub stub, String participantId, String tx) {
            this.stub = stub;
            this.tx = tx;
            this.participantId = participantId;
            PointsBalance b = balance(stub, participantId);
            this.points = b.points();
            this.credited = b.credited();
            this.redeemed = b.redeemed();
        }

        long points() {
            return points;
        }

        /**
         * Records a movement.
         *
         * @param delta signed: positive credits, negative debits
         * @throws org.hyperledger.fabric.shim.ChaincodeException INSUFFICIENT_POINTS for a debit
         *     above the balance, ALREADY_EXISTS if the entry's key is taken (a DR credit of the same
         *     event and slot), OUT_OF_RANGE above {@link #MAX_BALANCE}
         */
        PointsEntry move(String entryId, PointsEntry.Kind kind, long delta, String eventId, String slot,
                         String counterparty, String reference) {
            if (Ledger.get(stub, Keys.pointsEntry(participantId, entryId), PointsEntry.class) != null) {
                throw Refusal.of(ErrorCode.ALREADY_EXISTS, tx + ": points entry " + entryId + " of " + participantId
                        + " exists; a credit is issued once per participant, event and slot");
            }
            long after = points + delta;
            if (after < 0) {
                throw Refusal.of(ErrorCode.INSUFFICIENT_POINTS, tx + ": " + participantId + " holds " + points
                        + " points, " + (-delta) + " asked");
            }
            if (after > MAX_BALANCE) {
                throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": a balance above " + MAX_BALANCE + " points");
            }
            points = after;
            credited += kind == PointsEntry.Kind.DR_CREDIT || kind == PointsEntry.Kind.MARKET_CREDIT ? delta : 0;
            redeemed += kind == PointsEntry.Kind.REDEMPTION ? -delta : 0;
            PointsEntry e = new PointsEntry(participantId, entryId, kind, delta, after, eventId, slot, counterparty,
                    reference, Tx.timestamp(stub), stub.getTxId());
            entries.add(e);
            return e;
        }

        /** Writes the entries and the balance (nothing when no movement was recorded). */
        void write() {
            if (entries.isEmpty()) {
                return;
            }
            for (PointsEntry e : entries) {
                Ledger.put(stub, Keys.pointsEntry(participantId, e.entryId()), e);
            }
            Ledger.put(stub, Keys.pointsBalance(participantId), new PointsBalance(participantId, points, credited,
                    redeemed, Tx.timestamp(stub), stub.getTxId()));
        }
    }
}
