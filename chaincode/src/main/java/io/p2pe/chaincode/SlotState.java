package io.p2pe.chaincode;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import java.util.List;

/**
 * A slot's state under {@code slot~<slot>}; absent while the slot is OPEN, so nobody has to create
 * it before trading and order transactions only ever read it.
 *
 * @param status CLOSED, CLEARED or SETTLED
 * @param gateClosure slot start minus the lead time in force at closing (ISO-8601 UTC)
 * @param terms the configuration the slot is cleared and settled with, frozen at closing
 * @param clearing null until CLEARED
 * @param settlement null until SETTLED
 */
public record SlotState(String slot, String slotKey, Status status, String gateClosure, String closedAt,
                        String closedBy, String closeTxId, Terms terms, ClearingSummary clearing,
                        SettlementSummary settlement) {

    /** Stored statuses; OPEN is the absence of the key, METERED is derived (see GetSlot). */
    public enum Status { CLOSED, CLEARED, SETTLED }

    /**
     * The configuration a slot is cleared and settled with (ticks, g-CO2/kWh).
     *
     * @param proposalWindowMinutes null in states stored before proposals existed (no window)
     */
    public record Terms(long configVersion, Mechanism mechanism, Objective objective, List<Long> wheelingLevels,
                        int slotLengthMinutes, long retailTariff, long buyBackTariff, long gridEmissionFactor,
                        List<String> renewableSourceTypes, Integer proposalWindowMinutes) {
        static Terms of(MarketConfig c) {
            return new Terms(c.version(), c.mechanism(), c.objective(), c.wheelingLevels(), c.slotLengthMinutes(),
                    c.retailTariff(), c.buyBackTariff(), c.gridEmissionFactor(), c.renewableSourceTypes(),
                    c.proposalWindowMinutes());
        }

        /** Slots closed before the proposal window existed have none. */
        int proposalWindow() {
            return proposalWindowMinutes == null ? 0 : proposalWindowMinutes;
        }

        boolean isRenewable(String sourceType) {
            return sourceType != null && renewableSourceTypes.contains(sourceType);
        }
    }

    /**
     * The outcome of ClearSlot.
     *
     * @param segments in clearing order: {@code renewable} (only when renewable-only BUY orders exist), then {@code main}
     */
    public record ClearingSummary(String clearedAt, String clearTxId, String clearedBy, int orderCount,
                                  long volumeWh, long surplus, int tradeCount, List<Segment> segments) {
    }

    /** One clearing run; its exact input and result texts are under {@code clearinput}/{@code clearresult}. */
    public record Segment(String segment, int orderCount, Long clearingPrice, long volumeWh, long surplus,
                          int tradeCount, String inputDigest) {
    }

    /** Community totals of SettleSlot (Wh, money in 1e-5 JPY, CO2 in mg). */
    public record SettlementSummary(String settledAt, String settleTxId, int participants, long importedWh,
                                    long exportedWh, long contractedWh, long deliveredWh, long renewableDeliveredWh,
                                    long retailSuppliedWh, long buyBackWh, long netCost, long baselineCost,
                                    long savings, long wheelingFees, long co2AvoidedMg) {
    }

    SlotState withClearing(ClearingSummary c) {
        return new SlotState(slot, slotKey, Status.CLEARED, gateClosure, closedAt, closedBy, closeTxId, terms, c, null);
    }

    SlotState withSettlement(SettlementSummary s) {
        return new SlotState(slot, slotKey, Status.SETTLED, gateClosure, closedAt, closedBy, closeTxId, terms, clearing, s);
    }
}
