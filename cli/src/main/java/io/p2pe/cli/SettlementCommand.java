package io.p2pe.cli;

import io.p2pe.market.Units;
import io.p2pe.market.settlement.SettlementLine;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe settlement show}. */
@Command(name = "settlement", mixinStandardHelpOptions = true, description = "Your settlement per slot.",
        subcommands = {SettlementCommand.Show.class})
final class SettlementCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Your settlement of a settled slot, with the grid-only baseline.")
    static final class Show extends LedgerCommand {
        @Option(names = "--slot", required = true, description = "Slot start.")
        String slot;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            SettlementRecord r = c.participant().settlement(slot(c, "--slot", slot));
            SettlementLine l = r.line();
            Output.write(out, connection.output, r, new Output.Table(
                    List.of("SLOT", "IMPORTED KWH", "EXPORTED KWH", "BOUGHT KWH", "SOLD KWH", "NET JPY", "BASELINE JPY",
                            "SAVINGS JPY"),
                    List.of(List.of(r.slot(), Units.kwh(l.importedWh()), Units.kwh(l.exportedWh()),
                            Units.kwh(l.boughtWh()), Units.kwh(l.soldWh()), Units.jpy(l.netCost()),
                            Units.jpy(l.baselineCost()), Units.jpy(l.savings())))));
            return 0;
        }
    }
}
