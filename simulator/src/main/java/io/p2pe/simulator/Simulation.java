package io.p2pe.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.SolarModel;
import io.p2pe.simulator.agents.Weather;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulated trading day on a running network, from options to report: the scenario, the
 * community, the identities, the market configuration on the ledger clock, the day, and the report
 * read back from the ledger. Front ends ({@code p2pe simulate}) parse options into {@link Options}
 * and print {@link #summary}.
 */
public final class Simulation {
    /** The built-in scenario used when none is named. */
    public static final String DEFAULT_SCENARIO = "higashi-fuji";
    /** How many days a default date is searched for. */
    private static final int SEARCH_DAYS = 30;

    private Simulation() {
    }

    /**
     * What to simulate; null fields take the scenario's value or the default.
     *
     * @param scenarioName a built-in scenario, or null
     * @param scenarioFile a scenario file (YAML, or JSON if {@code *.json}), or null
     * @param mechanism overrides the scenario's
     * @param objective OPTIMAL's objective, overrides the scenario's
     * @param date the simulated day, or null for the first day from the day after tomorrow that the
     *     ledger can still trade
     * @param seed random seed
     * @param season overrides the scenario's; with neither, the season follows the simulated date
     * @param weather overrides the scenario's
     * @param from first slot of the day, {@code HH:MM}
     * @param slotCount slots to trade, or null to the end of the day
     * @param reportDir report directory, or null for {@code reports/<scenario>}
     * @param networkHome the network's state directory ({@code profiles/})
     * @param networkScript {@code network.sh}, to enroll identities
     * @param clearing built-in (null too) or proposals (OPTIMAL only)
     * @param demandResponse whether the scenario's DR events take place (false: the same day without
     *     them, to compare)
     * @param sealedBook trade with a SEALED order book: each org's admin seals and reveals (docs/privacy.md)
     */
    public record Options(String scenarioName, Path scenarioFile, Mechanism mechanism, Objective objective,
                          LocalDate date, long seed, Season season, Weather weather, String from, Integer slotCount,
                          Path reportDir, Path networkHome, Path networkScript, Clearing clearing,
                          boolean demandResponse, boolean sealedBook) {
    }

    /**
     * A finished run.
     *
     * @param report what was read back from the ledger
     * @param html the report's HTML page
     * @param totalSeconds wall time of the whole run
     */
    public record Result(ReportData report, Path html, long totalSeconds) {
        /** Whether the report's totals equal the ledger's settlement summaries. */
        public boolean totalsMatch() {
            return ReportWriter.totalsMatch(report);
        }
    }

    /** The scenario the options name, checked. */
    public static Scenario scenario(Options o) throws SimulationInputException {
        if (o.scenarioName() != null && o.scenarioFile() != null) {
            throw new SimulationInputException("give --scenario or --scenario-file, not both");
        }
        Scenario s = o.scenarioFile() != null ? ScenarioLoader.file(o.scenarioFile())
                : ScenarioLoader.builtIn(o.scenarioName() == null ? DEFAULT_SCENARIO : o.scenarioName());
        if (s.name() == null || !s.name().matches("[A-Za-z0-9._-]{1,40}")) {
            throw new SimulationInputException("scenario 'name' must be 1-40 characters of [A-Za-z0-9._-], got '"
                    + s.name() + "'");
        }
        return s;
    }

    /** The identities a run needs, as {@code ORG NAME ROLE PARTICIPANT} lines ({@code -} for none). */
    public static List<String> identityLines(Options o) throws SimulationInputException {
        Plan plan = plan(o, seasonOf(wanted(o)));
        List<String> out = new ArrayList<>();
        for (TradingDay.IdentityRequest r : TradingDay.identities(plan.community(), plan.solvers())) {
            out.add(r.org() + " " + r.name() + " " + r.role() + " " + (r.participant() == null ? "-" : r.participant()));
        }
        return out;
    }

    private record Plan(Scenario scenario, Season season, boolean seasonFollowsDate, Weather weather,
                        Mechanism mechanism, Objective objective, Clearing clearing, List<SimSolver> solvers, int first,
                        int count, NetworkDirectory network, Community community) {
    }

    /**
     * The clearing the options ask for, checked against the mechanism: proposals compete only for
     * OPTIMAL slots (docs/market-rules.md "Proposals").
     */
    static Clearing clearing(Options o, Mechanism mechanism) throws SimulationInputException {
        Clearing c = o.clearing() == null ? Clearing.BUILT_IN : o.clearing();
        if (c == Clearing.PROPOSALS && mechanism != Mechanism.OPTIMAL) {
            throw new SimulationInputException("--clearing proposals needs --mechanism OPTIMAL (solvers compete only "
                    + "for OPTIMAL slots); the mechanism is " + mechanism);
        }
        return c;
    }

    /**
     * Why the market's role rules would refuse a solver's proposals (its MSP not among those the
     * configuration allows the {@code solver} role), or null when every solver may propose.
     */
    static String solverRoleProblem(MarketSettings market, List<SimSolver> solvers) {
        List<String> allowed = market.roleMsps() == null ? null : market.roleMsps().get("solver");
        if (allowed == null) {
            return null;
        }
        List<String> refused = solvers.stream().map(SimSolver::mspId).filter(m -> !allowed.contains(m)).toList();
        return refused.isEmpty() ? null : "the market configuration allows the solver role only from " + allowed
                + ", not from " + refused + " (roleMsps.solver); --clearing proposals runs a solver at each of "
                + solvers.stream().map(SimSolver::org).toList();
    }

    /**
     * The season of a simulated day, as the profiles know seasons ({@link Season}: June–August
     * summer, December–February winter, the rest spring, autumn behaving like spring).
     */
    static Season seasonOf(LocalDate date) {
        return switch (date.getMonth()) {
            case JUNE, JULY, AUGUST -> Season.SUMMER;
            case DECEMBER, JANUARY, FEBRUARY -> Season.WINTER;
            default -> Season.SPRING;
        };
    }

    /** The day asked for: {@code --date}, else the day after tomorrow. */
    private static LocalDate wanted(Options o) {
        return o.date() != null ? o.date() : LocalDate.now(TradingDay.ZONE).plusDays(2);
    }

    /** The run's plan; {@code dateSeason} is the simulated day's season, used unless the options or the scenario name one. */
    private static Plan plan(Options o, Season dateSeason) throws SimulationInputException {
        Scenario scenario = scenario(o);
        boolean followsDate = o.season() == null && scenario.season() == null;
        Season s = o.season() != null ? o.season() : followsDate ? dateSeason : scenario.season();
        Weather w = o.weather() != null ? o.weather() : orDefault(scenario.weather(), Weather.SUNNY);
        Mechanism m = o.mechanism() != null ? o.mechanism() : orDefault(scenario.mechanism(), Mechanism.UNIFORM_PRICE);
        Objective obj = m != Mechanism.OPTIMAL ? null
                : o.objective() != null ? o.objective() : orDefault(scenario.objective(), Objective.MAX_WELFARE);
        Clearing clearing = clearing(o, m);
        List<SimSolver> solvers = clearing == Clearing.PROPOSALS ? SimSolver.forDay(o.seed()) : List.of();
        String from = o.from() == null ? "00:00" : o.from();
        int first = Community.timeOfDay(from, "--from");
        if (first >= SolarModel.SLOTS_PER_DAY) {
            throw new SimulationInputException("--from must be a time of day before 24:00, got " + from);
        }
        int count = o.slotCount() == null ? SolarModel.SLOTS_PER_DAY - first : o.slotCount();
        if (count < 1 || first + count > SolarModel.SLOTS_PER_DAY) {
            throw new SimulationInputException("--slots must be 1-" + (SolarModel.SLOTS_PER_DAY - first)
                    + " from " + from + ", got " + count);
        }
        NetworkDirectory network = new NetworkDirectory(o.networkHome(), o.networkScript());
        Community community = Community.build(scenario, s, w, o.seed(), network.orgs(), o.demandResponse());
        return new Plan(scenario, s, followsDate, w, m, obj, clearing, solvers, first, count, network, community);
    }

    /**
     * Runs the day and writes its report; progress and set-up notes go to {@code progressOut}.
     *
     * @param terminal whether {@code progressOut} is a terminal (the bar is then redrawn in place)
     * @throws P2peException when the ledger refuses or cannot be reached
     */
    public static Result run(Options o, PrintWriter progressOut, boolean terminal)
            throws SimulationInputException, P2peException, IOException, InterruptedException {
        Plan plan = plan(o, seasonOf(wanted(o)));
        Path dir = o.reportDir() != null ? o.reportDir() : Path.of("reports", plan.scenario().name());
        Progress progress = Progress.logging(progressOut, terminal, "slots");
        long started = System.nanoTime();
        progress.note("simulate: " + plan.scenario().name() + ", " + plan.community().participants().size()
                + " participants, " + plan.mechanism() + (plan.clearing() == Clearing.PROPOSALS ? " with proposals by "
                + plan.solvers().stream().map(x -> x.name() + "@" + x.org()).toList() : "") + ", "
                + plan.season().name().toLowerCase(Locale.ROOT)
                + (plan.seasonFollowsDate() ? " (the date's)" : "") + "/"
                + plan.weather().name().toLowerCase(Locale.ROOT) + ", seed " + o.seed() + ", network "
                + plan.network().home());
        LocalDate chosen = null;
        while (true) {
            try (TradingDay day = TradingDay.connect(plan.network(), plan.community(), progress, plan.clearing(),
                    plan.solvers())) {
                if (o.sealedBook()) {
                    day.useSealedBook(plan.network());
                }
                MarketSettings market = day.configure(plan.scenario(), plan.mechanism(), plan.objective());
                String roleProblem = solverRoleProblem(market, day.solvers());
                if (roleProblem != null) {
                    throw new SimulationInputException(roleProblem);
                }
                progress.note("onboarding " + plan.community().participants().size() + " participants");
                day.onboard();
                LocalDate d = chosen != null ? chosen
                        : chooseDate(o.date(), day, market, plan.first(), plan.count(), progress);
                if (plan.seasonFollowsDate() && seasonOf(d) != plan.season()) {
                    // The ledger clock moved the day into another season: the community's profiles
                    // are drawn for the season, so they are drawn again for the day that is traded.
                    progress.note("simulate: " + d + " is in " + seasonOf(d).name().toLowerCase(Locale.ROOT)
                            + "; drawing the community's profiles for it");
                    plan = plan(o, seasonOf(d));
                    chosen = d;
                    continue;
                }
                return trade(o, plan, day, market, d, dir, progress, started);
            }
        }
    }

    private static Result trade(Options o, Plan plan, TradingDay day, MarketSettings market, LocalDate d, Path dir,
                                Progress progress, long started) throws P2peException, IOException {
        List<Slot> slots = TradingDay.slots(d, plan.first(), plan.count());
        progress.note("market: " + market.mechanism() + (market.objective() == null ? "" : " " + market.objective())
                + ", retail " + Fmt.price(market.retailTariff()) + ", buy-back " + Fmt.price(market.buyBackTariff())
                + " JPY/kWh (config version " + market.version() + "), " + market.clockMode() + " clock"
                + (plan.clearing() == Clearing.PROPOSALS ? ", proposal window " + market.proposalWindowMinutes() + " min"
                : "")
                + (day.ledgerTime() == null ? "" : " at " + day.ledgerTime()) + "; trading " + slots.get(0) + " … "
                + slots.get(slots.size() - 1));
        long tradingStarted = System.nanoTime();
        day.run(slots, market);
        long wall = (System.nanoTime() - tradingStarted) / 1_000_000_000L;
        progress.note("reading the day back from the ledger");
        ReportData.Meta meta = new ReportData.Meta(plan.scenario().name(), plan.scenario().description(),
                plan.mechanism().name(), plan.objective() == null ? null : plan.objective().name(), d.toString(),
                plan.season().name(), plan.weather().name(), o.seed(), slots.get(0).toString(),
                slots.get(slots.size() - 1).toString(), 0, 0, 0, day.orders(), day.transactions(), wall);
        ReportData report = LedgerReader.read(day, plan.community(), slots, meta);
        Path html = ReportWriter.write(report, dir);
        return new Result(report, html, (System.nanoTime() - started) / 1_000_000_000L);
    }

    /**
     * The day to trade. The ledger clock only moves forward, so a day whose trading would start
     * before the ledger time cannot be traded any more: a given date that lies before it moves to
     * the first unused day after it (and says so); a given date traded already is refused. Without
     * a date: the first unused day from the day after tomorrow, or from the ledger time if later.
     */
    static LocalDate chooseDate(LocalDate date, TradingDay day, MarketSettings market, int first, int count,
                                Progress progress) throws SimulationInputException, P2peException {
        Instant ledger = day.ledgerTime();
        if (date != null && tradable(date, ledger, market, first, count)) {
            if (!day.unused(TradingDay.slots(date, first, count))) {
                throw new SimulationInputException("the ledger has traded " + date + " already; choose another --date");
            }
            return date;
        }
        LocalDate wanted = date != null ? date : LocalDate.now(TradingDay.ZONE).plusDays(2);
        LocalDate start = wanted;
        while (!tradable(start, ledger, market, first, count)) {
            start = start.plusDays(1);
        }
        for (LocalDate d = start; d.isBefore(start.plusDays(SEARCH_DAYS)); d = d.plusDays(1)) {
            if (day.unused(TradingDay.slots(d, first, count))) {
                if (!start.equals(wanted)) {
                    progress.note("simulate: the ledger clock is at " + ledger + ", past the start of " + wanted
                            + " (it never goes back); trading " + d + ", the first unused day after it");
                }
                return d;
            }
        }
        throw new SimulationInputException("every day of the " + SEARCH_DAYS + " from " + start
                + " has been traded on this ledger; give --date");
    }

    /** Whether the day's trading starts at or after the ledger time (any day before the clock starts). */
    private static boolean tradable(LocalDate d, Instant ledger, MarketSettings market, int first, int count) {
        return ledger == null
                || !TradingDay.tradingStart(TradingDay.slots(d, first, count).get(0), market).isBefore(ledger);
    }

    /** The run's headline figures, one line each. */
    public static void summary(PrintWriter out, Result result) {
        ReportData r = result.report();
        ReportData.Headline h = r.headline();
        ReportData.Meta m = r.meta();
        out.println("report: " + result.html().toAbsolutePath().normalize());
        out.println("community savings vs grid only: " + Fmt.saving(h.communityBaselineCost() - h.communityNetCost(),
                h.communityBaselineCost()) + " of " + Fmt.jpy(h.communityBaselineCost()) + " JPY");
        out.println("PV surplus absorbed by EVs and batteries: " + Fmt.percent(h.pvAbsorbedBasisPoints()) + " ("
                + Fmt.kwh(h.absorbedWh()) + " of " + Fmt.kwh(h.pvExportWh()) + " kWh; flexible loads took "
                + Fmt.kwh(h.flexibleAbsorbedWh()) + " kWh)");
        out.println("average P2P buy price: " + Fmt.price(h.averageBuyPrice()) + " JPY/kWh (retail tariff "
                + Fmt.price(m.retailTariff()) + (h.evAverageBuyPrice() > 0 ? "; EVs " + Fmt.price(h.evAverageBuyPrice())
                : "") + ")");
        out.println("average P2P sell price: " + Fmt.price(h.averageSellPrice()) + " JPY/kWh (buy-back tariff "
                + Fmt.price(m.buyBackTariff()) + ")");
        out.println("renewable share: " + Fmt.percent(h.renewableShareBasisPoints()) + "; CO2 avoided: "
                + Fmt.kgCo2(h.co2AvoidedMg()) + " kg");
        if (r.competition() != null) {
            out.println("slots won: " + String.join(", ", r.competition().wins().stream()
                    .map(w -> w.candidate() + (w.org() == null ? "" : " (" + w.org() + ", " + w.method() + ")") + " "
                            + w.slots()).toList()));
        }
        for (ReportData.DrOutcome e : r.demandResponse()) {
            out.println("demand response " + e.eventId() + " " + e.direction() + " " + e.fromSlot().substring(11, 16)
                    + "–" + e.toSlot().substring(11, 16) + ": " + Fmt.kwh(e.creditedWh()) + " of " + Fmt.kwh(e.targetWh())
                    + " kWh target, " + e.pointsIssued() + " points to " + e.measured() + " participants");
        }
        out.println("report totals equal the ledger's settlement totals: " + (result.totalsMatch() ? "yes" : "NO"));
        out.println("wall time: " + m.wallSeconds() + " s trading " + r.slots().size() + " slots (" + m.orders()
                + " orders, " + m.transactions() + " transactions), " + result.totalSeconds() + " s in all");
        out.flush();
    }

    /** The report's totals and the ledger's settlement totals, read afresh. */
    public record Verification(ReportData.Totals report, ReportData.Totals ledger, int slots, String unsettledSlot) {
        /** Whether every slot is settled and the totals are equal. */
        public boolean matches() {
            return unsettledSlot == null && report.equals(ledger);
        }

        /** One line for the outcome. */
        public String describe() {
            if (unsettledSlot != null) {
                return "slot " + unsettledSlot + " is not settled";
            }
            if (!matches()) {
                return "the report's totals " + report + " differ from the ledger's " + ledger;
            }
            return "the totals of " + slots + " slots (" + ledger.participants() + " settlement lines, "
                    + Fmt.kwh(ledger.deliveredWh()) + " kWh delivered P2P, savings " + Fmt.jpy(ledger.savings())
                    + " JPY) equal the ledger's settlement summaries";
        }
    }

    /**
     * Checks a written report against the ledger independently of the run that wrote it: the
     * report's totals (summed from the participants' settlement records) must equal the sums of
     * the slots' settlement summaries the chaincode stored.
     */
    public static Verification verify(Path reportDir, Path networkHome)
            throws SimulationInputException, P2peException {
        ReportData report = readReport(reportDir.resolve("report.json"));
        NetworkDirectory network = new NetworkDirectory(networkHome, networkHome.resolveSibling("test-network-scripts")
                .resolve("network.sh"));
        try (P2peConnection op = P2peConnection.connect(network.config("ExchangeOrg", "operator"))) {
            long[] sum = new long[9];
            for (ReportData.SlotRow row : report.slots()) {
                SlotState.SettlementSummary s = op.operator().slot(Slot.parse(row.slot(), 30)).settlement();
                if (s == null) {
                    return new Verification(report.totals(), null, report.slots().size(), row.slot());
                }
                long[] v = {s.participants(), s.importedWh(), s.exportedWh(), s.deliveredWh(), s.renewableDeliveredWh(),
                    s.netCost(), s.baselineCost(), s.savings(), s.co2AvoidedMg()};
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
            }
            ReportData.Totals ledger = new ReportData.Totals(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6],
                    sum[7], sum[8]);
            return new Verification(report.totals(), ledger, report.slots().size(), null);
        } catch (ConfigurationException e) {
            throw new SimulationInputException(e.getMessage());
        }
    }

    /**
     * Reads a report for {@link #verify}, refusing one without the fields verification needs by
     * name (a report of another tool or a truncated file) instead of failing inside the mapping.
     */
    static ReportData readReport(Path file) throws SimulationInputException {
        JsonNode tree;
        try {
            tree = ReportWriter.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new SimulationInputException("cannot read " + file + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
        if (tree == null || !tree.isObject()) {
            throw new SimulationInputException(file + ": not a report (a JSON object is expected)");
        }
        for (String field : List.of("slots", "participants", "flows")) {
            if (!tree.path(field).isArray()) {
                throw new SimulationInputException(file + ": field '" + field + "' is missing or not a list");
            }
        }
        if (!tree.path("totals").isObject()) {
            throw new SimulationInputException(file + ": field 'totals' is missing or not an object");
        }
        for (int i = 0; i < tree.get("slots").size(); i++) {
            JsonNode slot = tree.get("slots").get(i).path("slot");
            if (!slot.isTextual()) {
                throw new SimulationInputException(file + ": field 'slots[" + i + "].slot' is missing or not a text");
            }
            try {
                Slot.parse(slot.asText(), 30);
            } catch (IllegalArgumentException e) {
                throw new SimulationInputException(file + ": field 'slots[" + i + "].slot': " + e.getMessage());
            }
        }
        try {
            return ReportWriter.JSON.treeToValue(tree, ReportData.class);
        } catch (IOException e) {
            throw new SimulationInputException("cannot read " + file + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
