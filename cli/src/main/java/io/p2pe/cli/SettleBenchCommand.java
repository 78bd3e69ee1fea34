package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingBatch;
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
 * participants (households of RetailerOrg, {@code bench-set-NNNN}, registered by the operator in
 * RegisterParticipants batches when missing; no trades, so each line is retail supply alone): the
 * participants' registration, the meter's RecordMeterReading of each ({@code --concurrency} in flight; with {@code --reading-batch N}
 * RecordMeterReadings of N readings each), ClearSlot of the empty book,
 * then SettleSlot (in pages of the market's settlementPageSize), timed, with the machine's load
 * average. Settlement writes one line per participant, which is what its cost grows with.
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
    @Option(names = "--reading-batch", defaultValue = "1", description = "Readings per transaction: 1 = "
            + "RecordMeterReading each; more = RecordMeterReadings of this many, 2-" + MeterReadingBatch.MAX_READINGS
            + " (default: ${DEFAULT-VALUE}).")
    int readingBatch;

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
        String invalid = invalidReadingBatch(readingBatch);
        if (invalid != null) {
            err.println(P2pe.ERROR_PREFIX + invalid);
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
            List<MeterReadingRequest> requests = meteredParticipants(operator, ids, slot, concurrency, out);
            long t0 = System.nanoTime();
            long[] readings = recordReadings(meter, requests, readingBatch, concurrency);
            out.println(readingsSummary(readings, readingBatch, System.nanoTime() - t0, requests.size()));
            t0 = System.nanoTime();
            operator.operator().clearSlot(slot);
            long clear = System.nanoTime() - t0;
            out.printf(Locale.ROOT, "ClearSlot (empty book): %.0f ms%n", clear / 1e6);
            settleAndRepeat(operator, slot, out);
            return 0;
        } catch (P2peException e) {
            err.println(P2pe.ERROR_PREFIX + e.getMessage());
            return P2pe.EXIT_INTERNAL;
        }
    }

    /**
     * Registers the participants {@code ids} of RetailerOrg (households without trades; found
     * registered from an earlier run, they are skipped) in RegisterParticipants transactions,
     * {@code concurrency} lists of 2,000 in flight, and returns a reading of {@code slot} for each:
     * some import, nothing exported.
     */
    static List<MeterReadingRequest> meteredParticipants(P2peConnection operator, List<String> ids, Slot slot,
                                                         int concurrency, PrintWriter out) throws Exception {
        List<List<ParticipantRegistration>> lists = new ArrayList<>();
        List<MeterReadingRequest> readings = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (i % 2_000 == 0) {
                lists.add(new ArrayList<>());
            }
            String id = ids.get(i);
            lists.get(lists.size() - 1).add(ParticipantRegistration.of(id, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                    .withLocation("tokyo/bench/feeder-" + (id.hashCode() & 3)));
            readings.add(new MeterReadingRequest("RetailerOrgMSP:" + id, slot, 100 + (id.hashCode() & 1023), 0,
                    "m-" + id));
        }
        long t0 = System.nanoTime();
        long[] register = inParallel(lists, Math.min(concurrency, lists.size()),
                list -> operator.operator().onboardParticipants(list));
        out.printf(Locale.ROOT, "%s; %d participants registered (or found) in %.1f s%n",
                BenchCommand.summary("RegisterParticipants, lists of 2,000", register), ids.size(),
                (System.nanoTime() - t0) / 1e9);
        return readings;
    }

    /**
     * SettleSlot of a metered slot, every page of it (the SDK's settleSlot), timed, then repeated
     * (a settled slot without late readings: no private read), with the machine's load average.
     */
    static SlotState settleAndRepeat(P2peConnection operator, Slot slot, PrintWriter out) throws P2peException {
        long t0 = System.nanoTime();
        SlotState settled = operator.operator().settleSlot(slot);
        long settle = System.nanoTime() - t0;
        t0 = System.nanoTime();
        operator.operator().settleSlot(slot);
        long repeat = System.nanoTime() - t0;
        SlotState.SettlementSummary sum = settled.settlement();
        out.printf(Locale.ROOT, "SettleSlot over %d participants in %d page(s): %.0f ms, %.0f ms a page (%d Wh "
                + "imported, %d Wh delivered); repeated: %.0f ms; load average %.2f%n", sum.participants(),
                sum.pages(), settle / 1e6, settle / 1e6 / Math.max(1, sum.pages()), sum.importedWh(),
                sum.deliveredWh(), repeat / 1e6, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return settled;
    }

    /** Why a {@code --reading-batch} is refused, or null. */
    static String invalidReadingBatch(int readingBatch) {
        return readingBatch < 1 || readingBatch > MeterReadingBatch.MAX_READINGS
                ? "--reading-batch must be 1 to " + MeterReadingBatch.MAX_READINGS : null;
    }

    /**
     * Records the readings by the meter identity, {@code concurrency} calls in flight: one
     * RecordMeterReading per reading when {@code batch} is 1 (what the benchmarks measured before
     * batches), else RecordMeterReadings of {@code batch} readings. The readings name each
     * participant once, so the calls in flight never rewrite one meter binding (which would
     * conflict at commit). Each call's nanoseconds.
     */
    static long[] recordReadings(P2peConnection meter, List<MeterReadingRequest> readings, int batch, int concurrency)
            throws Exception {
        List<List<MeterReadingRequest>> calls = new ArrayList<>();
        for (int i = 0; i < readings.size(); i += batch) {
            calls.add(readings.subList(i, Math.min(readings.size(), i + batch)));
        }
        return inParallel(calls, Math.min(concurrency, calls.size()), part -> {
            if (batch == 1) {
                meter.operator().recordMeterReading(part.get(0));
            } else {
                meter.operator().recordMeterReadings(part);
            }
        });
    }

    /** The timing line of {@link #recordReadings}: the calls' latencies and the readings per second overall. */
    static String readingsSummary(long[] calls, int batch, long totalNanos, int readings) {
        String what = batch == 1 ? "RecordMeterReading" : "RecordMeterReadings (" + batch + " a transaction)";
        return String.format(Locale.ROOT, "%s; %d readings in %.1f s, %.0f readings/s", BenchCommand.summary(what, calls),
                readings, totalNanos / 1e9, readings / (totalNanos / 1e9));
    }

    /** A call that may fail. */
    interface Call<T> {
        void run(T item) throws Exception;
    }

    /** Runs {@code call} for every item, {@code concurrency} at once; each call's nanoseconds. */
    static <T> long[] inParallel(List<T> ids, int concurrency, Call<T> call) throws Exception {
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
