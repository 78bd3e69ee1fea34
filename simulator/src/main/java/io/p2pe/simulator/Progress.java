package io.p2pe.simulator;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The progress bar on stderr: redrawn in place on a terminal, one line per step otherwise (logs).
 */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private long started;
    private int lastLength;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A line of its own (set-up steps), clearing a bar drawn in place. */
    void note(String line) {
        clear();
        err.println(line);
        err.flush();
    }

    /** The bar after {@code done} of {@code total} steps, with a status text; step 0 starts the clock. */
    void step(int done, int total, String status) {
        if (done == 0) {
            started = System.nanoTime();
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        long elapsed = System.nanoTime() - started;
        String eta = done == 0 ? "?" : format(Duration.ofNanos(elapsed / done * (total - done)));
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " slots  "
                + status + "  elapsed " + format(Duration.ofNanos(elapsed)) + "  eta " + eta;
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
