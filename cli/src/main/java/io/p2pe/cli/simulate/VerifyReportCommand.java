package io.p2pe.cli.simulate;

import io.p2pe.cli.P2pe;
import io.p2pe.cli.RefusedInputException;
import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
    public Integer call() throws RefusedInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = reportDir.resolve("report.json");
        ReportData report;
        try {
            report = ReportWriter.JSON.readValue(Files.readString(file), ReportData.class);
        } catch (IOException e) {
            throw new RefusedInputException("cannot read " + file + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
        Path home = profileDir != null ? profileDir
                : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
        NetworkDirectory network = new NetworkDirectory(home, home.resolveSibling("test-network-scripts")
                .resolve("network.sh"));
        try (P2peConnection op = P2peConnection.connect(network.config("ExchangeOrg", "operator"))) {
            long[] sum = new long[9];
            for (ReportData.SlotRow row : report.slots()) {
                SlotState.SettlementSummary s = op.operator().slot(Slot.parse(row.slot(), 30)).settlement();
                if (s == null) {
                    err.println(P2pe.ERROR_PREFIX + "simulate verify: slot " + row.slot() + " is not settled");
                    return 1;
                }
                long[] v = {s.participants(), s.importedWh(), s.exportedWh(), s.deliveredWh(), s.renewableDeliveredWh(),
                    s.netCost(), s.baselineCost(), s.savings(), s.co2AvoidedMg()};
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
            }
            ReportData.Totals ledger = new ReportData.Totals(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6],
                    sum[7], sum[8]);
            if (!ledger.equals(report.totals())) {
                err.println(P2pe.ERROR_PREFIX + "simulate verify: the report's totals " + report.totals()
                        + " differ from the ledger's " + ledger);
                return 1;
            }
            out.println("OK: the totals of " + report.slots().size() + " slots (" + ledger.participants()
                    + " settlement lines, " + Fmt.kwh(ledger.deliveredWh()) + " kWh delivered P2P, savings "
                    + Fmt.jpy(ledger.savings()) + " JPY) equal the ledger's settlement summaries");
            out.flush();
            return 0;
        } catch (ConfigurationException e) {
            throw new RefusedInputException(e.getMessage());
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + "simulate verify: " + e.getMessage().replaceAll("\\s+", " "));
            return 1;
        }
    }
}
