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
import io.p2pe.market.Slot;
import io.p2pe.market.Units;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.PointsBalance;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@code p2pe dr …} and {@code p2pe points …} against the network, in each output format, with
 * their refusals (exit 2): one DOWN event declared, enrolled, measured after its slot and closed,
 * then the household's points read, and a transfer and redemption refused. What the ledger
 * computed (baseline, points) is compared with the SDK's reading of the same records.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrCommandsIT {
    private static final String HOME = "RetailerOrgMSP:home-001";
    private static final String BIZ = "ExchangeOrgMSP:biz-001";
    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
    private static final String EVENT = "cli-" + RUN;
    private static final List<String> EVENT_HEADER = List.of("EVENT", "DIRECTION", "FROM", "TO", "TARGET KWH",
            "POINTS/KWH", "DEADLINE", "STATUS", "CREDITED KWH", "POINTS ISSUED");

    private final NetworkCli cli = NetworkCli.fromEnvironment();
    private P2peConnection operator;
    private MarketSettings before;
    private MarketSettings market;
    private Slot slot;
    private String deadline;

    @BeforeAll
    void setUp() throws Exception {
        operator = P2peConnection.connect(P2peConfig.fromProfile(cli.profile(EXCHANGE), "operator"));
        try {
            before = operator.participant().marketSettings();
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                throw e;
            }
        }
        if (before == null || before.clockMode() != ClockMode.LEDGER) {
            operator.operator().configureMarket((before == null ? MarketConfigRequest.builder()
                    : MarketConfigRequest.from(before)).clockMode(ClockMode.LEDGER).build());
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
        operator.operator().ensureParticipant(ParticipantRegistration.of("biz-001", "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-1").withPv(50_000, "solar"));
        market = operator.participant().marketSettings();
        slot = market.slotAt(now.plus(Duration.ofHours(3)));
        deadline = now.plus(Duration.ofHours(1)).toString();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (operator != null) {
            if (before != null && before.clockMode() != ClockMode.LEDGER) {
                operator.operator().configureMarket(MarketConfigRequest.from(before).build());
            }
            operator.close();
        }
    }

    private CliRun asHome(String... args) {
        return cli.as(RETAILER, "home-001", args);
    }

    private CliRun asOperator(String... args) {
        return cli.as(EXCHANGE, "operator", args);
    }

    private CliRun asMeter(String... args) {
        return cli.as(GRID, "meter", args);
    }

    private String[] declare(String... format) {
        List<String> args = new java.util.ArrayList<>(List.of("dr", "declare", "--event", EVENT, "--direction", "DOWN",
                "--from", slot.toString(), "--target-kwh", "1.5", "--points-per-kwh", "100", "--deadline", deadline));
        args.addAll(List.of(format));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void declareShowAndListInEachFormat() throws Exception {
        refused(asHome(declare()), "FORBIDDEN: DeclareDrEvent needs role operator");
        JsonNode e = json(asOperator(declare("-o", "json")));
        assertEquals(EVENT, e.get("eventId").asText());
        assertEquals("DOWN", e.get("direction").asText());
        assertEquals(slot.toString(), e.get("slots").get(0).asText());
        assertEquals(1_500, e.get("targetWh").asLong());
        assertEquals(100, e.get("pointsPerKwh").asLong());
        assertEquals("OPEN", e.get("status").asText());
        String stored = e.get("enrolmentDeadline").asText();
        refused(asOperator(declare()), "ALREADY_EXISTS: DeclareDrEvent: DR event " + EVENT + " exists");
        refused(asOperator("dr", "declare", "--event", "x-" + RUN, "--direction", "UP", "--from", slot.toString(),
                "--target-kwh", "1", "--points-per-kwh", "1", "--deadline", "tomorrow"), "option '--deadline'");
        List<String> row = List.of(EVENT, "DOWN", slot.toString(), slot.toString(), "1.500", "100", stored, "OPEN");
        assertEquals(List.of(EVENT_HEADER, row), table(asHome("dr", "show", "--event", EVENT)));
        List<String> csvRow = new java.util.ArrayList<>(row);
        csvRow.addAll(List.of("", ""));
        assertEquals(List.of(EVENT_HEADER, csvRow), csv(asHome("dr", "show", "--event", EVENT, "-o", "csv")));
        JsonNode all = json(asHome("dr", "list", "-o", "json"));
        assertTrue(all.isArray());
        boolean listed = false;
        for (JsonNode x : all) {
            listed |= x.get("eventId").asText().equals(EVENT);
        }
        assertTrue(listed, all.toString());
        refused(asHome("dr", "show", "--event", "no-such-" + RUN), "NOT_FOUND: no DR event no-such-" + RUN);
    }

    @Test
    @Order(2)
    void enrolAndListTheEnrolments() throws Exception {
        List<List<String>> t = table(asHome("dr", "enrol", "--event", EVENT));
        assertEquals(List.of("EVENT", "PARTICIPANT", "ENROLLED AT"), t.get(0));
        assertEquals(List.of(EVENT, HOME), t.get(1).subList(0, 2));
        refused(asOperator("dr", "enrol", "--event", EVENT), "FORBIDDEN: EnrolDrEvent needs role participant or retailer");
        List<List<String>> rows = csv(asOperator("dr", "enrolments", "--event", EVENT, "-o", "csv"));
        assertEquals(List.of("EVENT", "PARTICIPANT", "ENROLLED AT"), rows.get(0));
        assertEquals(List.of(EVENT, HOME), rows.get(1).subList(0, 2));
        assertEquals(2, rows.size());
        refused(asHome("dr", "enrolments", "--event", EVENT), "FORBIDDEN: ListDrEnrolments is for the operator");
        refused(asMeter("dr", "measure", "--event", EVENT, "--participant", HOME), "INVALID_STATE: MeasureDrPerformance");
    }

    @Test
    @Order(3)
    void measureShowThePerformanceAndClose() throws Exception {
        operator.operator().advanceLedgerTime(slot.endInstant().plus(Duration.ofMinutes(1)));
        try (P2peConnection meter = P2peConnection.connect(P2peConfig.fromProfile(cli.profile(GRID), "meter"))) {
            try {
                meter.operator().recordMeterReading(new MeterReadingRequest(HOME, slot, 500, 0, "m-home-001"));
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        JsonNode measured = json(asMeter("dr", "measure", "--event", EVENT, "--participant", HOME, "-o", "json"));
        DrPerformance p = operator.demandResponse().performance(EVENT, HOME);
        assertEquals(p.points(), measured.get("points").asLong());
        assertEquals(p.creditedWh(), measured.get("creditedWh").asLong());
        assertEquals(p.baselineStatus(), measured.get("baselineStatus").asText());
        List<List<String>> rows = csv(asHome("dr", "performance", "--event", EVENT, "--participant", HOME, "-o", "csv"));
        assertEquals(List.of("PARTICIPANT", "SLOT", "BASELINE KWH", "ACTUAL KWH", "DELIVERED KWH", "POINTS"), rows.get(0));
        if (p.slots().isEmpty()) {
            assertEquals(List.of(HOME, p.baselineStatus(), "", "", Units.kwh(p.deliveredWh()), Long.toString(p.points())),
                    rows.get(1));
        } else {
            DrPerformance.Slot s = p.slots().get(0);
            assertEquals(List.of(HOME, slot.toString(), Units.kwh(s.baselineWh()), Units.kwh(s.actualWh()),
                    Units.kwh(s.deliveredWh()), Long.toString(s.points())), rows.get(1));
        }
        refused(cli.as(EXCHANGE, "biz-001", "dr", "performance", "--event", EVENT, "--participant", HOME),
                "FORBIDDEN: GetDrPerformance of " + HOME);
        JsonNode closed = json(asOperator("dr", "close", "--event", EVENT, "-o", "json"));
        assertEquals("CLOSED", closed.get("status").asText());
        assertEquals(1, closed.get("result").get("enrolled").asInt());
        assertEquals(1, closed.get("result").get("measured").asInt());
        assertEquals(p.points(), closed.get("result").get("pointsIssued").asLong());
        refused(asMeter("dr", "measure", "--event", EVENT, "--participant", HOME), "INVALID_STATE: MeasureDrPerformance: "
                + "DR event " + EVENT + " is closed");
    }

    @Test
    @Order(4)
    void pointsBalanceHistoryAndRefusedMovements() throws Exception {
        PointsBalance b = operator.demandResponse().points(HOME);
        assertEquals(List.of(List.of("PARTICIPANT", "POINTS", "CREDITED", "REDEEMED"), List.of(HOME,
                Long.toString(b.points()), Long.toString(b.credited()), Long.toString(b.redeemed()))),
                table(asHome("points", "balance")));
        JsonNode j = json(cli.as(EXCHANGE, "auditor", "points", "balance", "--participant", HOME, "-o", "json"));
        assertEquals(b.points(), j.get("points").asLong());
        List<List<String>> history = csv(asHome("points", "history", "-o", "csv"));
        assertEquals(List.of("PARTICIPANT", "ENTRY", "KIND", "POINTS", "BALANCE", "EVENT", "SLOT", "COUNTERPARTY",
                "REFERENCE", "AT"), history.get(0));
        assertEquals(operator.demandResponse().pointsHistory(HOME).size() + 1, history.size());
        refused(asHome("points", "transfer", "--to", BIZ, "--points", Long.toString(b.points() + 1)),
                "INSUFFICIENT_POINTS: TransferPoints: " + HOME + " holds " + b.points());
        refused(asHome("points", "redeem", "--participant", HOME, "--points", "1", "--reference", "x"),
                "FORBIDDEN: RedeemPoints needs role operator");
        refused(asOperator("points", "redeem", "--participant", HOME, "--points", "0", "--reference", "x"),
                "OUT_OF_RANGE: redemption: field 'points'");
        refused(asOperator("points", "balance"), "option '--participant' is required");
        refused(cli.as(RETAILER, "home-002", "points", "history", "--participant", HOME),
                "FORBIDDEN: ListPointsEntries of " + HOME);
    }

    @Test
    @Order(5)
    void dispatchCommandsRefuseWhoMayNotAndListNothingUndispatched() throws Exception {
        refused(asHome("dr", "dispatch", "--participant", HOME, "--slot", slot.toString(), "--direction", "CHARGE",
                "--kwh", "1"), "FORBIDDEN: DispatchBattery needs role aggregator");
        assertEquals("[ ]", asHome("dr", "dispatches", "--participant", HOME, "--from", slot.toString(), "--to",
                slot.toString(), "-o", "json").out().strip());
        assertEquals(List.of(List.of("PARTICIPANT", "SLOT", "DIRECTION", "KWH", "EVENT", "AGGREGATOR", "RESPONDED KWH")),
                csv(asHome("dr", "dispatches", "--participant", HOME, "--from", slot.toString(), "--to",
                        slot.toString(), "-o", "csv")));
        refused(asMeter("dr", "response", "--participant", HOME, "--slot", slot.toString()),
                "NOT_FOUND: RecordDispatchResponse: no dispatch of \"" + HOME + "\"");
        // A usage error: exit 2, picocli's message and its hint, nothing on stdout.
        CliRun usage = asHome("dr", "dispatch", "--participant", HOME, "--slot", slot.toString(), "--direction",
                "SIDEWAYS", "--kwh", "1");
        assertEquals(P2pe.EXIT_REFUSED, usage.status());
        assertEquals("", usage.out());
        assertEquals(P2pe.ERROR_PREFIX + "Invalid value for option '--direction': expected one of [CHARGE, DISCHARGE] "
                + "(case-sensitive) but was 'SIDEWAYS'\nTry 'p2pe dr dispatch --help' for more information.\n", usage.err());
    }
}
