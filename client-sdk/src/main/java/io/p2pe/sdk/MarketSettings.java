package io.p2pe.sdk;

import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.OrderBookMode;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The market configuration in force (chaincode {@code config:GetMarketConfig}). Prices and
 * tariffs in ticks of 0.01 JPY/kWh, the emission factor in g-CO2/kWh.
 *
 * <pre>{@code
 * MarketSettings market = participant.marketSettings();
 * Slot next = market.firstOpenSlot(Instant.now());
 * Instant deadline = market.gateClosure(next);
 * }</pre>
 *
 * @param version 1 for the first configuration, +1 per change
 * @param mechanism how slots are cleared
 * @param objective for {@link Mechanism#OPTIMAL} only, otherwise null
 * @param slotLengthMinutes 15, 30 or 60
 * @param gateClosureLeadMinutes orders close this many minutes before the slot starts
 * @param orderWindowDays orders are accepted for slots starting at most this many days ahead
 * @param timeZone the market time zone, e.g. {@code Asia/Tokyo}
 * @param clockMode where the chaincode's time rules take "now" from: the transaction timestamp or the
 *     ledger clock the operator advances ({@link OperatorClient#advanceLedgerTime})
 * @param priceFloor lowest accepted limit price
 * @param priceCap highest accepted limit price
 * @param wheelingLevels fee per kWh by grid distance; null when the market charges none
 * @param retailTariff what the retailer charges per kWh it supplies
 * @param buyBackTariff what the retailer pays per kWh of uncontracted export
 * @param gridEmissionFactor g-CO2 per kWh of grid supply
 * @param renewableSourceTypes source types counted as renewable
 * @param roleMsps for each restricted role, the MSPs allowed to hold it
 * @param proposalWindowMinutes OPTIMAL only: minutes after gate closure that solvers may propose
 * @param totalQueryLimit the peers' range-query limit; a scan reaching it is refused
 * @param maxArgumentBytes largest transaction argument, UTF-8 bytes
 * @param maxProposalBytes largest clearing proposal, UTF-8 bytes
 * @param maxOpenOrdersPerParticipant open orders a participant may hold in one slot
 * @param updatedAt when this version was set (ISO-8601 UTC)
 * @param updatedBy the operator's client id
 * @param txId the transaction that set this version
 * @param orderBook OPEN (orders in clear) or SEALED ({@link ParticipantClient#submitOrder} seals them to the
 *     org's key; docs/privacy.md); null from chaincode versions before it existed: OPEN
 * @param revealWindowSeconds SEALED: how long after gate closure ClearSlot waits for reveals
 * @param clearingChunkBytes a clearing's result texts are stored in pieces of this many bytes
 * @param clearingChunksPerTx pieces ClearSlot and each slot:PublishClearing store (0 for both: chaincode
 *     versions before them)
 * @param settlementPageSize participants one SettleSlot transaction settles (0: chaincode versions before
 *     pages)
 */
public record MarketSettings(long version, Mechanism mechanism, Objective objective, int slotLengthMinutes,
                             int gateClosureLeadMinutes, int orderWindowDays, String timeZone, ClockMode clockMode,
                             long priceFloor,
                             long priceCap, List<Long> wheelingLevels, long retailTariff, long buyBackTariff,
                             long gridEmissionFactor, List<String> renewableSourceTypes,
                             Map<String, List<String>> roleMsps, int proposalWindowMinutes, int totalQueryLimit,
                             int maxArgumentBytes, int maxProposalBytes, int maxOpenOrdersPerParticipant,
                             String updatedAt, String updatedBy, String txId, OrderBookMode orderBook,
                             int revealWindowSeconds, int clearingChunkBytes, int clearingChunksPerTx,
                             int settlementPageSize) {

    public MarketSettings {
        orderBook = orderBook == null ? OrderBookMode.OPEN : orderBook;
    }

    /** Settings of an OPEN book (orders in clear). */
    public MarketSettings(long version, Mechanism mechanism, Objective objective, int slotLengthMinutes,
                          int gateClosureLeadMinutes, int orderWindowDays, String timeZone, ClockMode clockMode,
                          long priceFloor, long priceCap, List<Long> wheelingLevels, long retailTariff,
                          long buyBackTariff, long gridEmissionFactor, List<String> renewableSourceTypes,
                          Map<String, List<String>> roleMsps, int proposalWindowMinutes, int totalQueryLimit,
                          int maxArgumentBytes, int maxProposalBytes, int maxOpenOrdersPerParticipant,
                          String updatedAt, String updatedBy, String txId) {
        this(version, mechanism, objective, slotLengthMinutes, gateClosureLeadMinutes, orderWindowDays, timeZone,
                clockMode, priceFloor, priceCap, wheelingLevels, retailTariff, buyBackTariff, gridEmissionFactor,
                renewableSourceTypes, roleMsps, proposalWindowMinutes, totalQueryLimit, maxArgumentBytes,
                maxProposalBytes, maxOpenOrdersPerParticipant, updatedAt, updatedBy, txId, OrderBookMode.OPEN, 0, 0, 0, 0);
    }

    /** The market time zone. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Parses a slot written {@code 2026-06-17T12:00+09:00} with this market's slot length. */
    public Slot slot(String text) {
        return Slot.parse(text, slotLengthMinutes);
    }

    /** The slot containing {@code instant}, in the market time zone. */
    public Slot slotAt(Instant instant) {
        ZonedDateTime t = instant.atZone(zone());
        int minute = t.getMinute() - t.getMinute() % slotLengthMinutes;
        ZonedDateTime start = t.withMinute(minute).withSecond(0).withNano(0);
        return new Slot(start.toOffsetDateTime(), slotLengthMinutes);
    }

    /** When orders for {@code slot} stop being accepted: its start minus the lead time. */
    public Instant gateClosure(Slot slot) {
        return slot.startInstant().minus(Duration.ofMinutes(gateClosureLeadMinutes));
    }

    /** The earliest slot whose gate is still open at {@code now}. */
    public Slot firstOpenSlot(Instant now) {
        Slot s = slotAt(now);
        while (!gateClosure(s).isAfter(now)) {
            s = next(s);
        }
        return s;
    }

    /** The slot after {@code slot}, written in the market zone's offset at that time (DST-safe). */
    public Slot next(Slot slot) {
        return slotAt(slot.endInstant());
    }
}
