package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code p2pe bench ledger}'s aggregated-submission options are refused before any network is touched. */
class BenchOptionsTest {

    private static String refused(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = P2pe.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(2, status, err.toString());
        assertEquals("", out.toString());
        return err.toString().trim();
    }

    @Test
    void batchOptionsAreChecked() {
        assertEquals(P2pe.ERROR_PREFIX + "--batch must be 0 to 200",
                refused("bench", "ledger", "--network-dir", "/nonexistent", "--batch", "201"));
        assertEquals(P2pe.ERROR_PREFIX + "--batch must be 0 to 200",
                refused("bench", "ledger", "--network-dir", "/nonexistent", "--batch", "-1"));
        assertEquals(P2pe.ERROR_PREFIX + "--aggregators must be at least 1 and --in-flight 1 to --concurrency",
                refused("bench", "ledger", "--network-dir", "/nonexistent", "--batch", "100", "--in-flight", "17"));
        assertEquals(P2pe.ERROR_PREFIX + "--aggregators must be at least 1 and --in-flight 1 to --concurrency",
                refused("bench", "ledger", "--network-dir", "/nonexistent", "--batch", "100", "--aggregators", "0"));
    }
}
