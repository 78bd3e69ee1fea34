package io.p2pe.cli;

import static io.p2pe.cli.NetworkCli.EXCHANGE;
import static io.p2pe.cli.NetworkCli.GRID;
import static io.p2pe.cli.NetworkCli.RETAILER;
import static io.p2pe.cli.NetworkCli.csv;
import static io.p2pe.cli.NetworkCli.json;
import static io.p2pe.cli.NetworkCli.refused;
import static io.p2pe.cli.NetworkCli.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.market.Slot;
import io.p2pe.market.Units;
import io.p2pe.market.settlement.SettlementLine;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ledger command of {@code p2pe}, in-process, against the network under
 * {@code P2PE_NETWORK_DIR} (test-network-scripts/integration-test.sh), in each output format
 * (table, json, csv), with the refusals that map to exit status 2 (wrong role, bad field, not
 * found, wrong state) and a transport failure to 1. One slot goes through its life on the ledger
 * clock: operator configure and onboard, orders submitted, cancelled and listed, the book, close,
 * clear, show, meter readings, the operator's clock, settlement and provenance. The SDK sets up
 * what no command does (the ledger clock, the traders, settling) and gives the values money
 * columns are compared with; everything shown is checked against what was done by hand:
 * home-001 buys 1.500 kWh at 21.50 JPY/kWh, biz-001 (solar) sells 1.000 kWh at 12.00, uniform
 * price clearing trades 1.000 kWh at the midpoint 16.75.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOME = "RetailerOrgMSP:home-001";
    private static final String HOME2 = "RetailerOrgMSP:home-002";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    private static final String BIZ_LOCATION = "tokyo/setagaya/seijo/feeder-1";
    /** This run's tag for client order ids and participant ids. */
    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
    private static final List<String> ORDER_HEADER = List.of("ORDER", "CLIENT ID", "OWNER", "SLOT", "SIDE", "KWH",
            "JPY/KWH", "STATUS", "FILLED KWH");
    private static final List<String> SLOT_HEADER = List.of("SLOT", "STATUS", "GATE CLOSURE", "ORDERS", "TRADES", "KWH",
            "PRICE JPY/KWH");

    @TempDir
    Path tmp;

    private Path profiles;
    private NetworkCli cli;
    private P2peConnection operator;
    private MarketSettings before;
    private MarketSettings market;
    private Slot slot;
    private String gateClosure;
    private String buyId;
    private String sellId;
    private final List<String> cancelledIds = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        profiles = Path.of(System.getenv("P2PE_NETWORK_DIR")).resolve("profiles");
        cli = new NetworkCli(profiles);
        operator = P2peConnection.connect(P2peConfig.fromProfile(profiles.resolve(EXCHANGE + ".json"), "operator"));
        try {
            before = operator.participant().marketSettings();
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                throw e;
            }
        }
        if (before == null) {
            operator.operator().configureMarket(MarketConfigRequest.builder().clockMode(ClockMode.LEDGER).build());
        } else if (before.clockMode() != ClockMode.LEDGER) {
            operator.operator().configureMarket(MarketConfigRequest.from(before).clockMode(ClockMode.LEDGER).build());
        }
        String time = operator.operator().ledgerClock().ledgerTime();
        Instant now = Instant.now();
        if (time == null || Instant.parse(time).isBefore(now)) {
            operator.operator().advanceLedgerTime(now);
        } else {
            now = Instant.parse(time);
        }
        operator.operator().ensureParticipant(ParticipantRegistration.of("home-001", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3"));
        operator.operator().ensureParticipant(ParticipantRegistration.of("home-002", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"));
        operator.operator().ensureParticipant(ParticipantRegistration.of("biz-001", "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation(BIZ_LOCATION).withPv(50_000, "solar"));
        try (P2peConnection meter = P2peConnection.connect(P2peConfig.fromProfile(profiles.resolve(GRID + ".json"),
                "meter"))) {
            meter.operator().attestSource(BIZ, "solar");
        }
        market = operator.participant().marketSettings();
        // The first slot whose gate is an hour or more after the ledger time and that nobody has touched.
        slot = market.firstOpenSlot(now.plus(Duration.ofHours(1)));
        while (operator.operator().slot(slot).status() != SlotState.Status.OPEN) {
            slot = market.next(slot);
        }
        gateClosure = operator.operator().slot(slot).gateClosure();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (operator != null) {
            if (before != null) {
                operator.operator().configureMarket(MarketConfigRequest.from(before).build());
            }
            operator.close();
        }
    }

    // ---- helpers

    private CliRun as(String org, String identity, String... args) {
        return cli.as(org, identity, args);
    }

    private CliRun asHome(String... args) {
        return as(RETAILER, "home-001", args);
    }

    private CliRun asBiz(String... args) {
        return as(EXCHANGE, "biz-001", args);
    }

    private CliRun asOperator(String... args) {
        return as(EXCHANGE, "operator", args);
    }

    private CliRun asMeter(String... args) {
        return as(GRID, "meter", args);
    }

    private CliRun asAuditor(String... args) {
        return as(EXCHANGE, "auditor", args);
    }

    private static List<String> row(String... cells) {
        return List.of(cells);
    }

    private String s() {
        return slot.toString();
    }

    // ---- the commands, in the order of a slot's life

    @Test
    @Order(1)
    void operatorConfigureWritesANewVersionAndPrintsItInEachFormat() throws Exception {
        long version = market.version();
        JsonNode j = json(asOperator("operator", "configure", "--mechanism", "UNIFORM_PRICE", "-o", "json"));
        assertEquals(version + 1, j.get("version").asLong());
        assertEquals("UNIFORM_PRICE", j.get("mechanism").asText());
        assertTrue(j.get("objective").isNull());
        assertEquals("LEDGER", j.get("clockMode").asText());
        assertEquals(market.retailTariff(), j.get("retailTariff").asLong(), "unset options keep the values in force");
        market = operator.participant().marketSettings();
        List<String> values = row("UNIFORM_PRICE", Integer.toString(market.slotLengthMinutes()),
                Integer.toString(market.gateClosureLeadMinutes()), Units.jpyPerKwh(market.retailTariff()),
                Units.jpyPerKwh(market.buyBackTariff()), market.timeZone());
        List<String> header = row("VERSION", "MECHANISM", "SLOT MIN", "GATE LEAD MIN", "RETAIL JPY/KWH",
                "BUY-BACK JPY/KWH", "ZONE");
        List<String> expected = new ArrayList<>(List.of(Long.toString(version + 2)));
        expected.addAll(values);
        assertEquals(List.of(header, expected), table(asOperator("operator", "configure")));
        expected.set(0, Long.toString(version + 3));
        assertEquals(List.of(header, expected), csv(asOperator("operator", "configure", "-o", "csv")));
        market = operator.participant().marketSettings();
        assertEquals(version + 3, market.version());
        JsonNode limits = json(asOperator("operator", "configure", "--total-query-limit",
                Integer.toString(market.totalQueryLimit()), "--max-open-orders", "150", "--clearing-chunk-bytes",
                "2097152", "--clearing-chunks-per-tx", "4", "--settlement-page-size", "3000", "-o", "json"));
        assertEquals(market.totalQueryLimit(), limits.get("totalQueryLimit").asInt());
        assertEquals(150, limits.get("maxOpenOrdersPerParticipant").asInt());
        assertEquals(2_097_152, limits.get("clearingChunkBytes").asInt());
        assertEquals(4, limits.get("clearingChunksPerTx").asInt());
        assertEquals(3000, limits.get("settlementPageSize").asInt());
        market = operator.participant().marketSettings();

        refused(asHome("operator", "configure", "--mechanism", "PAY_AS_BID"), "FORBIDDEN: ");
        refused(asOperator("operator", "configure", "--slot-minutes", "45", "-o", "json"),
                "OUT_OF_RANGE: config: field 'slotLengthMinutes' must be 15, 30 or 60, got 45");
        refused(asOperator("operator", "configure", "--clearing-chunks-per-tx", "0", "-o", "json"),
                "OUT_OF_RANGE: config: field 'clearingChunksPerTx' ");
        refused(asOperator("operator", "configure", "--settlement-page-size", "0", "-o", "json"),
                "OUT_OF_RANGE: config: field 'settlementPageSize' ");
        assertEquals(version + 4, operator.participant().marketSettings().version(), "refusals wrote nothing");
    }

    @Test
    @Order(2)
    void operatorOnboardRegistersAParticipantInEachFormat() throws Exception {
        String a = "cli-" + RUN + "-a";
        assertEquals(List.of(row("ID", "KIND", "LOCATION", "STATUS"),
                        row("RetailerOrgMSP:" + a, "HOUSEHOLD", "tokyo/setagaya", "ACTIVE")),
                table(asOperator("operator", "onboard", "--participant", a, "--msp", "RetailerOrgMSP", "--kind",
                        "HOUSEHOLD", "--location", "tokyo/setagaya")));
        JsonNode b = json(asOperator("operator", "onboard", "--participant", "cli-" + RUN + "-b", "--msp",
                "RetailerOrgMSP", "--kind", "BUSINESS", "--pv-watts", "4500", "--source", "solar", "-o", "json"));
        assertEquals("RetailerOrgMSP:cli-" + RUN + "-b", b.get("id").asText());
        assertEquals("RetailerOrgMSP", b.get("mspId").asText());
        assertEquals("BUSINESS", b.get("kind").asText());
        assertEquals(4_500, b.get("pvWatts").asLong());
        assertEquals("solar", b.get("sourceType").asText());
        assertEquals("ACTIVE", b.get("status").asText());
        assertEquals(List.of(row("ID", "KIND", "LOCATION", "STATUS"), row("ExchangeOrgMSP:cli-" + RUN + "-c", "MUNICIPAL",
                        "", "ACTIVE")),
                csv(asOperator("operator", "onboard", "--participant", "cli-" + RUN + "-c", "--kind", "MUNICIPAL", "-o",
                        "csv")), "--msp defaults to the caller's");

        refused(asOperator("operator", "onboard", "--participant", a, "--msp", "RetailerOrgMSP", "--kind", "HOUSEHOLD"),
                "ALREADY_EXISTS: ");
        refused(asHome("operator", "onboard", "--participant", "cli-" + RUN + "-d", "--kind", "HOUSEHOLD"), "FORBIDDEN: ");
        CliRun badKind = asOperator("operator", "onboard", "--participant", "cli-" + RUN + "-e", "--kind", "ROBOT");
        refused(badKind, "");
        assertTrue(badKind.err().contains("kind") && badKind.err().contains("ROBOT"), badKind.err());
    }

    @Test
    @Order(3)
    void orderSubmitIsIdempotentOnTheClientIdAndPrintsTheOrderInEachFormat() throws Exception {
        String[] buy = {"order", "submit", "--client-id", "cli-" + RUN + "-b", "--slot", s(), "--side", "BUY", "--kwh",
            "1.5", "--price", "21.50"};
        JsonNode j = json(asHome(plus(buy, "-o", "json")));
        buyId = j.get("orderId").asText();
        assertTrue(buyId.startsWith(slot.sortKey() + "-"), buyId);
        assertEquals(HOME, j.get("participant").asText());
        assertEquals(1_500, j.get("wh").asLong());
        assertEquals(2_150, j.get("price").asLong());
        assertEquals("OPEN", j.get("status").asText());
        List<String> open = row(buyId, "cli-" + RUN + "-b", HOME, s(), "BUY", "1.500", "21.50", "OPEN");
        assertEquals(List.of(ORDER_HEADER, open), table(asHome(buy)), "the same order again, as a table");
        List<String> openCsv = new ArrayList<>(open);
        openCsv.add("");
        assertEquals(List.of(ORDER_HEADER, openCsv), csv(asHome(plus(buy, "-o", "csv"))));

        JsonNode sell = json(asBiz("order", "submit", "--client-id", "cli-" + RUN + "-s", "--slot", s(), "--side",
                "SELL", "--kwh", "1", "--price", "12", "--source", "solar", "-o", "json"));
        sellId = sell.get("orderId").asText();
        assertEquals("SELL", sell.get("side").asText());
        assertEquals(1_000, sell.get("wh").asLong());
        assertEquals(1_200, sell.get("price").asLong());
        assertEquals("solar", sell.get("sourceType").asText(), "the grid operator's attestation");

        refused(asMeter(buy), "FORBIDDEN: SubmitOrder needs role participant or retailer; caller is ");
        refused(asHome("order", "submit", "--client-id", "cli-" + RUN + "-b", "--slot", s(), "--side", "BUY", "--kwh",
                "1.5", "--price", "21.60"), "DUPLICATE_CLIENT_ORDER_ID: ");
        refused(asBiz("order", "submit", "--client-id", "cli-" + RUN + "-x", "--slot", s(), "--side", "BUY", "--kwh",
                "1", "--price", "30"), "BOTH_SIDES: ");
        CliRun misaligned = asHome("order", "submit", "--client-id", "cli-" + RUN + "-y", "--slot",
                slot.startInstant().plus(Duration.ofMinutes(5)).atZone(market.zone()).toOffsetDateTime().toString(),
                "--side", "BUY", "--kwh", "1", "--price", "20");
        refused(misaligned, "option '--slot': ");
    }

    @Test
    @Order(4)
    void orderCancelPrintsTheCancelledOrderInEachFormatAndRefusesTwiceOthersAndUnknownIds() throws Exception {
        for (String format : List.of("table", "json", "csv")) {
            JsonNode o = json(asHome("order", "submit", "--client-id", "cli-" + RUN + "-c-" + format, "--slot", s(),
                    "--side", "BUY", "--kwh", "0.1", "--price", "10", "-o", "json"));
            cancelledIds.add(o.get("orderId").asText());
        }
        List<String> cancelled = row(cancelledIds.get(0), "cli-" + RUN + "-c-table", HOME, s(), "BUY", "0.100", "10.00",
                "CANCELLED");
        assertEquals(List.of(ORDER_HEADER, cancelled), table(asHome("order", "cancel", cancelledIds.get(0))));
        JsonNode j = json(asHome("order", "cancel", cancelledIds.get(1), "-o", "json"));
        assertEquals("CANCELLED", j.get("status").asText());
        assertEquals(cancelledIds.get(1), j.get("orderId").asText());
        assertTrue(j.get("cancelledAt").isTextual(), j.toString());
        List<List<String>> c = csv(asHome("order", "cancel", cancelledIds.get(2), "-o", "csv"));
        assertEquals(ORDER_HEADER, c.get(0));
        assertEquals(row(cancelledIds.get(2), "cli-" + RUN + "-c-csv", HOME, s(), "BUY", "0.100", "10.00", "CANCELLED", ""),
                c.get(1));

        refused(asHome("order", "cancel", cancelledIds.get(0)), "INVALID_STATE: ");
        refused(asBiz("order", "cancel", buyId), "FORBIDDEN: ");
        refused(asHome("order", "cancel", slot.sortKey() + "-" + "0".repeat(40)), "NOT_FOUND: ");
    }

    @Test
    @Order(5)
    void orderListAndTheSealedBook() throws Exception {
        List<String> sorted = new ArrayList<>(cancelledIds);
        sorted.add(buyId);
        sorted.sort(null);
        List<List<String>> mine = table(asHome("order", "list", "--slot", s()));
        assertEquals(ORDER_HEADER, mine.get(0));
        assertEquals(sorted, mine.stream().skip(1).map(r -> r.get(0)).toList(), "home-001's orders by order id");
        JsonNode all = json(asHome("order", "list", "-o", "json"));
        List<String> allIds = new ArrayList<>();
        all.forEach(o -> allIds.add(o.get("orderId").asText()));
        assertTrue(allIds.containsAll(sorted) && !allIds.contains(sellId), "without --slot: every slot, only mine");
        List<List<String>> bizCsv = csv(asBiz("order", "list", "--slot", s(), "-o", "csv"));
        assertEquals(List.of(ORDER_HEADER, row(sellId, "cli-" + RUN + "-s", BIZ, s(), "SELL", "1.000", "12.00", "OPEN", "")),
                bizCsv);
        refused(asMeter("order", "list", "--slot", s()), "FORBIDDEN: ListMyOrders needs role participant or retailer; caller is ");

        List<String> book = new ArrayList<>(sorted);
        book.add(sellId);
        book.sort(null);
        JsonNode b = json(asOperator("book", "--slot", s(), "-o", "json"));
        List<String> bookIds = new ArrayList<>();
        b.forEach(o -> bookIds.add(o.get("orderId").asText()));
        assertEquals(book, bookIds, "the operator reads the whole book, every status, by order id");
        assertEquals(book, table(asAuditor("book", "--slot", s())).stream().skip(1).map(r -> r.get(0)).toList());
        refused(asHome("book", "--slot", s()), "FORBIDDEN: ");
        refused(asHome("book", "--slot", "tomorrow"), "option '--slot': ");
    }

    @Test
    @Order(6)
    void slotCloseByATraderOnlyOnceTheGateHasClosed() throws Exception {
        refused(asHome("slot", "close", s()), "SLOT_OPEN: ");
        operator.operator().advanceLedgerTime(market.gateClosure(slot));
        List<List<String>> closed = table(asHome("slot", "close", s()));
        assertEquals(List.of(SLOT_HEADER, row(s(), "CLOSED", gateClosure)), closed);
        JsonNode j = json(asHome("slot", "close", s(), "-o", "json"));
        assertEquals("CLOSED", j.get("status").asText(), "closing again returns the state");
        assertEquals(s(), j.get("slot").asText());
        assertTrue(j.get("clearing").isNull());
        assertEquals(List.of(SLOT_HEADER, row(s(), "CLOSED", gateClosure, "", "", "", "")),
                csv(asHome("slot", "close", s(), "-o", "csv")));
        // Once closed, the book is open to every role.
        assertEquals(5, csv(asHome("book", "--slot", s(), "-o", "csv")).size() - 1);
        refused(asAuditor("slot", "close", market.next(slot).toString()), "");
    }

    @Test
    @Order(7)
    void slotClearPrintsTheClearingInEachFormatAndRepeatingItChangesNothing() throws Exception {
        Slot next = market.next(slot);
        refused(asOperator("slot", "clear", next.toString()), "SLOT_OPEN: ");
        refused(asMeter("slot", "clear", s()), "FORBIDDEN: ");
        refused(asOperator("slot", "clear", "2026-13-01T00:00+09:00"), "option 'SLOT': ");

        JsonNode j = json(asOperator("slot", "clear", s(), "-o", "json"));
        assertEquals("CLEARED", j.get("status").asText());
        JsonNode c = j.get("clearing");
        assertEquals(2, c.get("orderCount").asInt(), "the two open orders; the cancelled ones do not count");
        assertEquals(1, c.get("tradeCount").asInt());
        assertEquals(1_000, c.get("volumeWh").asLong());
        assertEquals(1, j.get("segments").size());
        assertEquals("main", j.get("segments").get(0).get("segment").asText());
        // Uniform price: the midpoint of the marginal bid 2150 and ask 1200 ticks = 1675 (16.75 JPY/kWh).
        List<String> cleared = row(s(), "CLEARED", gateClosure, "2", "1", "1.000", "main:16.75");
        assertEquals(List.of(SLOT_HEADER, cleared), table(asOperator("slot", "clear", s())));
        assertEquals(List.of(SLOT_HEADER, cleared), csv(asHome("slot", "clear", s(), "-o", "csv")),
                "a trader may clear too; the stored result again");
        assertEquals(c.get("clearTxId").asText(), operator.operator().slot(slot).clearing().clearTxId(),
                "repeats wrote nothing");

        assertEquals(List.of(SLOT_HEADER, cleared), table(asBiz("slot", "show", s())));
        assertEquals(List.of(SLOT_HEADER, cleared), csv(asHome("slot", "show", s(), "-o", "csv")));
        JsonNode shown = json(asAuditor("slot", "show", s(), "-o", "json"));
        assertEquals(1675, shown.get("clearing").get("segments").get(0).get("clearingPrice").asLong());
        assertEquals("UNIFORM_PRICE", shown.get("terms").get("mechanism").asText());
        assertEquals(List.of(SLOT_HEADER, row(next.toString(), "OPEN", operator.operator().slot(next).gateClosure())),
                table(asHome("slot", "show", next.toString())));

        List<List<String>> filled = table(asHome("order", "list", "--slot", s()));
        List<String> buyRow = filled.stream().filter(r -> r.get(0).equals(buyId)).findFirst().orElseThrow();
        assertEquals(row(buyId, "cli-" + RUN + "-b", HOME, s(), "BUY", "1.500", "21.50", "OPEN", "1.000"), buyRow);
    }

    @Test
    @Order(8)
    void meterRecordOnlyByTheMeterOnlyAfterDeliveryOnlyOnce() throws Exception {
        String[] home = {"meter", "record", "--participant", HOME, "--slot", s(), "--imported-kwh", "1.4",
            "--exported-kwh", "0", "--meter-id", "m-home-001"};
        refused(asMeter(home), "INVALID_STATE: ");
        operator.operator().advanceLedgerTime(slot.endInstant());
        refused(asOperator(home), "FORBIDDEN: ");

        List<String> header = row("PARTICIPANT", "SLOT", "IMPORTED KWH", "EXPORTED KWH", "METER", "TX");
        List<List<String>> t = table(asMeter(home));
        assertEquals(header, t.get(0));
        assertEquals(row(HOME, s(), "1.400", "0.000", "m-home-001"), t.get(1).subList(0, 5));
        assertEquals(64, t.get(1).get(5).length(), "a transaction id");
        JsonNode biz = json(asMeter("meter", "record", "--participant", BIZ, "--slot", s(), "--imported-kwh", "0",
                "--exported-kwh", "1", "--meter-id", "m-biz-001", "-o", "json"));
        assertEquals(1_000, biz.get("exportedWh").asLong());
        assertEquals("GridOrgMSP", biz.get("recordedMsp").asText());
        List<List<String>> c = csv(asMeter("meter", "record", "--participant", HOME2, "--slot", s(), "--imported-kwh",
                "0.3", "--exported-kwh", "0", "--meter-id", "m-home-002", "-o", "csv"));
        assertEquals(header, c.get(0));
        assertEquals(row(HOME2, s(), "0.300", "0.000", "m-home-002"), c.get(1).subList(0, 5));

        refused(asMeter(home), "ALREADY_EXISTS: ");
    }

    @Test
    @Order(9)
    void operatorClockOnceClosesAndClearsEverySlotWhoseGateHasPassed() throws Exception {
        // Ledger time = the slot's end: the clock starts at the slot of that instant and handles each
        // slot whose gate closure is not after it.
        Instant now = slot.endInstant();
        List<String> expected = new ArrayList<>();
        for (Slot s = market.slotAt(now); !market.gateClosure(s).isAfter(now); s = market.next(s)) {
            expected.add(s + " CLEARED");
        }
        CliRun r = asOperator("operator", "clock", "--once");
        r.assertDone();
        assertEquals(expected, r.out().lines().toList());
        CliRun again = asOperator("operator", "clock", "--once");
        assertEquals(expected, again.assertDone().out().lines().toList(), "the stored results: nothing changes");
        CliRun forbidden = asMeter("operator", "clock", "--once");
        assertEquals(P2pe.EXIT_REFUSED, forbidden.status(), forbidden.err());
        assertTrue(forbidden.out().startsWith(market.slotAt(now) + " FAILED: FORBIDDEN: "), forbidden.out());
    }

    @Test
    @Order(10)
    void settlementShowPrintsTheSettlementLineInEachFormat() throws Exception {
        refused(asHome("settlement", "show", "--slot", s()), "NOT_FOUND: ");
        operator.operator().settleSlot(slot);
        SettlementRecord mine;
        try (P2peConnection home = P2peConnection.connect(P2peConfig.fromProfile(profiles.resolve(RETAILER + ".json"),
                "home-001"))) {
            mine = home.participant().settlement(slot);
        }
        SettlementLine l = mine.line();
        List<String> header = row("SLOT", "IMPORTED KWH", "EXPORTED KWH", "BOUGHT KWH", "SOLD KWH", "NET JPY",
                "BASELINE JPY", "SAVINGS JPY");
        List<String> line = row(s(), "1.400", "0.000", "1.000", "0.000", Units.jpy(l.netCost()), Units.jpy(l.baselineCost()),
                Units.jpy(l.savings()));
        assertEquals(List.of(header, line), table(asHome("settlement", "show", "--slot", s())));
        assertEquals(List.of(header, line), csv(asHome("settlement", "show", "--slot", s(), "-o", "csv")));
        JsonNode j = json(asHome("settlement", "show", "--slot", s(), "-o", "json"));
        assertEquals(HOME, j.get("participant").asText());
        assertEquals(1_400, j.get("line").get("importedWh").asLong());
        assertEquals(1_000, j.get("line").get("boughtWh").asLong());
        assertEquals(l.netCost(), j.get("line").get("netCost").asLong());
        assertEquals(1_000, j.get("deliveredWh").asLong());
        List<List<String>> sold = table(asBiz("settlement", "show", "--slot", s()));
        assertEquals(header, sold.get(0));
        assertEquals(row(s(), "0.000", "1.000", "0.000", "1.000"), sold.get(1).subList(0, 5));
        refused(asMeter("settlement", "show", "--slot", s()), "");
    }

    private static final List<String> PROVENANCE_HEADER = List.of("CONSUMER", "SLOT", "GENERATOR", "SOURCE", "LOCATION",
            "RENEWABLE", "DELIVERED KWH");

    @Test
    @Order(11)
    void provenanceShowExportAndVerifyInEachFormat() throws Exception {
        List<String> solar = row(HOME, s(), BIZ, "solar", BIZ_LOCATION, "true", "1.000");
        assertEquals(List.of(PROVENANCE_HEADER, solar), table(asHome("provenance", "show", "--from", s())));
        assertEquals(List.of(PROVENANCE_HEADER, solar), csv(asAuditor("provenance", "show", "--consumer", HOME, "--from",
                s(), "--to", s(), "-o", "csv")));
        JsonNode j = json(asHome("provenance", "show", "--from", s(), "-o", "json"));
        assertEquals(1, j.size());
        assertEquals(1_000, j.get(0).get("provenance").get("deliveredWh").asLong());
        assertEquals(1_000, j.get(0).get("provenance").get("renewableWh").asLong());
        assertTrue(table(asAuditor("provenance", "show", "--area", "tokyo/setagaya", "--from", s())).contains(solar));
        refused(asBiz("provenance", "show", "--consumer", HOME, "--from", s()), "FORBIDDEN: ");
        refused(asOperator("provenance", "show", "--from", s()),
                "option '--consumer' is required: the identity names no participant");

        String settleTx = j.get(0).get("settleTxId").asText();
        String exported = HOME + "," + s() + "," + BIZ + ",solar," + BIZ_LOCATION + ",true,1000,1000," + buyId + ","
                + sellId + "," + settleTx;
        List<String> csvExport = List.of("consumer,slot,generator,sourceType,location,renewable,contractedWh,deliveredWh,"
                + "buyOrderId,sellOrderId,settleTxId", exported);
        assertEquals(csvExport, asHome("provenance", "export", "--from", s(), "-o", "csv").assertDone().out().lines()
                .toList());
        assertEquals(csvExport, asHome("provenance", "export", "--from", s()).assertDone().out().lines().toList(),
                "export is CSV unless -o json");
        JsonNode ej = json(asAuditor("provenance", "export", "--consumer", HOME, "--from", s(), "-o", "json"));
        assertEquals(j, ej, "the records as provenance show -o json prints them");

        List<String> header = row("CONSUMER", "SLOT", "RESULT", "PROBLEMS");
        assertEquals(List.of(header, row(HOME, s(), "OK")), table(asHome("provenance", "verify", "--from", s())));
        assertEquals(List.of(header, row(HOME, s(), "OK", "")), csv(asAuditor("provenance", "verify", "--consumer", HOME,
                "--from", s(), "-o", "csv")));
        JsonNode v = json(asHome("provenance", "verify", "--from", s(), "-o", "json"));
        assertEquals(HOME, v.get(0).get("consumer").asText());
        assertEquals(0, v.get(0).get("problems").size());
    }

    @Test
    @Order(12)
    void aTransportFailureExitsOne() throws Exception {
        // The home's profile with its peer endpoint on a port nothing listens on (paths made absolute).
        ObjectNode profile = (ObjectNode) JSON.readTree(profiles.resolve(RETAILER + ".json").toFile());
        profile.put("peerEndpoint", "localhost:1");
        if (profile.has("tlsCaCert")) {
            profile.put("tlsCaCert", profiles.resolve(profile.get("tlsCaCert").asText()).toString());
        }
        profile.get("identities").forEach(identity -> identity.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                ((ObjectNode) identity).put(e.getKey(), profiles.resolve(e.getValue().asText()).toString());
            }
        }));
        Path dead = Files.writeString(tmp.resolve("dead.json"), JSON.writeValueAsString(profile));
        CliRun r = CliRun.of("slot", "show", s(), "--profile", dead.toString(), "--identity", "home-001");
        System.out.printf("p2pe slot show %s on a closed port -> %d%n%s%s", s(), r.status(), r.out(), r.err());
        assertEquals(P2pe.EXIT_INTERNAL, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(P2pe.ERROR_PREFIX), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static String[] plus(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
