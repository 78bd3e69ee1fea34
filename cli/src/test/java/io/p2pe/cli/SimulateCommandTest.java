package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.cli.P2pe;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals of {@code p2pe simulate} that need no network: exit 2 with one stderr line, nothing on stdout. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = P2pe.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    private void refused(String expectedLine, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], r[2]);
        assertEquals("", r[1]);
        assertEquals("p2pe: " + expectedLine + System.lineSeparator(), r[2]);
    }

    @Test
    void unknownScenario() {
        refused("unknown scenario 'nope'; built-in scenarios: higashi-fuji, miyagi, setagaya (or give --scenario-file)",
                "simulate", "--scenario", "nope", "--profile-dir", dir.toString());
    }

    @Test
    void scenarioAndFileTogether() {
        refused("give --scenario or --scenario-file, not both", "simulate", "--scenario", "miyagi", "--scenario-file",
                dir.resolve("x.yaml").toString());
    }

    @Test
    void slotsOutsideTheDay() {
        refused("--slots must be 1-4 from 22:00, got 5", "simulate", "--from", "22:00", "--slots", "5",
                "--profile-dir", dir.toString());
        refused("--from: time '10:15' must be HH:MM on the half hour", "simulate", "--from", "10:15");
    }

    @Test
    void proposalsNeedTheOptimalMechanism() {
        refused("--clearing proposals needs --mechanism OPTIMAL (solvers compete only for OPTIMAL slots); the "
                + "mechanism is UNIFORM_PRICE", "simulate", "--clearing", "proposals", "--profile-dir", dir.toString());
        refused("--clearing proposals needs --mechanism OPTIMAL (solvers compete only for OPTIMAL slots); the "
                + "mechanism is PAY_AS_BID", "simulate", "--mechanism", "PAY_AS_BID", "--clearing", "proposals",
                "--list-identities", "--profile-dir", dir.toString());
        refused("--clearing must be built-in or proposals, got 'fastest'", "simulate", "--clearing", "fastest");
    }

    @Test
    void proposalsWithOptimalGetPastTheOptionChecks() {
        // Refused only for the missing network: the option and the mechanism were accepted.
        refused("no connection profiles in " + dir.toAbsolutePath().resolve("profiles")
                + ": is the network up? (test-network-scripts/network.sh up && network.sh deploy)",
                "simulate", "--mechanism", "OPTIMAL", "--objective", "MAX_MIN_SURPLUS", "--clearing", "proposals",
                "--profile-dir", dir.toString());
    }

    @Test
    void noNetwork() {
        refused("no connection profiles in " + dir.toAbsolutePath().resolve("profiles")
                + ": is the network up? (test-network-scripts/network.sh up && network.sh deploy)",
                "simulate", "--profile-dir", dir.toString());
    }

    @Test
    void verifyNeedsAReport() {
        String[] r = run("simulate", "verify", "--report", dir.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("p2pe: cannot read " + dir.resolve("report.json")), r[2]);
    }
}
