package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.Deadlines;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.simulator.NetworkDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pe bench ledger}: a load generator measuring, on a running network, the latency of
 * SubmitOrder (sequential calls), the throughput of concurrent submissions, and the latency of
 * CloseSlot and ClearSlot over a slot holding {@code --orders} orders. Figures are printed, not
 * judged. It trades as identities {@code bench-NN} of RetailerOrg, enrolled with the CA through
 * {@code network.sh enroll} and registered by the operator when missing, in slots of a random
 * day 2–6 days after the market's now (the ledger time in LEDGER mode; inside the default order
 * window), so it never touches other users' slots. The operator closes the slot before its gate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load generators that print measurements.",
        subcommands = {BenchCommand.Ledger.class})
final class BenchCommand {

    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = "SubmitOrder latency and throughput, CloseSlot/ClearSlot latency over --orders orders.")
    static final class Ledger implements Callable<Integer> {
        @Option(names = "--network-dir", paramLabel = "DIR",
                description = "The network's state directory (default: $P2PE_NETWORK_DIR, else .network).")
        Path networkDir;
        @Option(names = "--orders", defaultValue = "1000", description = "Orders in the cleared slot (default: ${DEFAULT-VALUE}).")
        int orders;
        @Option(names = "--sequential", defaultValue = "200",
                description = "Sequential SubmitOrder calls timed one by one (default: ${DEFAULT-VALUE}).")
        int sequential;
        @Option(names = "--concurrency", defaultValue = "16",
                description = "Participants submitting at once, one call in flight each (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (orders < 2 || sequential < 1 || concurrency < 2) {
                err.println(P2pe.ERROR_PREFIX + "--orders and --concurrency must be at least 2, --sequential at least 1");
                return P2pe.EXIT_REFUSED;
            }
            Path dir = networkDir != null ? networkDir
                    : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
            Path retailer = dir.resolve("profiles").resolve("retailerorg.json");
            Path exchange = dir.resolve("profiles").resolve("exchangeorg.json");
            if (!Files.isRegularFile(retailer) || !Files.isRegularFile(exchange)) {
                err.println(P2pe.ERROR_PREFIX + "no connection profiles under " + dir + " (network.sh up)");
                return P2pe.EXIT_REFUSED;
            }
            NetworkDirectory network = new NetworkDirectory(dir, Path.of("test-network-scripts", "network.sh"));
            List<P2peConnection> traders = new ArrayList<>();
            // ClearSlot over many orders runs longer than the default 15 s endorsement deadline.
            P2peConfig operatorConfig = P2peConfig.fromProfile(exchange, "operator").toBuilder()
                    .deadlines(Deadlines.DEFAULT.withEndorse(Duration.ofMinutes(5))).build();
            try (P2peConnection operator = P2peConnection.connect(operatorConfig)) {
                MarketSettings market = settings(operator);
                for (int i = 1; i <= concurrency; i++) {
                    String name = String.format(Locale.ROOT, "bench-%02d", i);
                    traders.add(P2peConnection.connect(identity(network, name)));
                    operator.operator().ensureParticipant(ParticipantRegistration.of(name, "HOUSEHOLD")
                            .withMspId("RetailerOrgMSP").withLocation("tokyo/bench/feeder-" + (i % 4)));
                }
                long day = 2 + ThreadLocalRandom.current().nextInt(5);
                Slot first = market.slotAt(operator.participant().marketTime().orElseGet(Instant::now).plus(Duration.ofDays(day)));
                String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
                out.printf("network %s, %d participants, slots from %s, run %s%n", dir, concurrency, first, run);

                // 1. Sequential SubmitOrder: one participant, one call at a time.
                long[] seq = new long[sequential];
                for (int i = 0; i < sequential; i++) {
                    long t0 = System.nanoTime();
                    traders.get(0).participant().submitOrder(
                            OrderRequest.buy("bs-" + run + "-" + i, first, 100 + i, 2_000));
                    seq[i] = System.nanoTime() - t0;
                }
                out.println(summary("SubmitOrder sequential", seq));

                // 2. Concurrent submissions filling the clearing slot: half the participants buy, half sell.
                Slot clearing = market.next(first);
                long[] each = new long[orders];
                ExecutorService pool = Executors.newFixedThreadPool(concurrency);
                long start = System.nanoTime();
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < concurrency; w++) {
                    int worker = w;
                    P2peConnection c = traders.get(w);
                    work.add(pool.submit(() -> {
                        for (int i = worker; i < orders; i += concurrency) {
                            boolean buy = worker % 2 == 0;
                            long wh = 500 + (i * 37L) % 2_000;
                            long price = buy ? 1_800 + (i * 13L) % 600 : 1_400 + (i * 17L) % 600;
                            OrderRequest r = buy ? OrderRequest.buy("bc-" + run + "-" + i, clearing, wh, price)
                                    : OrderRequest.sell("bc-" + run + "-" + i, clearing, wh, price);
                            long t0 = System.nanoTime();
                            c.participant().submitOrderAsync(r).join();
                            each[i] = System.nanoTime() - t0;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                out.println(summary("SubmitOrder concurrent (" + concurrency + " in flight)", each));
                out.printf(Locale.ROOT, "  throughput: %d orders in %.1f s = %.1f orders/s%n", orders, seconds,
                        orders / seconds);

                // 3. Close and clear the slot holding `orders` orders.
                long t0 = System.nanoTime();
                operator.operator().closeSlot(clearing);
                long close = System.nanoTime() - t0;
                t0 = System.nanoTime();
                ClearingRecord c = operator.operator().clearSlot(clearing);
                long clear = System.nanoTime() - t0;
                t0 = System.nanoTime();
                operator.operator().clearSlot(clearing);
                long repeat = System.nanoTime() - t0;
                long bytes = c.segments().stream().mapToLong(s -> s.input().length() + s.result().length()).sum();
                out.printf(Locale.ROOT, "CloseSlot: %.0f ms%n", close / 1e6);
                out.printf(Locale.ROOT, "ClearSlot over %d orders: %.0f ms (%d trades, %d Wh, %d segment(s), "
                        + "%.1f MB of stored input+result text); repeated ClearSlot: %.0f ms%n", c.clearing().orderCount(),
                        clear / 1e6, c.clearing().tradeCount(), c.clearing().volumeWh(), c.segments().size(),
                        bytes / 1e6, repeat / 1e6);
                return 0;
            } catch (P2peException e) {
                err.println(P2pe.ERROR_PREFIX + e.getMessage());
                return P2pe.EXIT_INTERNAL;
            } finally {
                traders.forEach(P2peConnection::close);
            }
        }

        /** The configuration in force; on a new network the chaincode's defaults, set first. */
        private static MarketSettings settings(P2peConnection operator) throws P2peException {
            try {
                return operator.participant().marketSettings();
            } catch (EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                    throw e;
                }
                return operator.operator().configureMarket(MarketConfigRequest.builder().build());
            }
        }

        /** The bench identity's configuration, enrolling it first if the profile lacks it. */
        private static P2peConfig identity(NetworkDirectory network, String name) throws Exception {
            network.ensureIdentity("RetailerOrg", name, "participant", name);
            return network.config("RetailerOrg", name);
        }

        private static String summary(String what, long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "%s: n=%d p50=%.0f ms p95=%.0f ms p99=%.0f ms max=%.0f ms", what,
                    sorted.length, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
        }

        private static double pct(long[] sorted, int p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, i)] / 1e6;
        }
    }
}
