package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that talks to the ledger, before any connection: its help (exit 0), a missing
 * required option or argument and a bad option value (usage errors, exit 2), no connection
 * configured, a missing and a malformed connection profile (exit 2, one stderr line, nothing on
 * stdout). What the commands print with a network is {@code it/LedgerCommandsIT}.
 */
class LedgerCommandRefusalTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";

    @TempDir
    Path dir;

    /**
     * Each ledger command with valid arguments, the same with its first required option or
     * parameter left out, and picocli's usage error for that (null: nothing required).
     */
    static Stream<Arguments> commands() {
        List<String> meter = List.of("--slot", SLOT, "--imported-kwh", "1.4", "--exported-kwh", "0", "--meter-id", "m-1");
        List<String> order = List.of("--slot", SLOT, "--side", "BUY", "--kwh", "1.5", "--price", "21.50");
        return Stream.of(
                Arguments.of("order submit", plus(List.of("--client-id", "c1"), order), order,
                        "Missing required option: '--client-id=<clientId>'"),
                Arguments.of("order cancel", List.of("o-1"), List.of(), "Missing required parameter: 'ORDER_ID'"),
                Arguments.of("order list", List.of("--slot", SLOT), List.of(), null),
                Arguments.of("book", List.of("--slot", SLOT), List.of(), "Missing required option: '--slot=<slot>'"),
                Arguments.of("slot close", List.of(SLOT), List.of(), "Missing required parameter: 'SLOT'"),
                Arguments.of("slot clear", List.of(SLOT, SLOT), List.of(), "Missing required parameter: 'SLOT'"),
                Arguments.of("slot show", List.of(SLOT), List.of(), "Missing required parameter: 'SLOT'"),
                Arguments.of("meter record", plus(List.of("--participant", "RetailerOrgMSP:home-001"), meter), meter,
                        "Missing required option: '--participant=<participant>'"),
                Arguments.of("settlement show", List.of("--slot", SLOT), List.of(),
                        "Missing required option: '--slot=<slot>'"),
                Arguments.of("provenance show", List.of("--from", SLOT), List.of(),
                        "Missing required option: '--from=<from>'"),
                Arguments.of("provenance export", List.of("--from", SLOT, "--to", SLOT), List.of("--to", SLOT),
                        "Missing required option: '--from=<from>'"),
                Arguments.of("provenance verify", List.of("--area", "tokyo", "--from", SLOT), List.of("--area", "tokyo"),
                        "Missing required option: '--from=<from>'"),
                Arguments.of("operator configure", List.of("--mechanism", "PAY_AS_BID"), List.of(), null),
                Arguments.of("operator onboard", List.of("--participant", "home-9", "--kind", "HOUSEHOLD"),
                        List.of("--kind", "HOUSEHOLD"), "Missing required option: '--participant=<participant>'"),
                Arguments.of("operator clock", List.of("--once"), List.of(), null),
                Arguments.of("solver run", List.of("--slot", SLOT), List.of(), null),
                Arguments.of("sealing set-key", List.of("--key-id", "k-1", "--private-key-out", "/tmp/p2pe-never-written.pem"),
                        List.of("--private-key-out", "/tmp/p2pe-never-written.pem"), "Missing required option: '--key-id=<keyId>'"),
                Arguments.of("sealing show-key", List.of("--msp", "RetailerOrgMSP"), List.of(),
                        "Missing required option: '--msp=<msp>'"),
                Arguments.of("reveal", List.of("--slot", SLOT, "--key", "k-1=/tmp/k.pem"), List.of("--key", "k-1=/tmp/k.pem"),
                        "Missing required option: '--slot=<slot>'"));
    }

    private static List<String> plus(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] args(String command, List<String> options, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
        all.addAll(options);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpExitsZeroWithTheUsageOnStdout(String command, List<String> options, List<String> without, String missing) {
        CliRun r = CliRun.of(args(command, List.of(), "--help")).assertDone();
        assertTrue(r.out().startsWith("Usage: p2pe " + command + " "), r.out());
        assertTrue(r.out().contains("-o, --output=FORMAT") && r.out().contains("table, json, csv"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aMissingRequiredOptionIsAUsageError(String command, List<String> options, List<String> without, String missing) {
        assumeTrue(missing != null, "nothing required");
        CliRun r = CliRun.of(args(command, without));
        assertEquals(P2pe.EXIT_REFUSED, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(P2pe.ERROR_PREFIX + missing + "\nTry 'p2pe " + command + " --help' for more information.\n", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void anUnknownOutputFormatIsAUsageError(String command, List<String> options, List<String> without, String missing) {
        CliRun r = CliRun.of(args(command, options, "-o", "yaml"));
        assertEquals(P2pe.EXIT_REFUSED, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(P2pe.ERROR_PREFIX + "Invalid value for option '--output': expected one of [table, json, csv] "
                + "(case-sensitive) but was 'yaml'\nTry 'p2pe " + command + " --help' for more information.\n", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void withoutAConnectionItIsRefused(String command, List<String> options, List<String> without, String missing) {
        assumeTrue(System.getenv("P2PE_PROFILE") == null && System.getenv("P2PE_PEER_ENDPOINT") == null,
                "the environment names a connection");
        for (String format : List.of("table", "json", "csv")) {
            CliRun.of(args(command, options, "-o", format))
                    .assertRefused("no connection: give --profile FILE --identity NAME, or set P2PE_PROFILE");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aMissingProfileIsRefused(String command, List<String> options, List<String> without, String missing) {
        String profile = dir.resolve("no-such-profile.json").toString();
        CliRun.of(args(command, options, "--profile", profile, "--identity", "home-001"))
                .assertRefused("cannot read connection profile " + profile + ": " + profile + " (No such file or directory)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aMalformedProfileIsOneLineNamingIt(String command, List<String> options, List<String> without, String missing) throws IOException {
        Path truncated = Files.writeString(dir.resolve("truncated.json"), "{\n");
        CliRun r = CliRun.of(args(command, options, "--profile", truncated.toString(), "--identity", "home-001"));
        assertEquals(P2pe.EXIT_REFUSED, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(P2pe.ERROR_PREFIX + "cannot read connection profile " + truncated
                + ": Unexpected end-of-input"), r.err());
        assertEquals(1, r.err().lines().count(), "one line, although the parser's message has two: " + r.err());

        Path noMsp = Files.writeString(dir.resolve("no-msp.json"), "{\"peers\": {}}");
        CliRun.of(args(command, options, "--profile", noMsp.toString(), "--identity", "home-001"))
                .assertRefused("connection profile " + noMsp + ": field 'mspId' is missing");
    }

    @Test
    void benchRefusesBadOptionsAndAMissingNetwork() {
        CliRun.of("bench", "ledger", "--sequential", "0", "--network-dir", dir.toString())
                .assertRefused("--sequential must be at least 1");
        CliRun.of("bench", "ledger", "--batch", "10", "--order-book", "SEALED", "--network-dir", dir.toString())
                .assertRefused("--batch needs an OPEN order book (SubmitOrders takes orders in clear)");
        CliRun.of("bench", "ledger", "--settle", "--reading-batch", "0", "--network-dir", dir.toString())
                .assertRefused("--reading-batch must be 1 to 1000");
        CliRun.of("bench", "settle", "--reading-batch", "1001", "--network-dir", dir.toString())
                .assertRefused("--reading-batch must be 1 to 1000");
        CliRun.of("bench", "ledger", "--metered", "10", "--network-dir", dir.toString())
                .assertRefused("--metered must be 0 or more, and needs --settle");
        String noProfiles = "no connection profiles in " + dir.resolve("profiles")
                + ": is the network up? (test-network-scripts/network.sh up && network.sh deploy)";
        CliRun.of("bench", "ledger", "--network-dir", dir.toString()).assertRefused(noProfiles);
        CliRun.of("bench", "proposals", "--network-dir", dir.toString()).assertRefused(noProfiles);
        CliRun r = CliRun.of("bench", "proposals", "--objective", "FASTEST");
        assertEquals(P2pe.EXIT_REFUSED, r.status());
        assertEquals("p2pe: Invalid value for option '--objective': expected one of [MAX_WELFARE, MAX_VOLUME, "
                + "MAX_MIN_SURPLUS] (case-sensitive) but was 'FASTEST'\nTry 'p2pe bench proposals --help' for more "
                + "information.\n", r.err());
    }

    @Test
    void badQuantitiesAndEnumsAreUsageErrorsBeforeAnyConnection() {
        CliRun r = CliRun.of("order", "submit", "--client-id", "c1", "--slot", SLOT, "--side", "HOLD", "--kwh", "1",
                "--price", "1");
        assertEquals(P2pe.EXIT_REFUSED, r.status());
        assertEquals("p2pe: Invalid value for option '--side': expected one of [BUY, SELL] (case-sensitive) but was "
                + "'HOLD'\nTry 'p2pe order submit --help' for more information.\n", r.err());
        r = CliRun.of("meter", "record", "--participant", "p", "--slot", SLOT, "--imported-kwh", "-", "--exported-kwh",
                "0", "--meter-id", "m");
        assertEquals(P2pe.EXIT_REFUSED, r.status());
        assertEquals("p2pe: Invalid value for option '--imported-kwh': '-' is not a number of kWh\n"
                + "Try 'p2pe meter record --help' for more information.\n", r.err());
        r = CliRun.of("operator", "configure", "--buy-back-tariff", "8.505");
        assertEquals(P2pe.EXIT_REFUSED, r.status());
        assertEquals("p2pe: Invalid value for option '--buy-back-tariff': '8.505' JPY/kWh is not a whole number of "
                + "0.01 JPY/kWh within the ledger's range (at most 2 decimals)\n"
                + "Try 'p2pe operator configure --help' for more information.\n", r.err());
        r = CliRun.of("operator", "clock", "--period-seconds", "x");
        assertEquals(P2pe.EXIT_REFUSED, r.status());
        assertEquals("p2pe: Invalid value for option '--period-seconds': 'x' is not a long\n"
                + "Try 'p2pe operator clock --help' for more information.\n", r.err());
        assertEquals("", r.out());
    }
}
