package io.p2pe.cli;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.sdk.P2peException;
import io.p2pe.simulator.Clearing;
import io.p2pe.simulator.Simulation;
import io.p2pe.simulator.SimulationInputException;
import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.Weather;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
final class SimulateCommand implements Callable<Integer> {
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

    @Option(names = "--clearing", paramLabel = "HOW", defaultValue = "built-in",
            description = "built-in (default): the ledger's engine clears each slot at gate closure. proposals "
                    + "(needs --mechanism OPTIMAL): a solver at each of ExchangeOrg (engine), RetailerOrg (greedy, "
                    + "seeded) and GridOrg (LP) proposes a matching during a 5-minute window after gate closure; the "
                    + "ledger keeps the best, its engine's result competing, and the report shows who won each slot.")
    private String clearing;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "The simulated day (default: the first day from the day after tomorrow that this ledger "
                    + "has not traded yet). The market runs on the ledger clock, which never goes back: a day before "
                    + "it moves to the first unused day after it.")
    private String date;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default 1).")
    private long seed;

    @Option(names = "--season", paramLabel = "SEASON", description = "SUMMER, WINTER or SPRING (default: the "
            + "scenario's if it names one, else the simulated date's: June-August SUMMER, December-February WINTER, "
            + "else SPRING).")
    private Season season;

    @Option(names = "--weather", paramLabel = "WEATHER", description = "SUNNY or CLOUDY (default: the scenario's).")
    private Weather weather;

    @Option(names = "--from", paramLabel = "HH:MM", defaultValue = "00:00",
            description = "First slot of the day to trade (default 00:00).")
    private String from;

    @Option(names = "--slots", paramLabel = "N", description = "How many slots to trade (default: to the end of the "
            + "day).")
    private Integer slotCount;

    @Option(names = "--sealed-book", description = "Trade the day with a SEALED order book: orders sealed to their "
            + "org's key, each org's admin reveals after every CloseSlot (docs/privacy.md).")
    boolean sealedBook;
    @Option(names = "--no-dr", description = "Run the day without the scenario's demand-response events, to compare.")
    private boolean noDemandResponse;

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
    public Integer call() throws SimulationInputException, IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = profileDir != null ? profileDir
                : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
        Simulation.Options options = new Simulation.Options(scenarioName, scenarioFile, mechanism, objective,
                parseDate(), seed, season, weather, from, slotCount, reportDir, home,
                networkScript != null ? networkScript : defaultScript(home), Clearing.parse(clearing), !noDemandResponse,
                sealedBook);
        if (listIdentities) {
            Simulation.identityLines(options).forEach(out::println);
            out.flush();
            return 0;
        }
        try {
            Simulation.Result result = Simulation.run(options, err, System.console() != null);
            Simulation.summary(out, result);
            if (!result.totalsMatch()) {
                err.println(P2pe.ERROR_PREFIX + "simulate: the report's totals " + result.report().totals()
                        + " differ from the ledger's settlement summaries " + result.report().ledgerTotals());
                return 1;
            }
            return 0;
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + "simulate: " + e.getMessage().replaceAll("\\s+", " "));
            return 1;
        }
    }

    private LocalDate parseDate() throws SimulationInputException {
        if (date == null) {
            return null;
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new SimulationInputException("--date must be YYYY-MM-DD, got '" + date + "'");
        }
    }

    /**
     * {@code test-network-scripts/network.sh} of the working directory, of the network
     * directory's parent, or of the checkout this jar was built in ({@code cli/target/p2pe.jar}).
     */
    private static Path defaultScript(Path home) {
        Path rel = Path.of("test-network-scripts", "network.sh");
        List<Path> candidates = new ArrayList<>(List.of(rel.toAbsolutePath(),
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
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(candidates.get(0));
    }
}
