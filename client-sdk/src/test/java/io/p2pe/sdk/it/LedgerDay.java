package io.p2pe.sdk.it;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Slots driven through their life on LEDGER time (docs/design.md): a slot just after the current
 * ledger time, the operator advancing the clock to its gate closure and to its end. The clock is
 * shared by every test on the network and only moves forward, so each slot is taken after the
 * clock's current time; the clock is advanced by hours, not days.
 */
final class LedgerDay {
    private final Adversary clock;
    private final P2peConnection operator;
    private final MarketSettings market;

    LedgerDay(Adversary clock, P2peConnection operator, MarketSettings market) {
        this.clock = clock;
        this.operator = operator;
        this.market = market;
    }

    MarketSettings market() {
        return market;
    }

    /** The ledger time, set to the wall clock if the clock has not started yet. */
    Instant now() throws Exception {
        return clock.ensureLedgerClock(Instant.now());
    }

    /** A slot whose gate is open by the ledger: the first one whose gate is an hour or more after the ledger time. */
    Slot openSlot() throws Exception {
        // Other tests on the clock's current hour may have closed the first ones already.
        Slot s = market.firstOpenSlot(now().plus(Duration.ofHours(1)));
        while (operator.operator().slot(s).status() != SlotState.Status.OPEN) {
            s = market.next(s);
        }
        return s;
    }

    /**
     * A slot delivered by the ledger and untouched (no close, clearing or settlement): the latest
     * one that ended before the ledger time and that no other test has closed.
     */
    Slot deliveredSlot() throws Exception {
        Slot s = market.slotAt(market.slotAt(now()).startInstant().minusSeconds(1));
        for (int tries = 0; operator.operator().slot(s).status() != SlotState.Status.OPEN; tries++) {
            if (tries == 96) {
                throw new IllegalStateException("no untouched delivered slot in the two days before " + now());
            }
            s = market.slotAt(s.startInstant().minusSeconds(1));
        }
        return s;
    }

    void advanceToGateClosure(Slot slot) throws Exception {
        clock.advanceLedgerTime(market.gateClosure(slot));
    }

    void advanceToEnd(Slot slot) throws Exception {
        clock.advanceLedgerTime(slot.endInstant());
    }

    void advanceTo(Instant t) throws Exception {
        clock.advanceLedgerTime(t);
    }

    /** The operator's raw client that advances the clock. */
    Adversary clock() {
        return clock;
    }

    /** Closes and clears the slot, first moving the ledger time to its gate closure. */
    io.p2pe.sdk.ClearingRecord closeAndClear(Slot slot) throws Exception {
        advanceToGateClosure(slot);
        operator.operator().closeSlot(slot);
        return operator.operator().clearSlot(slot);
    }

    /**
     * A slot with a cleared trade: {@code buyer} buys 1 kWh from {@code seller}, the slot is
     * closed and cleared, and the ledger time moved to its end.
     */
    Slot clearedTrade(P2peConnection buyer, P2peConnection seller, String tag) throws Exception {
        Slot slot = openSlot();
        buyer.participant().submitOrder(OrderRequest.buy(tag + "-b", slot, 1_000, 2_500));
        seller.participant().submitOrder(OrderRequest.sell(tag + "-s", slot, 1_000, 1_000));
        closeAndClear(slot);
        advanceToEnd(slot);
        return slot;
    }

    /** Records readings through the meter identity: participant id, imported Wh, exported Wh. */
    static void readings(P2peConnection meter, Slot slot, List<Object[]> rows) throws Exception {
        for (Object[] r : rows) {
            String participant = (String) r[0];
            meter.operator().recordMeterReading(new MeterReadingRequest(participant, slot, (Long) r[1], (Long) r[2],
                    "m-" + participant.substring(participant.indexOf(':') + 1)));
        }
    }

    /**
     * The caller's settlement line of {@code slot}, waited for on the caller's own gateway: the
     * operator's SettleSlot returns once ExchangeOrg's peer committed it, and another org's peer
     * may commit the block (with the line in its private collection) a moment later.
     */
    static SettlementRecord settlement(P2peConnection participant, Slot slot) throws Exception {
        SettlementRecord[] line = new SettlementRecord[1];
        ItNetwork.await("the settlement line of " + slot + " on the participant's peer", () -> {
            try {
                line[0] = participant.participant().settlement(slot);
                return true;
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.NOT_FOUND) {
                    throw new AssertionError(e);
                }
                return false;
            } catch (P2peException e) {
                throw new AssertionError(e);
            }
        });
        return line[0];
    }

    /**
     * Enrolls identities at the orgs' CAs in one network.sh run: lines "ORG NAME ROLE [PARTICIPANT]".
     */
    static void enroll(List<String> lines) throws Exception {
        Path file = Files.createTempFile("p2pe-it-identities", ".txt");
        try {
            Files.write(file, lines);
            ItNetwork.networkSh("enroll", "--file", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
