package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.simulator.NetworkDirectory;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pe bench settle}: SettleSlot of one delivered slot with {@code --participants} metered
 * participants (households of RetailerOrg, {@code bench-set-NNNN}, registered by the operator when
 * missing; no trades, so each line is retail supply alone): the participants' registration, the
 * meter's RecordMeterReading of each ({@code --concurrency} in flight), ClearSlot of the empty book,
 * then SettleSlot, timed, with the machine's load average. Settlement writes one line per
 * participant, which is what its cost grows with.
 */
@Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Time SettleSlot of one slot with N metered participants (registers and meters them first).")
final class SettleBenchCommand implements Callable<Integer> {
    @Option(names = "--network-dir", paramLabel = "DIR",
            description = "The network's state directory (default: $P2PE_NETWORK_DIR, else .network).")
    Path networkDir;
    @Option(names = "--participants", defaultValue = "1000",
            description = "Metered participants in the slot (default: ${DEFAULT-VALUE}).")
    int participants;
    @Option(names = "--concurrency", defaultValue = "16",
            description = "Registrations and readings in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (participants < 1 || concurrency < 1) {
            err.println(P2pe.ERROR_PREFIX + "--participants and --concurrency must be at least 1");
            return P2pe.EXIT_REFUSED;
        }
        NetworkDirectory network = BenchCommand.network(networkDir);
        try (P2peConnection operator = BenchCommand.operator(network);
             P2peConnection meter = P2peConnection.connect(network.config("GridOrg", "meter"))) {
            MarketSettings market = BenchCommand.settings(operator);
            // A slot that ended 1 to 300 days ago: readings are accepted only after a slot's end.
            long days = 1 + ThreadLocalRandom.current().nextInt(300);
            Slot slot = market.slotAt(Instant.now().minus(Duration.ofDays(days)));
            out.printf("network %s, %d participants, slot %s%n", network.home(), participants, slot);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                ids.add(String.format(Locale.ROOT, "bench-set-%04d", i));
            }
            long[] register = inParallel(ids, concurrency, id -> operator.operator().ensureParticipant(
                    ParticipantRegistration.of(id, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                            .withLocation("tokyo/bench/feeder-" + (id.hashCode() & 3))));
            out.println(BenchCommand.summary("RegisterParticipant (or found)", register));
            long[] readings = inParallel(ids, concurrency, id -> meter.operator().recordMeterReading(new MeterReadingRequest(
                    "RetailerOrgMSP:" + id, slot, 100 + (id.hashCode() & 1023), 0, "m-" + id)));
            out.println(BenchCommand.summary("RecordMeterReading", readings));
            long t0 = System.nanoTime();
            operator.operator().clearSlot(slot);
            long clear = System.nanoTime() - t0;
            t0 = System.nanoTime();
            SlotState settled = operator.operator().settleSlot(slot);
            long settle = System.nanoTime() - t0;
            t0 = System.nanoTime();
            operator.operator().settleSlot(slot);
            long repeat = System.nanoTime() - t0;
            out.printf(Locale.ROOT, "ClearSlot (empty book): %.0f ms%n", clear / 1e6);
            out.printf(Locale.ROOT, "SettleSlot over %d participants: %.0f ms (%d Wh imported); repeated: %.0f ms; "
                    + "load average %.2f%n", settled.settlement().participants(), settle / 1e6,
                    settled.settlement().importedWh(), repeat / 1e6,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return 0;
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + e.getMessage());
            return P2pe.EXIT_INTERNAL;
        }
    }

    /** A call that may fail. */
    interface Call {
        void run(String id) throws Exception;
    }

    /** Runs {@code call} for every id, {@code concurrency} at once; each call's nanoseconds. */
    static long[] inParallel(List<String> ids, int concurrency, Call call) throws Exception {
        long[] each = new long[ids.size()];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int k = i;
                work.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    call.run(ids.get(k));
                    each[k] = System.nanoTime() - t0;
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return each;
    }
}
