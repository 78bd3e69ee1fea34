package io.p2pe.chaincode;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.OrderBookMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The market configuration, one version of it. Prices and tariffs in ticks (0.01 JPY/kWh), the
 * emission factor in g-CO2/kWh. Every {@code SetMarketConfig} writes a whole new version.
 *
 * @param version 1 for the first configuration, then +1 per change
 * @param mechanism how slots are cleared
 * @param objective for OPTIMAL only, otherwise null
 * @param slotLengthMinutes 15, 30 or 60
 * @param gateClosureLeadMinutes orders close this many minutes before the slot starts
 * @param orderWindowDays orders are accepted for slots starting at most this many days after the tx
 * @param timeZone the market time zone (slots are written in its offset), e.g. {@code Asia/Tokyo}
 * @param clockMode where the time rules take "now" from (absent in versions stored before it existed: TIMESTAMP)
 * @param proposalWindowMinutes OPTIMAL slots take solvers' proposals from closing until this many
 *     minutes after gate closure (market time); 0 = no window, the engine's result is final at once
 * @param priceFloor the lowest limit price accepted, ticks
 * @param priceCap the highest limit price accepted, ticks
 * @param wheelingLevels fee per kWh by grid distance, ticks; null = no wheeling fees
 * @param retailTariff what the retailer charges per kWh it supplies, ticks
 * @param buyBackTariff what the retailer pays per kWh of uncontracted export, ticks
 * @param gridEmissionFactor g-CO2 per kWh of grid supply, for CO2 avoided
 * @param renewableSourceTypes source types that count as renewable, sorted
 * @param roleMsps for each role, the MSPs whose certificates may hold it (sorted); a role counts from no other MSP
 * @param totalQueryLimit the peers' {@code ledger.state.totalQueryLimit}: a range scan that returns this many
 *     records may have been cut short by the peer and is refused, never used (docs/chaincode.md, limits)
 * @param maxArgumentBytes the largest transaction argument accepted, in UTF-8 bytes, checked before parsing
 * @param maxProposalBytes the same for ProposeClearing's {@code proposal} argument
 * @param maxOpenOrdersPerParticipant open orders one participant may have in one slot
 * @param updatedAt tx timestamp of the change (ISO-8601 UTC)
 * @param updatedBy the operator's client id
 * @param txId the transaction that made this version
 * @param orderBook OPEN (orders in clear) or SEALED (encrypted to the owner org, revealed after gate
 *     closure; docs/privacy.md); absent in versions stored before it existed: OPEN
 * @param revealWindowSeconds SEALED books: ClearSlot waits this long after gate closure (market time) for
 *     the owner orgs' reveals while sealed orders remain, then clears without them
 * @param clearingChunkBytes a clearing's result texts are stored in pieces of this many bytes
 * @param clearingChunksPerTx ClearSlot, and each slot:PublishClearing after it, stores at most this many
 *     pieces, so that no transaction writes more than {@code clearingChunkBytes × clearingChunksPerTx}
 *     bytes of results (docs/chaincode.md, limits); absent in versions stored before them: the defaults
 * @param settlementPageSize SettleSlot writes the lines of at most this many participants per
 *     transaction; a slot with more is SETTLING until its last page (docs/chaincode.md, limits); absent in
 *     versions stored before pages: the default
 */
public record MarketConfig(long version, Mechanism mechanism, Objective objective, int slotLengthMinutes,
                           int gateClosureLeadMinutes, int orderWindowDays, String timeZone, ClockMode clockMode,
                           int proposalWindowMinutes,
                           long priceFloor,
                           long priceCap, List<Long> wheelingLevels, long retailTariff, long buyBackTariff,
                           long gridEmissionFactor, List<String> renewableSourceTypes,
                           Map<String, List<String>> roleMsps, int totalQueryLimit, int maxArgumentBytes,
                           int maxProposalBytes, int maxOpenOrdersPerParticipant, String updatedAt, String updatedBy,
                           String txId, OrderBookMode orderBook, int revealWindowSeconds, int clearingChunkBytes,
                           int clearingChunksPerTx, int settlementPageSize) {

    /** Market rule limits (docs/market-rules.md). */
    static final long MIN_PRICE = -1_000_000L;
    static final long MAX_PRICE = 10_000_000L;
    static final long MAX_FEE = 10_000_000L;

    /** Fabric's default {@code ledger.state.totalQueryLimit}, also the test network's (network/nodes/peer.env). */
    static final int DEFAULT_TOTAL_QUERY_LIMIT = 100_000;
    static final int MAX_TOTAL_QUERY_LIMIT = 100_000_000;
    /** A page query asks for one record more than the page; the smallest page is one record. */
    static final int MIN_TOTAL_QUERY_LIMIT = 2;
    /** 64 KiB: a single record (order, reading, registration, configuration) is a few hundred bytes. */
    static final int DEFAULT_MAX_ARGUMENT_BYTES = 64 * 1024;
    static final int MIN_ARGUMENT_BYTES = 4 * 1024;
    static final int MAX_ARGUMENT_BYTES = 1024 * 1024;
    /** 4 MiB: about 25,000 proposed trades of ~150 bytes. */
    static final int DEFAULT_MAX_PROPOSAL_BYTES = 4 * 1024 * 1024;
    /** Below the test network's orderer AbsoluteMaxBytes (64 MB), which bounds a transaction anyway. */
    static final int MAX_PROPOSAL_BYTES = 32 * 1024 * 1024;
    static final int DEFAULT_MAX_OPEN_ORDERS = 100;
    /** A sealed position lists the participant's sealed order ids and is rewritten by each sealed submission. */
    static final int MAX_OPEN_ORDERS = 1000;
    /** Five minutes for the owner orgs' reveal agents after gate closure. */
    static final int DEFAULT_REVEAL_WINDOW_SECONDS = 300;
    static final int MAX_REVEAL_WINDOW_SECONDS = 24 * 60 * 60;
    /**
     * 1 MiB pieces, 8 per transaction: a transaction writes at most 8 MiB of results and stays
     * within Fabric's default block limit (AbsoluteMaxBytes 10 MB) with its other writes.
     */
    static final int DEFAULT_CLEARING_CHUNK_BYTES = 1024 * 1024;
    static final int MIN_CLEARING_CHUNK_BYTES = 256;
    static final int MAX_CLEARING_CHUNK_BYTES = 16 * 1024 * 1024;
    static final int DEFAULT_CLEARING_CHUNKS_PER_TX = 8;
    static final int MAX_CLEARING_CHUNKS_PER_TX = 64;
    /**
     * 2,000 participants per SettleSlot: about 1 ms of private reads and writes each (docs/chaincode.md
     * §9), plus the readings of their counterparties and one scan of the slot's orders and results,
     * stays well inside the chaincode execute timeout of 30 s; and each page's private data (three
     * records per participant) is what the peers disseminate for one transaction.
     */
    static final int DEFAULT_SETTLEMENT_PAGE_SIZE = 2_000;
    static final int MAX_SETTLEMENT_PAGE_SIZE = 50_000;

    static final Pattern SOURCE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final String SOURCE_TYPE_RULE = "must be 1-32 characters of [a-z0-9-], starting with a letter or digit";
    static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The peer orgs of the test network (their org.env files under network/orgs). */
    private static final List<String> PEER_ORGS = List.of("ExchangeOrgMSP", "GridOrgMSP", "MunicipalityOrgMSP",
            "RetailerOrgMSP");

    /**
     * The MSPs each role counts from when the configuration gives no {@code roleMsps}: the market
     * operator's org runs the market and audits it, the grid operator's org meters, the retailer's
     * org retails and aggregates; participants and solvers may belong to any peer org.
     */
    static final Map<String, List<String>> DEFAULT_ROLE_MSPS = defaultRoleMsps();

    private static Map<String, List<String>> defaultRoleMsps() {
        TreeMap<String, List<String>> m = new TreeMap<>();
        m.put(Role.PARTICIPANT.attributeValue(), PEER_ORGS);
        m.put(Role.RETAILER.attributeValue(), List.of("RetailerOrgMSP"));
        m.put(Role.OPERATOR.attributeValue(), List.of("ExchangeOrgMSP"));
        m.put(Role.METER.attributeValue(), List.of("GridOrgMSP"));
        m.put(Role.AUDITOR.attributeValue(), List.of("ExchangeOrgMSP"));
        m.put(Role.SOLVER.attributeValue(), PEER_ORGS);
        m.put(Role.AGGREGATOR.attributeValue(), List.of("RetailerOrgMSP"));
        return Collections.unmodifiableMap(m);
    }

    static final Set<String> FIELDS = Set.of("mechanism", "objective", "slotLengthMinutes", "gateClosureLeadMinutes",
            "orderWindowDays", "timeZone", "clockMode", "proposalWindowMinutes", "priceFloor", "priceCap", "wheelingLevels", "retailTariff",
            "buyBackTariff", "gridEmissionFactor", "renewableSourceTypes", "roleMsps", "totalQueryLimit", "maxArgumentBytes",
            "maxProposalBytes", "maxOpenOrdersPerParticipant", "orderBook", "revealWindowSeconds", "clearingChunkBytes",
            "clearingChunksPerTx", "settlementPageSize");

    public MarketConfig {
        clockMode = clockMode == null ? ClockMode.TIMESTAMP : clockMode;
        orderBook = orderBook == null ? OrderBookMode.OPEN : orderBook;
        // Versions stored before the limits existed read as 0: they take the defaults.
        totalQueryLimit = totalQueryLimit == 0 ? DEFAULT_TOTAL_QUERY_LIMIT : totalQueryLimit;
        maxArgumentBytes = maxArgumentBytes == 0 ? DEFAULT_MAX_ARGUMENT_BYTES : maxArgumentBytes;
        maxProposalBytes = maxProposalBytes == 0 ? DEFAULT_MAX_PROPOSAL_BYTES : maxProposalBytes;
        maxOpenOrdersPerParticipant = maxOpenOrdersPerParticipant == 0 ? DEFAULT_MAX_OPEN_ORDERS
                : maxOpenOrdersPerParticipant;
        clearingChunkBytes = clearingChunkBytes == 0 ? DEFAULT_CLEARING_CHUNK_BYTES : clearingChunkBytes;
        clearingChunksPerTx = clearingChunksPerTx == 0 ? DEFAULT_CLEARING_CHUNKS_PER_TX : clearingChunksPerTx;
        settlementPageSize = settlementPageSize == 0 ? DEFAULT_SETTLEMENT_PAGE_SIZE : settlementPageSize;
        wheelingLevels = wheelingLevels == null ? null : List.copyOf(wheelingLevels);
        renewableSourceTypes = List.copyOf(new TreeSet<>(renewableSourceTypes));
        // Versions stored before a role existed take its default; parse() requires every role.
        TreeMap<String, List<String>> sorted = new TreeMap<>(DEFAULT_ROLE_MSPS);
        roleMsps.forEach((k, v) -> sorted.put(k, List.copyOf(new TreeSet<>(v))));
        roleMsps = Collections.unmodifiableMap(sorted);
    }

    /**
     * Parses and validates a SetMarketConfig argument. Absent fields take the defaults documented
     * in docs/chaincode.md, so {@code {}} is a valid configuration.
     */
    static MarketConfig parse(String json, long version, String updatedAt, String updatedBy, String txId) {
        Args a = Args.of(json, "config", FIELDS);
        Mechanism mechanism = a.enumValue("mechanism", Mechanism.class, Mechanism.UNIFORM_PRICE);
        Objective objective = null;
        if (mechanism == Mechanism.OPTIMAL) {
            objective = a.enumValue("objective", Objective.class, null);
        } else if (a.has("objective")) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "config: field 'objective' applies to mechanism OPTIMAL only");
        }
        int slotLength = (int) a.optionalInteger("slotLengthMinutes", 30, 15, 60);
        if (slotLength != 15 && slotLength != 30 && slotLength != 60) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "config: field 'slotLengthMinutes' must be 15, 30 or 60, got "
                    + slotLength);
        }
        int lead = (int) a.optionalInteger("gateClosureLeadMinutes", 60, 0, 7 * 24 * 60);
        int window = (int) a.optionalInteger("orderWindowDays", 7, 1, 366);
        String zone = a.optionalText("timeZone", "Asia/Tokyo");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "config: field 'timeZone' must be a time zone id like Asia/Tokyo, got "
                    + Args.quote(zone));
        }
        ClockMode clockMode = a.enumValue("clockMode", ClockMode.class, ClockMode.TIMESTAMP);
        int proposalWindow = (int) a.optionalInteger("proposalWindowMinutes", 0, 0, 24 * 60);
        long floor = a.optionalInteger("priceFloor", MIN_PRICE, MIN_PRICE, MAX_PRICE);
        long cap = a.optionalInteger("priceCap", MAX_PRICE, MIN_PRICE, MAX_PRICE);
        if (floor > cap) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "config: field 'priceFloor' must not exceed priceCap, got "
                    + floor + " > " + cap);
        }
        List<Long> levels = a.optionalIntegers("wheelingLevels", 0, MAX_FEE, 64);
        long retail = a.optionalInteger("retailTariff", 3000, 0, MAX_PRICE);
        long buyBack = a.optionalInteger("buyBackTariff", 850, 0, MAX_PRICE);
        long emission = a.optionalInteger("gridEmissionFactor", 450, 0, 10_000);
        List<String> renewable = a.optionalStrings("renewableSourceTypes", SOURCE_TYPE, SOURCE_TYPE_RULE, 32);
        if (renewable == null) {
            renewable = List.of("biomass", "geothermal", "hydro", "solar", "wind");
        }
        Map<String, List<String>> roleMsps = parseRoleMsps(a);
        int queryLimit = (int) a.optionalInteger("totalQueryLimit", DEFAULT_TOTAL_QUERY_LIMIT, MIN_TOTAL_QUERY_LIMIT,
                MAX_TOTAL_QUERY_LIMIT);
        int argumentBytes = (int) a.optionalInteger("maxArgumentBytes", DEFAULT_MAX_ARGUMENT_BYTES, MIN_ARGUMENT_BYTES,
                MAX_ARGUMENT_BYTES);
        int proposalBytes = (int) a.optionalInteger("maxProposalBytes", DEFAULT_MAX_PROPOSAL_BYTES,
                argumentBytes, MAX_PROPOSAL_BYTES);
        int openOrders = (int) a.optionalInteger("maxOpenOrdersPerParticipant", DEFAULT_MAX_OPEN_ORDERS, 1, MAX_OPEN_ORDERS);
        OrderBookMode orderBook = a.enumValue("orderBook", OrderBookMode.class, OrderBookMode.OPEN);
        int revealWindow = (int) a.optionalInteger("revealWindowSeconds", DEFAULT_REVEAL_WINDOW_SECONDS, 0,
                MAX_REVEAL_WINDOW_SECONDS);
        int chunkBytes = (int) a.optionalInteger("clearingChunkBytes", DEFAULT_CLEARING_CHUNK_BYTES,
                MIN_CLEARING_CHUNK_BYTES, MAX_CLEARING_CHUNK_BYTES);
        int chunksPerTx = (int) a.optionalInteger("clearingChunksPerTx", DEFAULT_CLEARING_CHUNKS_PER_TX, 1,
                MAX_CLEARING_CHUNKS_PER_TX);
        int settlementPage = (int) a.optionalInteger("settlementPageSize", DEFAULT_SETTLEMENT_PAGE_SIZE, 1,
                MAX_SETTLEMENT_PAGE_SIZE);
        return new MarketConfig(version, mechanism, objective, slotLength, lead, window, zone, clockMode, proposalWindow, floor, cap,
                levels,
                retail, buyBack, emission, renewable, roleMsps, queryLimit, argumentBytes, proposalBytes, openOrders,
                updatedAt, updatedBy, txId, orderBook, revealWindow, chunkBytes, chunksPerTx,
                settlementPage);
    }

    private static Map<String, List<String>> parseRoleMsps(Args a) {
        if (!a.has("roleMsps")) {
            return DEFAULT_ROLE_MSPS;
        }
        var node = a.raw("roleMsps");
        if (!node.isObject()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "config: field 'roleMsps' must be an object of role -> [MSP id]");
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (var it = node.fields(); it.hasNext();) {
            var e = it.next();
            String field = "roleMsps." + e.getKey();
            if (Role.fromAttribute(e.getKey()) == null || !e.getKey().equals(e.getKey().trim())) {
                throw Refusal.of(ErrorCode.UNKNOWN_VALUE, "config: field '" + field + "' must name a role: " + Role.names());
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, "config: field '" + field + "' must be a non-empty array of MSP ids");
            }
            List<String> msps = new ArrayList<>();
            for (var m : e.getValue()) {
                if (!m.isTextual() || !MSP_ID.matcher(m.asText()).matches()) {
                    throw Refusal.of(ErrorCode.INVALID_FORMAT, "config: field '" + field
                            + "' must hold MSP ids of 1-64 characters of [A-Za-z0-9._-]");
                }
                msps.add(m.asText());
            }
            out.put(e.getKey(), msps);
        }
        for (Role r : Role.values()) {
            // A role without MSPs would be held by nobody, or (read loosely) by any org's CA.
            if (!out.containsKey(r.attributeValue())) {
                throw Refusal.of(ErrorCode.MISSING_FIELD, "config: field 'roleMsps." + r.attributeValue()
                        + "' is required when roleMsps is given (every role needs its MSPs: " + Role.names() + ")");
            }
        }
        return out;
    }

    /**
     * Whether a certificate of {@code mspId} may hold {@code role}: only when the config's
     * {@code roleMsps} (before the first configuration: the defaults) lists that MSP for it.
     */
    static boolean mspMayHold(MarketConfig config, Role role, String mspId) {
        Map<String, List<String>> rules = config == null ? DEFAULT_ROLE_MSPS : config.roleMsps();
        List<String> allowed = rules.get(role.attributeValue());
        return allowed != null && allowed.contains(mspId);
    }

    /** The MSPs a role counts from. */
    List<String> mspsOf(Role role) {
        return roleMsps.getOrDefault(role.attributeValue(), List.of());
    }

    /** The wheeling schedule for clearing inputs; null when the market charges no wheeling. */
    WheelingSchedule wheeling() {
        return wheelingLevels == null ? null : new WheelingSchedule(wheelingLevels);
    }

    boolean isRenewable(String sourceType) {
        return sourceType != null && renewableSourceTypes.contains(sourceType);
    }

    ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
