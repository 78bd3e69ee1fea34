package io.p2pe.simulator;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The one progress bar of the project, on stderr: redrawn in place on a terminal; elsewhere
 * either one line per step (a simulation's log) or nothing (a short CLI command piped to a file).
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean logOffTerminal;
    private final String unit;
    private long started;
    private int lastLength;

    private Progress(PrintWriter err, boolean terminal, boolean logOffTerminal, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.logOffTerminal = logOffTerminal;
        this.unit = unit;
    }

    /** A bar over {@code unit}s that logs one line per step when {@code err} is not a terminal. */
    public static Progress logging(PrintWriter err, boolean terminal, String unit) {
        return new Progress(err, terminal, true, unit);
    }

    /** A bar over {@code unit}s drawn only on a terminal; silent otherwise. */
    public static Progress terminalOnly(PrintWriter err, boolean terminal, String unit) {
        return new Progress(err, terminal, false, unit);
    }

    private boolean drawn() {
        return terminal || logOffTerminal;
    }

    /** A line of its own (set-up steps), clearing a bar drawn in place. */
    public void note(String line) {
        if (!drawn()) {
            return;
        }
        clear();
        err.println(line);
        err.flush();
    }

    /** The bar after {@code done} of {@code total} steps, with a status text; step 0 starts the clock. */
    public void step(int done, int total, String status) {
        if (done == 0) {
            started = System.nanoTime();
        }
        if (!drawn()) {
            return;
        }
        String line = line(done, total, status, System.nanoTime() - started);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            if (done == total) {
                err.println();
                lastLength = 0;
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** The bar's text after {@code elapsedNanos}. */
    String line(int done, int total, String status, long elapsedNanos) {
        int filled = total == 0 ? WIDTH : (int) ((long) Math.min(done, total) * WIDTH / total);
        String eta = done == 0 ? "?" : format(Duration.ofNanos(elapsedNanos / done * Math.max(0, total - done)));
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit + "  "
                + status + "  elapsed " + format(Duration.ofNanos(elapsedNanos)) + "  eta " + eta;
    }

    private void clear() {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
