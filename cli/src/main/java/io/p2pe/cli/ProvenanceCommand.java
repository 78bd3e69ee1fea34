package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.market.Units;
import io.p2pe.market.provenance.SourceShare;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.sdk.AuditClient;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ProvenanceVerification;
import io.p2pe.simulator.Progress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe provenance show|export|verify}. */
@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Where consumed P2P energy came from; export and verification against the ledger.",
        subcommands = {ProvenanceCommand.Show.class, ProvenanceCommand.Export.class, ProvenanceCommand.Verify.class})
final class ProvenanceCommand {

    /** Selection shared by the subcommands. */
    static final class Selection {
        @Option(names = "--consumer", description = "Consumer id (default: yourself).")
        String consumer;
        @Option(names = "--area", description = "All consumers in a grid area, e.g. tokyo/setagaya.")
        String area;
        @Option(names = "--from", required = true, description = "First slot.")
        String from;
        @Option(names = "--to", description = "Last slot (default: --from).")
        String to;

        List<ProvenanceRecord> select(P2peConnection c) throws Exception {
            Slot f = LedgerCommand.slot(c, "--from", from);
            Slot t = to == null ? f : LedgerCommand.slot(c, "--to", to);
            AuditClient audit = c.audit();
            if (area != null) {
                return audit.provenanceByArea(area, f, t);
            }
            String who = consumer != null ? consumer : c.participant().participantId();
            if (who == null) {
                throw new IllegalArgumentException("option '--consumer' is required: the identity names no participant");
            }
            return audit.provenanceByConsumer(who, f, t);
        }
    }

    static Output.Table table(List<ProvenanceRecord> records) {
        List<List<String>> rows = new ArrayList<>();
        for (ProvenanceRecord r : records) {
            for (SourceShare s : r.provenance().sources()) {
                rows.add(List.of(r.consumer(), r.slot(), s.generator(), Output.s(s.sourceType()), Output.s(s.location()),
                        Boolean.toString(s.renewable()), Units.kwh(s.deliveredWh())));
            }
        }
        return new Output.Table(List.of("CONSUMER", "SLOT", "GENERATOR", "SOURCE", "LOCATION", "RENEWABLE", "DELIVERED KWH"),
                rows);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Provenance records of a period.")
    static final class Show extends LedgerCommand {
        @picocli.CommandLine.Mixin
        Selection selection;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<ProvenanceRecord> records = selection.select(c);
            Output.write(out, connection.output, records, table(records));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export provenance records as CSV (one row per source) or JSON (--output json).")
    static final class Export extends LedgerCommand {
        @picocli.CommandLine.Mixin
        Selection selection;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<ProvenanceRecord> records = selection.select(c);
            if (connection.output == ConnectionOptions.Format.json) {
                c.audit().exportJson(records, out);
                out.println();
            } else {
                c.audit().exportCsv(records, out);
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-run each slot's clearing and check every record against the ledger. Exit 3 on a mismatch.")
    static final class Verify extends LedgerCommand {
        @picocli.CommandLine.Mixin
        Selection selection;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<ProvenanceRecord> records = selection.select(c);
            List<ProvenanceVerification> results = new ArrayList<>();
            Progress progress = Progress.terminalOnly(spec.commandLine().getErr(),
                    System.console() != null && records.size() > 1, "records");
            progress.step(0, records.size(), "verifying");
            for (ProvenanceRecord r : records) {
                results.add(c.audit().verifyProvenance(r));
                progress.step(results.size(), records.size(), "verifying");
            }
            List<List<String>> rows = new ArrayList<>();
            boolean ok = true;
            for (ProvenanceVerification v : results) {
                List<String> problems = new ArrayList<>(v.clearing().problems());
                problems.addAll(v.problems());
                ok &= v.verified();
                rows.add(List.of(v.consumer(), v.slot(), v.verified() ? "OK" : "MISMATCH", String.join("; ", problems)));
            }
            Output.write(out, connection.output, results,
                    new Output.Table(List.of("CONSUMER", "SLOT", "RESULT", "PROBLEMS"), rows));
            return ok ? 0 : 3;
        }
    }
}
