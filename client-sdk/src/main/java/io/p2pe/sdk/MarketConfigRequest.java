package io.p2pe.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.OrderBookMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A new market configuration for {@link OperatorClient#configureMarket}. Every change writes a
 * whole new version; settings left unset take the chaincode's defaults (UNIFORM_PRICE, 30-minute
 * slots, 60-minute gate closure lead, Asia/Tokyo, …). To change a few settings and keep the
 * rest, start from {@link #from(MarketSettings)}.
 *
 * <pre>{@code
 * MarketConfigRequest config = MarketConfigRequest.builder()
 *         .mechanism(Mechanism.UNIFORM_PRICE)
 *         .slotLengthMinutes(30)
 *         .gateClosureLeadMinutes(60)
 *         .retailTariff(3_000)
 *         .buyBackTariff(850)
 *         .build();
 * }</pre>
 *
 * @param mechanism clearing mechanism
 * @param objective for OPTIMAL only
 * @param slotLengthMinutes 15, 30 or 60
 * @param gateClosureLeadMinutes minutes before slot start that orders close
 * @param orderWindowDays how many days ahead orders are accepted
 * @param timeZone market time zone id
 * @param clockMode TIMESTAMP (the default) or LEDGER
 * @param priceFloor lowest limit price, ticks
 * @param priceCap highest limit price, ticks
 * @param wheelingLevels fee per kWh by grid distance, ticks
 * @param retailTariff retailer's supply price, ticks
 * @param buyBackTariff retailer's buy-back price, ticks
 * @param gridEmissionFactor g-CO2/kWh of grid supply
 * @param renewableSourceTypes source types counted as renewable
 * @param roleMsps for each restricted role, the MSPs allowed to hold it
 * @param proposalWindowMinutes OPTIMAL only: minutes after gate closure that solvers may propose
 * @param totalQueryLimit the peers' {@code ledger.state.totalQueryLimit}: a scan that reaches it is
 *     refused ({@code BEYOND_LIMITS}) instead of acting on part of a book
 * @param maxArgumentBytes largest transaction argument, UTF-8 bytes
 * @param maxProposalBytes largest clearing proposal, UTF-8 bytes
 * @param maxOpenOrdersPerParticipant open orders a participant may hold in one slot
 * @param orderBook OPEN or SEALED (docs/privacy.md)
 * @param revealWindowSeconds SEALED: how long after gate closure ClearSlot waits for reveals
 * @param clearingChunkBytes a clearing's result texts are stored in pieces of this many bytes
 * @param clearingChunksPerTx pieces ClearSlot and each slot:PublishClearing store
 * @param settlementPageSize participants one SettleSlot transaction settles
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarketConfigRequest(Mechanism mechanism, Objective objective, Integer slotLengthMinutes,
                                  Integer gateClosureLeadMinutes, Integer orderWindowDays, String timeZone,
                                  ClockMode clockMode,
                                  Long priceFloor, Long priceCap, List<Long> wheelingLevels, Long retailTariff,
                                  Long buyBackTariff, Long gridEmissionFactor, List<String> renewableSourceTypes,
                                  Map<String, List<String>> roleMsps, Integer proposalWindowMinutes,
                                  Integer totalQueryLimit, Integer maxArgumentBytes, Integer maxProposalBytes,
                                  Integer maxOpenOrdersPerParticipant, OrderBookMode orderBook,
                                  Integer revealWindowSeconds, Integer clearingChunkBytes,
                                  Integer clearingChunksPerTx, Integer settlementPageSize) {

    /** An empty builder: every setting at the chaincode's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every setting of the configuration in force. */
    public static Builder from(MarketSettings current) {
        Objects.requireNonNull(current, "current");
        Builder b = new Builder();
        b.mechanism = current.mechanism();
        b.objective = current.objective();
        b.slotLengthMinutes = current.slotLengthMinutes();
        b.gateClosureLeadMinutes = current.gateClosureLeadMinutes();
        b.orderWindowDays = current.orderWindowDays();
        b.timeZone = current.timeZone();
        b.clockMode = current.clockMode();
        b.priceFloor = current.priceFloor();
        b.priceCap = current.priceCap();
        b.wheelingLevels = current.wheelingLevels();
        b.retailTariff = current.retailTariff();
        b.buyBackTariff = current.buyBackTariff();
        b.gridEmissionFactor = current.gridEmissionFactor();
        b.renewableSourceTypes = current.renewableSourceTypes();
        b.roleMsps = current.roleMsps();
        b.proposalWindowMinutes = current.proposalWindowMinutes();
        b.totalQueryLimit = current.totalQueryLimit();
        b.maxArgumentBytes = current.maxArgumentBytes();
        b.maxProposalBytes = current.maxProposalBytes();
        b.maxOpenOrdersPerParticipant = current.maxOpenOrdersPerParticipant();
        b.orderBook = current.orderBook();
        b.revealWindowSeconds = current.orderBook() == OrderBookMode.SEALED ? current.revealWindowSeconds() : null;
        b.clearingChunkBytes = current.clearingChunkBytes() == 0 ? null : current.clearingChunkBytes();
        b.clearingChunksPerTx = current.clearingChunksPerTx() == 0 ? null : current.clearingChunksPerTx();
        b.settlementPageSize = current.settlementPageSize() == 0 ? null : current.settlementPageSize();
        return b;
    }

    /** Builds a {@link MarketConfigRequest}; setters reject null. */
    public static final class Builder {
        private Mechanism mechanism;
        private Objective objective;
        private Integer slotLengthMinutes;
        private Integer gateClosureLeadMinutes;
        private Integer orderWindowDays;
        private String timeZone;
        private ClockMode clockMode;
        private Long priceFloor;
        private Long priceCap;
        private List<Long> wheelingLevels;
        private Long retailTariff;
        private Long buyBackTariff;
        private Long gridEmissionFactor;
        private List<String> renewableSourceTypes;
        private Map<String, List<String>> roleMsps;
        private Integer proposalWindowMinutes;
        private Integer totalQueryLimit;
        private Integer maxArgumentBytes;
        private Integer maxProposalBytes;
        private Integer maxOpenOrdersPerParticipant;
        private OrderBookMode orderBook;
        private Integer revealWindowSeconds;
        private Integer clearingChunkBytes;
        private Integer clearingChunksPerTx;
        private Integer settlementPageSize;

        private Builder() {
        }

        /** Clearing mechanism; OPTIMAL also needs {@link #objective}. */
        public Builder mechanism(Mechanism value) {
            this.mechanism = Objects.requireNonNull(value, "mechanism");
            if (value != Mechanism.OPTIMAL) {
                this.objective = null;
            }
            return this;
        }

        /** Objective of the OPTIMAL mechanism. */
        public Builder objective(Objective value) {
            this.objective = Objects.requireNonNull(value, "objective");
            return this;
        }

        /** 15, 30 or 60. */
        public Builder slotLengthMinutes(int value) {
            this.slotLengthMinutes = value;
            return this;
        }

        /** Minutes before slot start that orders close. */
        public Builder gateClosureLeadMinutes(int value) {
            this.gateClosureLeadMinutes = value;
            return this;
        }

        /** Days ahead that orders are accepted. */
        public Builder orderWindowDays(int value) {
            this.orderWindowDays = value;
            return this;
        }

        /** Market time zone id, e.g. {@code Asia/Tokyo}. */
        public Builder timeZone(String value) {
            this.timeZone = Objects.requireNonNull(value, "timeZone");
            return this;
        }

        /**
         * Where time rules take "now" from: {@link ClockMode#LEDGER} for simulations and rehearsals
         * (the operator then advances the ledger clock with {@link OperatorClient#advanceLedgerTime}).
         * Switching the mode restarts the ledger clock: its first advance may set any time.
         */
        public Builder clockMode(ClockMode value) {
            this.clockMode = Objects.requireNonNull(value, "clockMode");
            return this;
        }

        /** Lowest and highest accepted limit prices, ticks. */
        public Builder priceLimits(long floor, long cap) {
            this.priceFloor = floor;
            this.priceCap = cap;
            return this;
        }

        /** Wheeling fee per kWh by grid distance, ticks. */
        public Builder wheelingLevels(List<Long> value) {
            this.wheelingLevels = List.copyOf(Objects.requireNonNull(value, "wheelingLevels"));
            return this;
        }

        /** Retailer's supply price per kWh, ticks. */
        public Builder retailTariff(long value) {
            this.retailTariff = value;
            return this;
        }

        /** Retailer's buy-back price per kWh, ticks. */
        public Builder buyBackTariff(long value) {
            this.buyBackTariff = value;
            return this;
        }

        /** g-CO2 per kWh of grid supply. */
        public Builder gridEmissionFactor(long value) {
            this.gridEmissionFactor = value;
            return this;
        }

        /** Source types counted as renewable. */
        public Builder renewableSourceTypes(List<String> value) {
            this.renewableSourceTypes = List.copyOf(Objects.requireNonNull(value, "renewableSourceTypes"));
            return this;
        }

        /** For each restricted role, the MSPs allowed to hold it; must include {@code operator}. */
        public Builder roleMsps(Map<String, List<String>> value) {
            this.roleMsps = Map.copyOf(Objects.requireNonNull(value, "roleMsps"));
            return this;
        }

        /** OPTIMAL only: minutes after gate closure during which solvers may propose (0: none). */
        public Builder proposalWindowMinutes(int value) {
            this.proposalWindowMinutes = value;
            return this;
        }

        /**
         * The peers' {@code ledger.state.totalQueryLimit} (100000 by default): the chaincode refuses
         * a scan that reaches it rather than clear or settle part of a book, so it must not be
         * set above the peers' value.
         */
        public Builder totalQueryLimit(int value) {
            this.totalQueryLimit = value;
            return this;
        }

        /** Largest transaction argument and largest clearing proposal, UTF-8 bytes. */
        public Builder argumentLimits(int maxArgumentBytes, int maxProposalBytes) {
            this.maxArgumentBytes = maxArgumentBytes;
            this.maxProposalBytes = maxProposalBytes;
            return this;
        }

        /** Open orders a participant may hold in one slot. */
        public Builder maxOpenOrdersPerParticipant(int value) {
            this.maxOpenOrdersPerParticipant = value;
            return this;
        }

        /** OPEN (orders in clear) or SEALED (sealed to the owner org, revealed after gate closure). */
        public Builder orderBook(OrderBookMode value) {
            this.orderBook = Objects.requireNonNull(value, "orderBook");
            return this;
        }

        /** SEALED books: seconds after gate closure that ClearSlot waits for the orgs' reveals. */
        public Builder revealWindowSeconds(int value) {
            this.revealWindowSeconds = value;
            return this;
        }

        /** The size of the pieces a clearing's result texts are stored in, bytes. */
        public Builder clearingChunkBytes(int value) {
            this.clearingChunkBytes = value;
            return this;
        }

        /** Pieces ClearSlot, then each slot:PublishClearing for the rest, stores per transaction. */
        public Builder clearingChunksPerTx(int value) {
            this.clearingChunksPerTx = value;
            return this;
        }

        /** Participants (traders and the metered) one SettleSlot transaction settles; a larger slot takes several. */
        public Builder settlementPageSize(int value) {
            this.settlementPageSize = value;
            return this;
        }

        public MarketConfigRequest build() {
            return new MarketConfigRequest(mechanism, objective, slotLengthMinutes, gateClosureLeadMinutes,
                    orderWindowDays, timeZone, clockMode, priceFloor, priceCap, wheelingLevels, retailTariff, buyBackTariff,
                    gridEmissionFactor, renewableSourceTypes, roleMsps, proposalWindowMinutes, totalQueryLimit,
                    maxArgumentBytes, maxProposalBytes, maxOpenOrdersPerParticipant, orderBook, revealWindowSeconds,
                    clearingChunkBytes, clearingChunksPerTx, settlementPageSize);
        }
    }
}
