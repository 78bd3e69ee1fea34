package io.p2pe.chaincode;

import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.LedgerClock;
import java.time.Instant;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * "Now" for every time rule of the chaincode, in one place: the transaction timestamp in
 * TIMESTAMP mode, the ledger clock in LEDGER mode (docs/design.md section 7). Records keep the
 * transaction timestamp as the time they were written ({@link Tx}); only rules ask here.
 *
 * @param instant the market time
 * @param mode where it came from, for messages
 */
record MarketTime(Instant instant, ClockMode mode) {

    /**
     * The market time of this transaction.
     *
     * @throws org.hyperledger.fabric.shim.ChaincodeException CLOCK_NOT_SET in LEDGER mode before
     *     the operator's first AdvanceLedgerTime
     */
    static MarketTime now(ChaincodeStub stub, MarketConfig config, String tx) {
        if (config.clockMode() == ClockMode.TIMESTAMP) {
            return new MarketTime(Tx.instant(stub), ClockMode.TIMESTAMP);
        }
        LedgerClock clock = Ledger.get(stub, Keys.clock(), LedgerClock.class);
        if (clock == null) {
            throw Refusal.of(ErrorCode.CLOCK_NOT_SET, tx + ": the market runs on LEDGER time and the operator has not "
                    + "started the clock yet (config:AdvanceLedgerTime)");
        }
        return new MarketTime(Instant.parse(clock.ledgerTime()), ClockMode.LEDGER);
    }

    boolean isBefore(Instant other) {
        return instant.isBefore(other);
    }

    /** E.g. {@code ledger time 2026-06-17T02:00:00Z} or {@code the transaction timestamp 2026-...Z}. */
    @Override
    public String toString() {
        return (mode == ClockMode.LEDGER ? "ledger time " : "the transaction timestamp ") + Slots.iso(instant);
    }
}
