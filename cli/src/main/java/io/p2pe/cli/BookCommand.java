package io.p2pe.cli;

import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe book}. */
@Command(name = "book", mixinStandardHelpOptions = true,
        description = "A slot's whole order book (sealed until gate closure, except for the operator and auditors).")
final class BookCommand extends LedgerCommand {
    @Option(names = "--slot", required = true, description = "Slot start, e.g. 2026-06-17T12:00+09:00.")
    String slot;

    @Override
    int execute(P2peConnection c, PrintWriter out) throws Exception {
        List<OrderRecord> book = c.participant().slotBook(slot(c, "--slot", slot));
        Output.write(out, connection.output, book, OrderCommand.table(book));
        return 0;
    }
}
