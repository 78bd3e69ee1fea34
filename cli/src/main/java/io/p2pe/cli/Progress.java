package io.p2pe.cli;

import java.io.PrintStream;

/** A one-line text progress bar on stderr, drawn only when stderr is a terminal. */
final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final String label;
    private final int total;
    private final boolean enabled;

    Progress(String label, int total) {
        this.err = System.err;
        this.label = label;
        this.total = total;
        this.enabled = System.console() != null && total > 1;
    }

    void update(int done) {
        if (!enabled) {
            return;
        }
        int width = 30;
        int filled = (int) ((long) done * width / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }

    @Override
    public void close() {
        if (enabled) {
            err.println();
        }
    }
}
