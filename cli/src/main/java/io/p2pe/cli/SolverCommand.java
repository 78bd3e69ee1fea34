package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.market.Units;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.solver.LpMinSurplusMethod;
import io.p2pe.sdk.solver.ProposalMethod;
import io.p2pe.sdk.solver.ProposalMethods;
import io.p2pe.sdk.solver.SolverRunner;
import io.p2pe.sdk.solver.SubmittedProposal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code p2pe solver run}: an off-chain clearing solver (docs/design.md §5). It proposes a matching
 * for each OPTIMAL slot while the slot's proposal window is open; the ledger re-scores every
 * proposal exactly and {@code FinalizeClearing} keeps the best, the built-in engine's result always
 * competing. Needs an identity with role {@code solver}.
 */
@Command(name = "solver", mixinStandardHelpOptions = true,
        description = "Propose clearings for OPTIMAL slots during their proposal window.",
        subcommands = {SolverCommand.Run.class})
final class SolverCommand {

    /** The ready-made methods; {@code lp} is the LP relaxation with integral rounding for MAX_MIN_SURPLUS. */
    enum Method { engine, greedy, lp }

    static ProposalMethod method(Method m, long seed) {
        return switch (m) {
            case engine -> ProposalMethods.engine();
            case greedy -> ProposalMethods.greedy(seed);
            case lp -> new LpMinSurplusMethod();
        };
    }

    static Output.Table table(List<SubmittedProposal> proposals) {
        return new Output.Table(List.of("SLOT", "SOLVER", "MIN RATE", "SURPLUS JPY", "KWH", "TRADES", "TX"),
                proposals.stream().map(p -> List.of(p.slot(), p.solver(), Output.s(p.score().minSurplusRate()),
                        Units.jpy(p.score().surplus()), Units.kwh(p.score().volumeWh()), Integer.toString(p.tradeCount()),
                        p.txId())).toList());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Watch slots close (SlotClosed events, from the checkpoint if given) and propose for each "
                    + "OPTIMAL slot; with --slot, propose for those closed slots now and exit.",
                    "Exit status: 0 done or stopped; 2 a refusal (e.g. FORBIDDEN without role solver); 1 a transport "
                            + "failure."})
    static final class Run extends LedgerCommand {
        @Option(names = "--method", defaultValue = "lp",
                description = "engine, greedy or lp (default: ${DEFAULT-VALUE}; lp uses the engine's result for "
                        + "objectives other than MAX_MIN_SURPLUS).")
        Method method;
        @Option(names = "--seed", defaultValue = "1", description = "Seed of the greedy method (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--slot", paramLabel = "SLOT", arity = "1..*",
                description = "Propose for these slots now instead of watching.")
        List<String> slots;
        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "Event checkpoint: a restarted solver resumes after the last slot it handled.")
        Path checkpoint;
        @Option(names = "--for", paramLabel = "DURATION",
                description = "Stop watching after this long, ISO-8601 (e.g. PT8H); default: until interrupted.")
        Duration duration;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            EventOptions.Builder events = EventOptions.builder();
            if (checkpoint != null) {
                events.checkpointFile(checkpoint);
            }
            CommandOutput print = new CommandOutput(out);
            SolverRunner runner = SolverRunner.builder(c, method(method, seed)).events(events.build())
                    .listener(print).build();
            if (slots != null) {
                for (String text : slots) {
                    Slot slot = slot(c, "--slot", text);
                    Optional<SubmittedProposal> p = runner.solve(slot);
                    if (p.isPresent()) {
                        print.onProposed(slot, p.get());
                    } else {
                        print.onSkipped(slot, "not CLOSED: cleared already or not closed yet");
                    }
                }
                return 0;
            }
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "p2pe-solver-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                runner.start();
                if (duration == null) {
                    stop.await();
                } else {
                    stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                runner.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting because of the interrupt; the hook has run.
                }
            }
            return 0;
        }

        /** One line or record per slot, as each slot is handled (the listener runs on the event thread). */
        private final class CommandOutput implements SolverRunner.Listener {
            private final PrintWriter out;

            CommandOutput(PrintWriter out) {
                this.out = out;
            }

            @Override
            public synchronized void onProposed(Slot slot, SubmittedProposal proposal) {
                try {
                    Output.write(out, connection.output, proposal, table(List.of(proposal)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                out.flush();
            }

            @Override
            public synchronized void onSkipped(Slot slot, String reason) {
                spec.commandLine().getErr().println("p2pe solver: " + slot + " skipped: " + reason);
            }

            @Override
            public synchronized void onFailed(Slot slot, Exception failure) {
                spec.commandLine().getErr().println(P2pe.ERROR_PREFIX + slot + ": " + failure.getMessage());
            }
        }
    }
}
