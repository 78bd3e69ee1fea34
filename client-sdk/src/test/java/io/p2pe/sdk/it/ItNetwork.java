package io.p2pe.sdk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OperatorClient;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantRegistration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.function.Executable;

/**
 * What the integration tests share: connections from the profiles of the network under
 * {@code P2PE_NETWORK_DIR}, the market settings they need (set only when missing), the traders
 * they use, and slots no other test (of this run, of an earlier run on the same network, or of a
 * simulation using the network) trades in: a random day far from today, one per request. Slots
 * that must reach delivery and settlement come from {@link LedgerDay} on the ledger clock.
 */
final class ItNetwork {
    /** Orders are accepted this far ahead; the tests' slots lie up to {@link #MAX_DAYS} days from now. */
    static final int ORDER_WINDOW_DAYS = 366;
    private static final int MIN_DAYS = 20;
    private static final int MAX_DAYS = 340;
    /**
     * The seed of the tests' random choices (days and slots, the run tag's suffix): {@code P2PE_IT_SEED}
     * to repeat a run's choices, else the clock. Printed once per run, so a failure can be replayed.
     */
    static final long SEED = seed();
    private static final Random RANDOM = new Random(SEED);
    private static final Set<Long> USED_DAYS = new HashSet<>();

    private static long seed() {
        String given = System.getenv("P2PE_IT_SEED");
        long seed = given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
        System.out.println("ItNetwork: random choices from seed " + seed + " (P2PE_IT_SEED=" + seed + " repeats them)");
        return seed;
    }

    /**
     * This run's tag, for client order ids and enrolled names: lower-case base 36, unique per run
     * (the clock's seconds, so a replayed seed on the same network still gets new ids).
     */
    static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36)
            + Integer.toString(RANDOM.nextInt(36 * 36), 36);

    static final String RETAILER = "retailerorg";
    static final String EXCHANGE = "exchangeorg";
    static final String GRID = "gridorg";
    /** The tests' PV business, attested solar by GridOrg's meter identity. */
    static final String BIZ_001 = "ExchangeOrgMSP:biz-001";

    private ItNetwork() {
    }

    static Path dir() {
        return Path.of(System.getenv("P2PE_NETWORK_DIR"));
    }

    static P2peConfig config(String org, String identity) throws Exception {
        return P2peConfig.fromProfile(dir().resolve("profiles").resolve(org + ".json"), identity);
    }

    static P2peConnection connect(String org, String identity) throws Exception {
        return P2peConnection.connect(config(org, identity));
    }

    static P2peConnection connect(String org, String identity, UnaryOperator<P2peConfig.Builder> tweak)
            throws Exception {
        return P2peConnection.connect(tweak.apply(config(org, identity).toBuilder()).build());
    }

    /**
     * The market configuration in force, after making sure it accepts orders
     * {@link #ORDER_WINDOW_DAYS} ahead. Every other setting is left as found: the tests assert only
     * what holds for any mechanism and tariff, so they do not disturb other users of the network.
     */
    static synchronized MarketSettings ensureMarket(OperatorClient operator, P2peConnection reader) throws P2peException {
        MarketSettings current;
        try {
            current = reader.participant().marketSettings();
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                throw e;
            }
            return operator.configureMarket(MarketConfigRequest.builder().orderWindowDays(ORDER_WINDOW_DAYS).build());
        }
        if (current.orderWindowDays() >= ORDER_WINDOW_DAYS) {
            return current;
        }
        return operator.configureMarket(MarketConfigRequest.from(current).orderWindowDays(ORDER_WINDOW_DAYS).build());
    }

    /** Registers the tests' traders unless registered: two RetailerOrg homes and one ExchangeOrg business with PV. */
    static void ensureTraders(OperatorClient operator) throws P2peException {
        operator.ensureParticipant(ParticipantRegistration.of("home-001", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3"));
        operator.ensureParticipant(ParticipantRegistration.of("home-002", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"));
        operator.ensureParticipant(ParticipantRegistration.of("biz-001", "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-1").withPv(50_000, "solar"));
        // biz-001's exports are solar because the grid operator says so, not because its orders do.
        try (P2peConnection meter = connect(GRID, "meter")) {
            try {
                if (meter.operator().sourceAttestation(BIZ_001).sourceType().equals("solar")) {
                    return;
                }
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
            meter.operator().attestSource(BIZ_001, "solar");
        } catch (P2peException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("connecting GridOrg's meter identity", e);
        }
    }

    /**
     * A slot on a random day {@value #MIN_DAYS}–{@value #MAX_DAYS} days ahead, never the same day
     * twice in a run: open on either clock (the ledger clock moves by hours in these tests), for
     * tests that only place orders or whose operator closes the slot early.
     */
    static synchronized Slot futureSlot(MarketSettings market) {
        long days;
        do {
            days = MIN_DAYS + RANDOM.nextInt(MAX_DAYS - MIN_DAYS);
        } while (!USED_DAYS.add(days));
        // Between 09:00 and 14:00 of that day: a slot with daylight, away from DST changes.
        Instant day = market.slotAt(Instant.now().plus(Duration.ofDays(days))).start().toLocalDate()
                .atTime(9, 0).atZone(market.zone()).toInstant();
        return market.slotAt(day.plus(Duration.ofMinutes(30L * RANDOM.nextInt(10))));
    }

    /**
     * A new identity enrolled with {@code ORG}'s CA through {@code network.sh enroll}, so that a
     * test may suspend it without touching anyone else's participant.
     *
     * @return the identity name, also its participant's local id
     */
    static String enroll(String org, String name, String role) throws IOException, InterruptedException {
        networkSh("enroll", org, name, role, name);
        return name;
    }

    /** How long one network.sh run may take (an enrollment batch, a node's stop or start). */
    static final Duration NETWORK_SH_TIMEOUT = Duration.ofSeconds(180);

    /**
     * Runs {@code test-network-scripts/network.sh} (found from the module directory the tests run
     * in) on this network, failing the test if it fails or takes longer than
     * {@link #NETWORK_SH_TIMEOUT}.
     */
    static void networkSh(String... args) throws IOException, InterruptedException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("test-network-scripts").resolve("network.sh");
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        run(cmd, Map.of("NETWORK_HOME", dir().toAbsolutePath().toString()), NETWORK_SH_TIMEOUT);
    }

    /**
     * Runs a command with extra environment variables and returns its output (stdout and stderr),
     * failing the test if it exits with a status other than 0 or runs longer than {@code timeout}
     * (then it is killed with its descendants). The output goes to a file, not a pipe: a node
     * the script starts in the background inherits the output, and reading a pipe to its end
     * would wait for that node to exit, past any timeout.
     */
    static String run(List<String> cmd, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        String what = String.join(" ", cmd);
        Path log = Files.createTempFile("p2pe-it-process", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail(what + " did not finish within " + timeout + " and was killed; its output: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), what + " failed: " + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The error code of the chaincode refusal that {@code call} must end in. */
    static String refusal(Executable call) {
        EndorsementRejectedException e = assertThrows(EndorsementRejectedException.class, call);
        return e.errorCode().map(ErrorCode::name).orElse("no code in: " + e.getMessage());
    }

    /**
     * The error code and the field named by the chaincode refusal that {@code call} must end in,
     * e.g. {@code "INVALID_FORMAT reason"} ({@code "CODE -"} when the refusal names no field).
     */
    static String refusalWithField(Executable call) {
        EndorsementRejectedException e = assertThrows(EndorsementRejectedException.class, call);
        return e.errorCode().map(ErrorCode::name).orElse("no code in: " + e.getMessage()) + " "
                + e.field().orElse("-");
    }

    /** Waits up to 60 s for {@code condition}, failing with {@code what} if it never holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    /** Closes connections, ignoring nulls. */
    static void closeAll(AutoCloseable... closeables) throws Exception {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                c.close();
            }
        }
    }
}
