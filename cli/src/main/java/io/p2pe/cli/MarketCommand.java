package io.p2pe.cli;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code p2pe market …}: the market engine offline, without a ledger. */
@Command(name = "market", mixinStandardHelpOptions = true,
        description = "Offline market tools: clear a slot's book exactly as the chaincode would.")
final class MarketCommand {
    @ParentCommand
    private P2pe root;

    @Spec
    private CommandSpec spec;

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Clear one slot's book (MARKET-RULES.md input format) and print the result as one "
                    + "line of JSON.",
                    "Exit status: 0 cleared; 2 refused input (one 'p2pe: ...' line on stderr, nothing on stdout)."})
    int clear(@Option(names = "--input", required = true, paramLabel = "FILE",
                      description = "The input document, or '-' for standard input.") String input)
            throws RefusedInputException, InvalidInputException {
        String json = InputFiles.readUtf8(input, root.stdin());
        ClearingResult result = Clearing.clear(MarketJson.readInput(json));
        PrintWriter out = spec.commandLine().getOut();
        out.print(MarketJson.writeResult(result));
        out.print('\n');
        out.flush();
        return 0;
    }
}
