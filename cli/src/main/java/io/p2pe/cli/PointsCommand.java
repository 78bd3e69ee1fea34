package io.p2pe.cli;

import io.p2pe.protocol.PointsBalance;
import io.p2pe.protocol.PointsEntry;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe points balance|history|transfer|redeem}: incentive points. */
@Command(name = "points", mixinStandardHelpOptions = true, description = "Incentive points.",
        subcommands = {PointsCommand.Balance.class, PointsCommand.History.class, PointsCommand.Transfer.class,
                PointsCommand.Redeem.class})
final class PointsCommand {
    private static final List<String> ENTRY_HEADER = List.of("PARTICIPANT", "ENTRY", "KIND", "POINTS", "BALANCE",
            "EVENT", "SLOT", "COUNTERPARTY", "REFERENCE", "AT");

    private PointsCommand() {
    }

    private static List<String> row(PointsEntry e) {
        return List.of(e.participant(), e.entryId(), e.kind().name(), Long.toString(e.points()),
                Long.toString(e.balance()), Output.s(e.eventId()), Output.s(e.slot()), Output.s(e.counterparty()),
                Output.s(e.reference()), e.at());
    }

    /** The participant named by the option, or the connected one. */
    private static String participant(P2peConnection c, String option) throws Exception {
        if (option != null) {
            return option;
        }
        String me = c.participant().whoAmI().participantId();
        if (me == null) {
            throw new IllegalArgumentException("option '--participant' is required: the connected identity is no participant");
        }
        return me;
    }

    @Command(name = "balance", mixinStandardHelpOptions = true, description = "A participant's points.")
    static final class Balance extends LedgerCommand {
        @Option(names = "--participant", description = "Participant id (default: yourself).")
        String participant;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            PointsBalance b = c.demandResponse().points(participant(c, participant));
            Output.write(out, connection.output, b, new Output.Table(List.of("PARTICIPANT", "POINTS", "CREDITED",
                    "REDEEMED"), List.of(List.of(b.participant(), Long.toString(b.points()), Long.toString(b.credited()),
                    Long.toString(b.redeemed())))));
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "A participant's point movements.")
    static final class History extends LedgerCommand {
        @Option(names = "--participant", description = "Participant id (default: yourself).")
        String participant;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<PointsEntry> entries = c.demandResponse().pointsHistory(participant(c, participant));
            List<List<String>> rows = new ArrayList<>();
            for (PointsEntry e : entries) {
                rows.add(row(e));
            }
            Output.write(out, connection.output, entries, new Output.Table(ENTRY_HEADER, rows));
            return 0;
        }
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Give some of your points to another participant.")
    static final class Transfer extends LedgerCommand {
        @Option(names = "--to", required = true, description = "Participant id.")
        String to;
        @Option(names = "--points", required = true, description = "How many.")
        long points;
        @Option(names = "--memo", description = "A note.")
        String memo;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            PointsEntry e = c.demandResponse().transferPoints(to, points, memo);
            Output.write(out, connection.output, e, new Output.Table(ENTRY_HEADER, List.of(row(e))));
            return 0;
        }
    }

    @Command(name = "redeem", mixinStandardHelpOptions = true,
            description = "Record a redemption of a participant's points (operator), paid outside the ledger.")
    static final class Redeem extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "Participant id.")
        String participant;
        @Option(names = "--points", required = true, description = "How many.")
        long points;
        @Option(names = "--reference", required = true, description = "The external payment's reference.")
        String reference;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            PointsEntry e = c.demandResponse().redeemPoints(participant, points, reference);
            Output.write(out, connection.output, e, new Output.Table(ENTRY_HEADER, List.of(row(e))));
            return 0;
        }
    }
}
