package io.p2pe.cli;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ScoredProposal;
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
            description = {"Clear one slot's book (docs/market-rules.md input format) and print the result as one "
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

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = {"Check a proposal (a matching for an OPTIMAL book: {slot, inputDigest, trades: "
                    + "[{buyOrderId, sellOrderId, wh}]}) against the book and print its exact score as one line "
                    + "of JSON: {valid, slot, inputDigest, proposalDigest, drawKey, trades, score}.",
                    "The output of 'p2pe market clear' for the same book reads as the proposal of its trades.",
                    "Exit status: 0 valid; 2 invalid book or proposal (one 'p2pe: ...' line on stderr naming the "
                            + "trade or order and the field, nothing on stdout)."})
    int score(@Option(names = "--input", required = true, paramLabel = "BOOK",
                      description = "The book (the 'market clear' input format), or '-' for standard input.") String input,
              @Option(names = "--proposal", required = true, paramLabel = "FILE",
                      description = "The proposal, or '-' for standard input.") String proposal)
            throws RefusedInputException, InvalidInputException {
        if ("-".equals(input) && "-".equals(proposal)) {
            throw new RefusedInputException("--input and --proposal cannot both be standard input");
        }
        ProposalScorer scorer = ProposalScorer.of(MarketJson.readInput(InputFiles.readUtf8(input, root.stdin())));
        ScoredProposal scored = scorer.score(ProposalJson.read(InputFiles.readUtf8(proposal, root.stdin())));
        PrintWriter out = spec.commandLine().getOut();
        out.print(ProposalJson.writeVerdict(scored));
        out.print('\n');
        out.flush();
        return 0;
    }
}
