package io.p2pe.simulator;

import io.p2pe.market.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger times a slot is traded at: its orders go in at {@code tradingStart}
 * ({@link TradingDay#ORDER_LEAD} before gate closure), it closes at {@code gate}, and with a
 * proposal window it is finalized at {@code windowEnd} (gate closure plus the window; without one
 * it is cleared at gate closure). The ledger clock only moves forward, so these must rise strictly
 * from slot to slot: the next slot's trading must start after this slot's window has ended.
 */
final class LedgerSchedule {
    private LedgerSchedule() {
    }

    /**
     * One slot's ledger times.
     *
     * @param windowEnd equals {@code gate} without a proposal window
     */
    record SlotTimes(Slot slot, Instant tradingStart, Instant gate, Instant windowEnd) {
        /** Whether the slot takes proposals before it is finalized. */
        boolean hasWindow() {
            return windowEnd.isAfter(gate);
        }

        /** The times the ledger clock is advanced to for this slot, in order. */
        List<Instant> advances() {
            return hasWindow() ? List.of(tradingStart, gate, windowEnd) : List.of(tradingStart, gate);
        }
    }

    static SlotTimes times(Slot slot, Duration gateClosureLead, Duration proposalWindow) {
        Instant gate = slot.startInstant().minus(gateClosureLead);
        return new SlotTimes(slot, gate.minus(TradingDay.ORDER_LEAD), gate, gate.plus(proposalWindow));
    }

    /**
     * The slots' times, in order.
     *
     * @throws IllegalArgumentException if the advances would not rise strictly (a proposal window
     *     reaching the next slot's trading start, or slots out of order)
     */
    static List<SlotTimes> plan(List<Slot> slots, Duration gateClosureLead, Duration proposalWindow) {
        List<SlotTimes> out = new ArrayList<>();
        Instant last = null;
        for (Slot s : slots) {
            SlotTimes t = times(s, gateClosureLead, proposalWindow);
            for (Instant a : t.advances()) {
                if (last != null && !a.isAfter(last)) {
                    throw new IllegalArgumentException("the ledger clock would go from " + last + " back to " + a
                            + " for slot " + s + ": a proposal window of " + proposalWindow.toMinutes()
                            + " min must end before the next slot's trading starts (" + TradingDay.ORDER_LEAD.toMinutes()
                            + " min before its gate closure)");
                }
                last = a;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * How many of the cleared slots waiting for delivery (in slot order) have ended by
     * {@code ledgerTime}: their meter readings and settlement go in before the clock moves on.
     */
    static int due(List<Slot> undelivered, Instant ledgerTime) {
        if (ledgerTime == null) {
            return 0;
        }
        int n = 0;
        while (n < undelivered.size() && !undelivered.get(n).endInstant().isAfter(ledgerTime)) {
            n++;
        }
        return n;
    }
}
