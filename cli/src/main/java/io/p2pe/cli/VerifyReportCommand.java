package io.p2pe.cli;

import io.p2pe.sdk.P2peException;
import io.p2pe.simulator.Simulation;
import io.p2pe.simulator.SimulationInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pe simulate verify}: checks a report against the ledger independently of the run that
 * wrote it — the report's totals (summed from the participants' settlement records) must equal
 * the sums of the slots' settlement summaries the chaincode stored, read afresh.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that a simulation report's totals equal the ledger's settlement totals of its slots.",
            "Exit status: 0 equal; 1 they differ or the ledger cannot be read; 2 refused input."})
final class VerifyReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", required = true, description = "The report directory.")
    private Path reportDir;

    @Option(names = "--profile-dir", paramLabel = "DIR",
            description = "The network's state directory with profiles/ (default $P2PE_NETWORK_DIR, else .network).")
    private Path profileDir;

    @Override
    public Integer call() throws SimulationInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = profileDir != null ? profileDir
                : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
        try {
            Simulation.Verification v = Simulation.verify(reportDir, home);
            if (!v.matches()) {
                err.println(P2pe.ERROR_PREFIX + "simulate verify: " + v.describe());
                return 1;
            }
            out.println("OK: " + v.describe());
            out.flush();
            return 0;
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + "simulate verify: " + e.getMessage().replaceAll("\\s+", " "));
            return 1;
        }
    }
}
