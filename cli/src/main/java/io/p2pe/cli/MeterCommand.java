package io.p2pe.cli;

import io.p2pe.market.Units;
import io.p2pe.protocol.MeterReading;
import io.p2pe.protocol.Participant;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe meter record}. */
@Command(name = "meter", mixinStandardHelpOptions = true, description = "Meter readings (meter identities).",
        subcommands = {MeterCommand.Record.class})
final class MeterCommand {

    @Command(name = "record", mixinStandardHelpOptions = true, description = "Record a participant's reading for a slot.")
    static final class Record extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "Participant id, e.g. RetailerOrgMSP:home-001.")
        String participant;
        @Option(names = "--slot", required = true, description = "Slot start.")
        String slot;
        @Option(names = "--imported-kwh", required = true, converter = HumanUnits.Kwh.class,
                description = "Energy drawn from the grid, kWh (up to 3 decimals).")
        long importedWh;
        @Option(names = "--exported-kwh", required = true, converter = HumanUnits.Kwh.class,
                description = "Energy fed into the grid, kWh (up to 3 decimals).")
        long exportedWh;
        @Option(names = "--meter-id", required = true, description = "The meter's id.")
        String meterId;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            MeterReading r = c.operator().recordMeterReading(new MeterReadingRequest(participant,
                    slot(c, "--slot", slot), importedWh, exportedWh, meterId));
            Output.write(out, connection.output, r, new Output.Table(
                    List.of("PARTICIPANT", "SLOT", "IMPORTED KWH", "EXPORTED KWH", "METER", "TX"),
                    List.of(List.of(r.participant(), r.slot(), Units.kwh(r.importedWh()), Units.kwh(r.exportedWh()),
                            r.meterId(), r.txId()))));
            return 0;
        }
    }
}
