package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.market.Units;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.simulator.Progress;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code p2pe slot close|clear|show}. */
@Command(name = "slot", mixinStandardHelpOptions = true, description = "Close, clear and inspect slots.",
        subcommands = {SlotCommand.Close.class, SlotCommand.Clear.class, SlotCommand.Show.class})
final class SlotCommand {

    static Output.Table table(SlotState s) {
        SlotState.ClearingSummary c = s.clearing();
        return new Output.Table(List.of("SLOT", "STATUS", "GATE CLOSURE", "ORDERS", "TRADES", "KWH", "PRICE JPY/KWH"),
                List.of(List.of(s.slot(), s.status().name(), Output.s(s.gateClosure()),
                        c == null ? "" : Integer.toString(c.orderCount()), c == null ? "" : Integer.toString(c.tradeCount()),
                        c == null ? "" : Units.kwh(c.volumeWh()),
                        c == null ? "" : String.join(" ", c.segments().stream().map(g -> g.segment() + ":"
                                + (g.clearingPrice() == null ? "-" : Units.jpyPerKwh(g.clearingPrice()))).toList()))));
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close a slot's gate (operator: any time; others: once gate closure has passed).")
    static final class Close extends LedgerCommand {
        @Parameters(paramLabel = "SLOT", description = "Slot start, e.g. 2026-06-17T12:00+09:00.")
        String slot;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            SlotState s = c.operator().closeSlot(slot(c, "SLOT", slot));
            Output.write(out, connection.output, s, table(s));
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear a closed slot (repeating it changes nothing) and show the outcome.")
    static final class Clear extends LedgerCommand {
        @Parameters(paramLabel = "SLOT", arity = "1..*", description = "One or more slot starts.")
        List<String> slots;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            Progress progress = Progress.terminalOnly(spec.commandLine().getErr(),
                    System.console() != null && slots.size() > 1, "slots");
            progress.step(0, slots.size(), "clearing");
            int done = 0;
            for (String text : slots) {
                Slot s = slot(c, "SLOT", text);
                ClearingRecord r = c.operator().clearSlot(s);
                progress.step(++done, slots.size(), "cleared " + text);
                Output.write(out, connection.output, r, table(c.operator().slot(s)));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A slot's state and clearing summary.")
    static final class Show extends LedgerCommand {
        @Parameters(paramLabel = "SLOT", description = "Slot start.")
        String slot;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            SlotState s = c.participant().slot(slot(c, "SLOT", slot));
            Output.write(out, connection.output, s, table(s));
            return 0;
        }
    }
}
