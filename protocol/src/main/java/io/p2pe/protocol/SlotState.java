package io.p2pe.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import java.util.List;

/**
 * A slot's state under {@code slot~<slot>}; absent while the slot is OPEN, so nobody has to create
 * it before trading and order transactions only ever read it. {@code slot:GetSlot} answers an
 * absent key as an OPEN state with its gate closure under the current configuration.
 *
 * @param status OPEN (only in answers), CLOSED, CLEARED, SETTLING (settled in part: a slot with more
 *     participants than the market config's {@code settlementPageSize} is settled page by page) or SETTLED
 * @param closedAt time of the close, or null while OPEN
 * @param closedBy client id that closed it, or null
 * @param closeTxId the closing transaction, or null
 * @param gateClosure slot start minus the lead time in force at closing (ISO-8601 UTC)
 * @param terms the configuration the slot is cleared and settled with, frozen at closing
 * @param clearing null until CLEARED
 * @param settlement null until SETTLING or SETTLED; while SETTLING, the totals of the pages settled so far
 */
public record SlotState(String slot, String slotKey, Status status, String gateClosure, String closedAt,
                        String closedBy, String closeTxId, Terms terms, ClearingSummary clearing,
                        SettlementSummary settlement) {

    /** Stored statuses are CLOSED, CLEARED, SETTLING and SETTLED; OPEN is the absence of the key. */
    public enum Status { OPEN, CLOSED, CLEARED, SETTLING, SETTLED }

    /**
     * The configuration a slot is cleared and settled with.
     *
     * @param configVersion the market configuration version in force at closing
     * @param mechanism the clearing mechanism
     * @param objective for OPTIMAL only
     * @param wheelingLevels fee per kWh by grid distance, or null
     * @param slotLengthMinutes the slot length
     * @param retailTariff ticks
     * @param buyBackTariff ticks
     * @param gridEmissionFactor g-CO2/kWh
     * @param renewableSourceTypes source types counted as renewable
     * @param proposalWindowMinutes OPTIMAL slots take proposals until this long after gate closure;
     *     null in states stored before proposals existed (no window)
     */
    public record Terms(long configVersion, Mechanism mechanism, Objective objective, List<Long> wheelingLevels,
                        int slotLengthMinutes, long retailTariff, long buyBackTariff, long gridEmissionFactor,
                        List<String> renewableSourceTypes, Integer proposalWindowMinutes) {
        /** The proposal window in minutes, 0 when the slot has none. */
        public int proposalWindow() {
            return proposalWindowMinutes == null ? 0 : proposalWindowMinutes;
        }

        /** Whether SELL orders of this source type count as renewable in this slot. */
        public boolean isRenewable(String sourceType) {
            return sourceType != null && renewableSourceTypes.contains(sourceType);
        }
    }

    /**
     * The outcome of clearing.
     *
     * @param clearedAt tx timestamp
     * @param clearTxId the clearing transaction
     * @param clearedBy client id
     * @param orderCount open orders cleared
     * @param volumeWh total traded
     * @param surplus total surplus, 1e-5 JPY
     * @param tradeCount number of trades
     * @param segments clearing runs: {@code renewable} (only with renewable-only orders), then {@code main}
     * @param unrevealedOrderIds sealed orders (market config {@code orderBook: SEALED}) still unrevealed when
     *     the slot was cleared after its reveal window: not in the clearing; absent when there were none
     * @param resultChunkBytes the size in bytes of the pieces the runs' result texts are stored in (the
     *     market config's {@code clearingChunkBytes} at clearing); every piece but a run's last has it
     * @param resultChunksPublished pieces stored so far, over all runs in order: ClearSlot stores the
     *     first ones, slot:PublishClearing the rest; the results are readable once all are
     */
    public record ClearingSummary(String clearedAt, String clearTxId, String clearedBy, int orderCount, long volumeWh,
                                  long surplus, int tradeCount, List<Segment> segments,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unrevealedOrderIds,
                                  int resultChunkBytes, int resultChunksPublished) {
        public ClearingSummary {
            unrevealedOrderIds = unrevealedOrderIds == null ? List.of() : List.copyOf(unrevealedOrderIds);
        }

        /** The pieces of all runs' result texts. */
        public int resultChunks() {
            return segments.stream().mapToInt(s -> s.resultChunkDigests().size()).sum();
        }

        /** Whether every piece of the result texts is stored, so that the results can be read. */
        public boolean resultComplete() {
            return resultChunksPublished == resultChunks();
        }

        /** This summary with {@code published} pieces stored. */
        public ClearingSummary withResultChunksPublished(int published) {
            return new ClearingSummary(clearedAt, clearTxId, clearedBy, orderCount, volumeWh, surplus, tradeCount,
                    segments, unrevealedOrderIds, resultChunkBytes, published);
        }
    }

    /**
     * One clearing run.
     *
     * @param segment {@code renewable} or {@code main}
     * @param orderCount orders in the run
     * @param clearingPrice uniform price in ticks, or null
     * @param volumeWh traded in the run
     * @param surplus surplus in the run, 1e-5 JPY
     * @param tradeCount trades in the run
     * @param inputDigest SHA-256 hex of the run's canonical clearing input (the input is not stored: it is
     *     rebuilt from the slot's orders, which are on the ledger, and checked against this digest)
     * @param resultBytes the size of the run's result text in UTF-8 bytes
     * @param resultChunkDigests SHA-256 hex of each stored piece of the result text, in order; empty in
     *     states stored before results were stored in pieces (the text is then one record)
     */
    public record Segment(String segment, int orderCount, Long clearingPrice, long volumeWh, long surplus,
                          int tradeCount, String inputDigest, long resultBytes, List<String> resultChunkDigests) {
        public Segment {
            resultChunkDigests = resultChunkDigests == null ? List.of() : List.copyOf(resultChunkDigests);
        }
    }

    /**
     * Community totals of settlement (Wh; money in 1e-5 JPY; CO2 in mg).
     *
     * @param settledAt tx timestamp
     * @param settleTxId the settling transaction
     * @param participants participants settled
     * @param importedWh metered import
     * @param exportedWh metered export
     * @param contractedWh traded in clearing
     * @param deliveredWh traded and delivered
     * @param renewableDeliveredWh delivered from renewable sources
     * @param retailSuppliedWh supplied by the retailer
     * @param buyBackWh uncontracted export bought back
     * @param netCost what the community paid, net
     * @param baselineCost what it would have paid with the retailer only
     * @param savings baseline minus net
     * @param wheelingFees network fees
     * @param co2AvoidedMg CO2 avoided by renewable delivery
     * @param settledThrough the id of the last participant (in id order) whose line is written: the next
     *     page starts after it; null in states stored before slots were settled in pages
     * @param pages settling transactions so far (0 in states stored before pages)
     */
    public record SettlementSummary(String settledAt, String settleTxId, int participants, long importedWh,
                                    long exportedWh, long contractedWh, long deliveredWh, long renewableDeliveredWh,
                                    long retailSuppliedWh, long buyBackWh, long netCost, long baselineCost,
                                    long savings, long wheelingFees, long co2AvoidedMg, String settledThrough,
                                    int pages) {
    }

    /** The slot CLEARED with this outcome. */
    public SlotState withClearing(ClearingSummary c) {
        return new SlotState(slot, slotKey, Status.CLEARED, gateClosure, closedAt, closedBy, closeTxId, terms, c, null);
    }

    /** The slot SETTLING (some participants' lines written) or, once {@code complete}, SETTLED, with these totals. */
    public SlotState withSettlement(SettlementSummary s, boolean complete) {
        return new SlotState(slot, slotKey, complete ? Status.SETTLED : Status.SETTLING, gateClosure, closedAt,
                closedBy, closeTxId, terms, clearing, s);
    }
}
