package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code p2pe} command: its exit status, stdout and stderr (line ends as "\n"). */
record CliRun(int status, String out, String err) {

    static CliRun of(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = P2pe.run(new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(status, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    static CliRun of(String... args) {
        return of(new byte[0], args);
    }

    /** Exit 2, nothing on stdout, exactly {@code line} (after "p2pe: ") on stderr. */
    CliRun assertRefused(String line) {
        assertEquals(P2pe.EXIT_REFUSED, status, err);
        assertEquals("", out);
        assertEquals(P2pe.ERROR_PREFIX + line + "\n", err);
        return this;
    }

    /** Exit 0 with nothing on stderr. */
    CliRun assertDone() {
        assertEquals(0, status, err);
        assertEquals("", err);
        return this;
    }
}
