package io.p2pe.sdk;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import java.util.List;

/**
 * A slot's lifecycle state (chaincode {@code slot:GetSlot}): {@code OPEN} (with its gate closure),
 * then {@code CLOSED}, {@code CLEARED} and {@code SETTLED}, with the terms frozen at closing and the
 * clearing and settlement summaries.
 *
 * <pre>{@code
 * SlotRecord s = operator.slot(slot);
 * if ("CLEARED".equals(s.status())) {
 *     System.out.println(s.clearing().volumeWh() + " Wh traded");
 * }
 * }</pre>
 *
 * @param slot {@code 2026-06-17T12:00+09:00}
 * @param slotKey UTC sort key
 * @param status OPEN, CLOSED, CLEARED or SETTLED
 * @param gateClosure ISO-8601 UTC
 * @param closedAt tx timestamp of the close, or null while OPEN
 * @param closedBy client id that closed it, or null
 * @param closeTxId the closing transaction, or null
 * @param terms the configuration frozen at closing, or null while OPEN
 * @param clearing null until CLEARED
 * @param settlement null until SETTLED
 */
public record SlotRecord(String slot, String slotKey, String status, String gateClosure, String closedAt,
                         String closedBy, String closeTxId, Terms terms, ClearingSummary clearing,
                         SettlementSummary settlement) {

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
     */
    public record Terms(long configVersion, Mechanism mechanism, Objective objective, List<Long> wheelingLevels,
                        int slotLengthMinutes, long retailTariff, long buyBackTariff, long gridEmissionFactor,
                        List<String> renewableSourceTypes) {
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
     */
    public record ClearingSummary(String clearedAt, String clearTxId, String clearedBy, int orderCount, long volumeWh,
                                  long surplus, int tradeCount, List<Segment> segments) {
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
     * @param inputDigest SHA-256 hex of the run's canonical clearing input
     */
    public record Segment(String segment, int orderCount, Long clearingPrice, long volumeWh, long surplus,
                          int tradeCount, String inputDigest) {
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
     */
    public record SettlementSummary(String settledAt, String settleTxId, int participants, long importedWh,
                                    long exportedWh, long contractedWh, long deliveredWh, long renewableDeliveredWh,
                                    long retailSuppliedWh, long buyBackWh, long netCost, long baselineCost,
                                    long savings, long wheelingFees, long co2AvoidedMg) {
    }
}
