package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the ledger. Exit status: 0 success; 2 a refusal (the chaincode refused,
 * a bad value, an incomplete connection configuration), with one {@code p2pe: …} line naming the
 * field or code; 1 a transport or commit failure.
 */
abstract class LedgerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    /** The command's work; returns its exit status. */
    abstract int execute(P2peConnection c, PrintWriter out) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (P2peConnection c = connection.connect()) {
            return execute(c, spec.commandLine().getOut());
        } catch (EndorsementRejectedException | ConfigurationException | IllegalArgumentException e) {
            err.println(P2pe.ERROR_PREFIX + oneLine(e.getMessage()));
            return P2pe.EXIT_REFUSED;
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + oneLine(e.getMessage())
                    + e.transactionId().map(t -> " (transaction " + t + ")").orElse(""));
            return P2pe.EXIT_INTERNAL;
        }
    }

    /** The contract is one stderr line; some messages (a JSON parser's, a gateway's) span several. */
    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** A slot argument, in the market's slot length; refusals name the option. */
    static Slot slot(P2peConnection c, String option, String text) throws P2peException {
        try {
            return c.participant().marketSettings().slot(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + option + "': " + e.getMessage(), e);
        }
    }
}
