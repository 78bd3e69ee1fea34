package io.p2pe.cli;

import io.p2pe.market.InvalidInputException;
import io.p2pe.simulator.SimulationInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code p2pe} command. Each command group is its own class registered here as a subcommand.
 *
 * <p>Exit status, for every command: 0 success; 2 refused input (bad input document, unreadable
 * file, usage error) with one {@code p2pe: …} line on stderr and nothing on stdout; 1 an internal
 * error (a bug), with its stack trace on stderr.
 */
@Command(name = "p2pe", mixinStandardHelpOptions = true, versionProvider = P2pe.Version.class,
        description = "Peer-to-peer electricity exchange: participant, operator and auditor tools.",
        subcommands = {MarketCommand.class, OrderCommand.class, BookCommand.class, SlotCommand.class,
                MeterCommand.class, SettlementCommand.class, ProvenanceCommand.class, OperatorCommand.class, BenchCommand.class,
                SimulateCommand.class, SolverCommand.class, DrCommand.class, PointsCommand.class,
                SealingCommand.class, RevealCommand.class})
public final class P2pe {
    /** Exit status for refused input and usage errors. */
    public static final int EXIT_REFUSED = 2;
    /** Exit status for internal errors. */
    public static final int EXIT_INTERNAL = 1;
    /** The prefix of every line the command writes to stderr about a failure. */
    public static final String ERROR_PREFIX = "p2pe: ";

    private final InputStream stdin;

    P2pe(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Standard input, for commands that read {@code -}; injectable so tests run in-process. */
    InputStream stdin() {
        return stdin;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(System.in, out, err, args));
    }

    /** Runs one command line with the given streams and returns its exit status. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new P2pe(in));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(P2pe::handleFailure);
        cli.setParameterExceptionHandler(P2pe::handleUsageError);
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static int handleFailure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof InvalidInputException || ex instanceof RefusedInputException
                || ex instanceof SimulationInputException) {
            err.println(ERROR_PREFIX + ex.getMessage());
            return EXIT_REFUSED;
        }
        err.println(ERROR_PREFIX + "internal error: " + ex);
        ex.printStackTrace(err);
        return EXIT_INTERNAL;
    }

    private static int handleUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(ERROR_PREFIX + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return EXIT_REFUSED;
    }

    /** The version the build wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = P2pe.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"p2pe " + p.getProperty("version", "(unknown version)")};
        }
    }
}
