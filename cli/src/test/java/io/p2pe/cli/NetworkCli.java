package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code p2pe} run in-process as an identity of the network under {@code P2PE_NETWORK_DIR}, and
 * readers of its three output formats, for the ledger command ITs.
 */
final class NetworkCli {
    static final String EXCHANGE = "exchangeorg";
    static final String RETAILER = "retailerorg";
    static final String GRID = "gridorg";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path profiles;

    NetworkCli(Path profiles) {
        this.profiles = profiles;
    }

    static NetworkCli fromEnvironment() {
        return new NetworkCli(Path.of(System.getenv("P2PE_NETWORK_DIR")).resolve("profiles"));
    }

    Path profile(String org) {
        return profiles.resolve(org + ".json");
    }

    /** {@code p2pe ARGS --profile <org's profile> --identity IDENTITY}, echoed for the test log. */
    CliRun as(String org, String identity, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--profile", profile(org).toString(), "--identity", identity));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        System.out.printf("p2pe %s as %s -> %d%n%s%s", String.join(" ", args), identity, r.status(), r.out(), r.err());
        return r;
    }

    /** The rows of a table: cells are separated by two or more spaces; trailing empty cells are dropped. */
    static List<List<String>> table(CliRun r) {
        r.assertDone();
        return r.out().lines().map(l -> List.of(l.split("\\s{2,}"))).toList();
    }

    /** The rows of CSV without quoted cells. */
    static List<List<String>> csv(CliRun r) {
        r.assertDone();
        assertTrue(r.out().endsWith("\n"), r.out());
        return r.out().lines().map(l -> List.of(l.split(",", -1))).toList();
    }

    static JsonNode json(CliRun r) throws Exception {
        r.assertDone();
        return JSON.readTree(r.out());
    }

    /** Exit 2, nothing on stdout, one line on stderr starting with {@code prefix}. */
    static void refused(CliRun r, String prefix) {
        assertEquals(P2pe.EXIT_REFUSED, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(P2pe.ERROR_PREFIX + prefix), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
