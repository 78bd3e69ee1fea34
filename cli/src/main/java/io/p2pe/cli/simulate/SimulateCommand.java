package io.p2pe.cli.simulate;

import io.p2pe.cli.P2pe;
import io.p2pe.cli.RefusedInputException;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.agents.Season;
import io.p2pe.sdk.agents.SolarModel;
import io.p2pe.sdk.agents.Weather;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pe simulate}: a trading day of a community of agents on a running network, and its
 * report. See {@code docs/simulation.md}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = VerifyReportCommand.class,
        description = {"Simulate a trading day on the running network: onboard a community of agents, trade every "
                + "slot (orders, close, clear, meter readings, settlement) and write a report read back from the "
                + "ledger.",
            "Exit status: 0 done (report totals equal the ledger's); 1 a ledger or network failure, or totals that "
                + "differ; 2 refused input."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Built-in scenario: higashi-fuji (default), miyagi, setagaya.")
    private String scenarioName;

    @Option(names = "--scenario-file", paramLabel = "FILE", description = "A scenario file (YAML, or JSON if *.json).")
    private Path scenarioFile;

    @Option(names = "--mechanism", paramLabel = "MECHANISM",
            description = "UNIFORM_PRICE, PAY_AS_BID or OPTIMAL (default: the scenario's).")
    private Mechanism mechanism;

    @Option(names = "--objective", paramLabel = "OBJECTIVE",
            description = "OPTIMAL's objective: MAX_WELFARE (default), MAX_VOLUME, MAX_MIN_SURPLUS.")
    private Objective objective;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "The simulated day, after today (default: the first day from the day after tomorrow "
                    + "that this ledger has not traded yet).")
    private String date;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default 1).")
    private long seed;

    @Option(names = "--season", paramLabel = "SEASON", description = "SUMMER, WINTER or SPRING (default: the "
            + "scenario's).")
    private Season season;

    @Option(names = "--weather", paramLabel = "WEATHER", description = "SUNNY or CLOUDY (default: the scenario's).")
    private Weather weather;

    @Option(names = "--from", paramLabel = "HH:MM", defaultValue = "00:00",
            description = "First slot of the day to trade (default 00:00).")
    private String from;

    @Option(names = "--slots", paramLabel = "N", description = "How many slots to trade (default: to the end of the "
            + "day).")
    private Integer slotCount;

    @Option(names = "--report", paramLabel = "DIR", description = "Report directory (default reports/<scenario>).")
    private Path reportDir;

    @Option(names = "--profile-dir", paramLabel = "DIR",
            description = "The network's state directory with profiles/ (default $P2PE_NETWORK_DIR, else .network).")
    private Path profileDir;

    @Option(names = "--network-script", paramLabel = "FILE",
            description = "network.sh, to enroll identities (default: test-network-scripts/network.sh of the working "
                    + "directory, of the profile directory's parent, or of the checkout the jar was built in).")
    private Path networkScript;

    @Option(names = "--list-identities",
            description = "Print the identities the run needs, one 'ORG NAME ROLE PARTICIPANT' line each, and exit "
                    + "(simulate.sh enrolls the missing ones in one batch).")
    private boolean listIdentities;

    @Override
    public Integer call() throws RefusedInputException, IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario = scenario();
        Season s = season != null ? season : orDefault(scenario.season(), Season.SPRING);
        Weather w = weather != null ? weather : orDefault(scenario.weather(), Weather.SUNNY);
        Mechanism m = mechanism != null ? mechanism : orDefault(scenario.mechanism(), Mechanism.UNIFORM_PRICE);
        Objective o = m != Mechanism.OPTIMAL ? null
                : objective != null ? objective : orDefault(scenario.objective(), Objective.MAX_WELFARE);
        int first = Community.timeOfDay(from, "--from");
        if (first >= SolarModel.SLOTS_PER_DAY) {
            throw new RefusedInputException("--from must be a time of day before 24:00, got " + from);
        }
        int count = slotCount == null ? SolarModel.SLOTS_PER_DAY - first : slotCount;
        if (count < 1 || first + count > SolarModel.SLOTS_PER_DAY) {
            throw new RefusedInputException("--slots must be 1-" + (SolarModel.SLOTS_PER_DAY - first)
                    + " from " + from + ", got " + count);
        }
        Path home = profileDir != null ? profileDir
                : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
        NetworkDirectory network = new NetworkDirectory(home, networkScript != null ? networkScript
                : defaultScript(home));
        Community community = Community.build(scenario, s, w, seed, network.orgs());
        if (listIdentities) {
            for (TradingDay.IdentityRequest r : TradingDay.identities(community)) {
                out.println(r.org() + " " + r.name() + " " + r.role() + " " + (r.participant() == null ? "-"
                        : r.participant()));
            }
            out.flush();
            return 0;
        }
        Path dir = reportDir != null ? reportDir : Path.of("reports", scenario.name());
        Progress progress = new Progress(err, System.console() != null);
        long started = System.nanoTime();
        progress.note("simulate: " + scenario.name() + ", " + community.participants().size() + " participants, "
                + m + ", " + s.name().toLowerCase(java.util.Locale.ROOT) + "/" + w.name().toLowerCase(java.util.Locale.ROOT)
                + ", seed " + seed + ", network " + network.home());
        try (TradingDay day = TradingDay.connect(network, community, progress)) {
            MarketSettings market = day.configure(scenario, m, o, latestDate());
            progress.note("onboarding " + community.participants().size() + " participants");
            day.onboard();
            LocalDate d = chooseDate(day, first, count);
            List<Slot> slots = TradingDay.slots(d, first, count);
            progress.note("market: " + market.mechanism() + (market.objective() == null ? "" : " " + market.objective())
                    + ", retail " + Fmt.price(market.retailTariff()) + ", buy-back " + Fmt.price(market.buyBackTariff())
                    + " JPY/kWh (config version " + market.version() + "); trading " + slots.get(0) + " … "
                    + slots.get(slots.size() - 1));
            long tradingStarted = System.nanoTime();
            day.run(slots, market);
            long wall = (System.nanoTime() - tradingStarted) / 1_000_000_000L;
            progress.note("reading the day back from the ledger");
            ReportData.Meta meta = new ReportData.Meta(scenario.name(), scenario.description(), m.name(),
                    o == null ? null : o.name(), d.toString(), s.name(), w.name(), seed, slots.get(0).toString(),
                    slots.get(slots.size() - 1).toString(), 0, 0, 0, day.orders(), day.transactions(), wall);
            ReportData report = LedgerReader.read(day, community, slots, meta);
            Path html = ReportWriter.write(report, dir);
            summary(out, report, html, (System.nanoTime() - started) / 1_000_000_000L);
            if (!ReportWriter.totalsMatch(report)) {
                err.println(P2pe.ERROR_PREFIX + "simulate: the report's totals " + report.totals()
                        + " differ from the ledger's settlement summaries " + report.ledgerTotals());
                return 1;
            }
            return 0;
        } catch (P2peException | LedgerRefusal e) {
            String hint = e.getMessage().contains("peer.authentication.timewindow")
                    ? " (the simulation stamps meter readings and settlement with the simulated delivery time; these "
                    + "peers run with Fabric's 15-minute window, a network started from the current network/ definition "
                    + "accepts a year: network.sh down && network.sh up)" : "";
            err.println(P2pe.ERROR_PREFIX + "simulate: " + e.getMessage().replaceAll("\\s+", " ") + hint);
            return 1;
        }
    }

    /**
     * {@code test-network-scripts/network.sh} of the working directory, of the network
     * directory's parent, or of the checkout this jar was built in ({@code cli/target/p2pe.jar}).
     */
    private static Path defaultScript(Path home) {
        Path rel = Path.of("test-network-scripts", "network.sh");
        List<Path> candidates = new java.util.ArrayList<>(List.of(rel.toAbsolutePath(),
                home.toAbsolutePath().normalize().resolveSibling(rel.toString())));
        try {
            Path jar = Path.of(SimulateCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null && jar.getParent().getParent() != null
                    && jar.getParent().getParent().getParent() != null) {
                candidates.add(jar.getParent().getParent().getParent().resolve(rel));
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // no code source location: the other candidates remain
        }
        return candidates.stream().filter(java.nio.file.Files::isExecutable).findFirst().orElse(candidates.get(0));
    }

    private Scenario scenario() throws RefusedInputException {
        if (scenarioName != null && scenarioFile != null) {
            throw new RefusedInputException("give --scenario or --scenario-file, not both");
        }
        Scenario s = scenarioFile != null ? ScenarioLoader.file(scenarioFile)
                : ScenarioLoader.builtIn(scenarioName == null ? "higashi-fuji" : scenarioName);
        if (s.name() == null || !s.name().matches("[A-Za-z0-9._-]{1,40}")) {
            throw new RefusedInputException("scenario 'name' must be 1-40 characters of [A-Za-z0-9._-], got '"
                    + s.name() + "'");
        }
        return s;
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** How many days a default date is searched for after tomorrow. */
    private static final int SEARCH_DAYS = 30;

    /** The latest day the run may trade: the given one, or the end of the default search. */
    private LocalDate latestDate() throws RefusedInputException {
        return date != null ? parseDate() : LocalDate.now(TradingDay.ZONE).plusDays(1 + SEARCH_DAYS);
    }

    private LocalDate parseDate() throws RefusedInputException {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new RefusedInputException("--date must be YYYY-MM-DD, got '" + date + "'");
        }
    }

    /** The given day, refused if already traded; or the first unused day from the day after tomorrow. */
    private LocalDate chooseDate(TradingDay day, int first, int count)
            throws RefusedInputException, P2peException, LedgerRefusal {
        LocalDate tomorrow = LocalDate.now(TradingDay.ZONE).plusDays(1);
        if (date != null) {
            LocalDate d = parseDate();
            if (d.isBefore(tomorrow)) {
                throw new RefusedInputException("--date must be after today (a day is traded before it is "
                        + "delivered), got " + d);
            }
            if (!day.unused(TradingDay.slots(d, first, count))) {
                throw new RefusedInputException("the ledger has traded " + d + " already; choose another --date");
            }
            return d;
        }
        for (LocalDate d = tomorrow.plusDays(1); !d.isAfter(tomorrow.plusDays(SEARCH_DAYS)); d = d.plusDays(1)) {
            if (day.unused(TradingDay.slots(d, first, count))) {
                return d;
            }
        }
        throw new RefusedInputException("every day of the next " + SEARCH_DAYS + " has been traded on this ledger; "
                + "give --date");
    }

    private static void summary(PrintWriter out, ReportData r, Path html, long totalSeconds) {
        ReportData.Headline h = r.headline();
        ReportData.Meta m = r.meta();
        out.println("report: " + html.toAbsolutePath().normalize());
        out.println("community savings vs grid only: " + Fmt.percent(h.communitySavingsBasisPoints()) + " ("
                + Fmt.jpy(h.communityBaselineCost() - h.communityNetCost()) + " of " + Fmt.jpy(h.communityBaselineCost())
                + " JPY)");
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
        out.println("report totals equal the ledger's settlement totals: "
                + (ReportWriter.totalsMatch(r) ? "yes" : "NO"));
        out.println("wall time: " + m.wallSeconds() + " s trading " + r.slots().size() + " slots (" + m.orders()
                + " orders, " + m.transactions() + " transactions), " + totalSeconds + " s in all");
        out.flush();
    }
}
