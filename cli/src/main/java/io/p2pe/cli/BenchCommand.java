package io.p2pe.cli;

import io.p2pe.market.Slot;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposedTrade;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.OperatorClient;
import io.p2pe.sdk.solver.CompetitionOutcome;
import io.p2pe.sdk.solver.LpMinSurplusMethod;
import io.p2pe.sdk.solver.ProposalBook;
import io.p2pe.sdk.solver.ProposalMethod;
import io.p2pe.sdk.solver.ProposalMethods;
import io.p2pe.sdk.solver.SolverClient;
import io.p2pe.sdk.solver.SubmittedProposal;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.Deadlines;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.AggregatedOrder;
import io.p2pe.sdk.OrderBatch;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.simulator.NetworkDirectory;
import io.p2pe.simulator.SimulationInputException;
import java.io.PrintWriter;
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
        subcommands = {BenchCommand.Ledger.class, BenchCommand.Proposals.class, SettleBenchCommand.class})
final class BenchCommand {

    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = "SubmitOrder latency and throughput, CloseSlot/ClearSlot latency over --orders orders.")
    static final class Ledger extends LoadCommand {
        @Option(names = "--orders", defaultValue = "1000", description = "Orders in the cleared slot (default: ${DEFAULT-VALUE}).")
        int orders;
        @Option(names = "--sequential", defaultValue = "200",
                description = "Sequential SubmitOrder calls timed one by one (default: ${DEFAULT-VALUE}).")
        int sequential;
        @Option(names = "--batch", defaultValue = "0", description = "Fill the slots by aggregated submission "
                + "(SubmitOrders) in batches of this many orders, 1-" + OrderBatch.MAX_ORDERS + "; 0 = SubmitOrder "
                + "per order (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--aggregators", defaultValue = "2",
                description = "With --batch: aggregator identities submitting (default: ${DEFAULT-VALUE}).")
        int aggregators;
        @Option(names = "--in-flight", defaultValue = "8", description = "With --batch: batches in flight at once, each "
                + "for its own group of the --concurrency households (default: ${DEFAULT-VALUE}).")
        int inFlight;
        @Option(names = "--order-book", description = "Run with the market's order book OPEN or SEALED (docs/privacy.md; "
                + "SEALED: RetailerOrg's admin publishes a sealing key, the SDK seals every order, RetailerOrg's "
                + "admin reveals after CloseSlot, timed); the configuration is put back at the end. Default: as "
                + "configured.")
        io.p2pe.protocol.OrderBookMode orderBook;
        @Option(names = "--settle", description = "Then settle the cleared slot: the market runs on the LEDGER clock "
                + "(switched for the run when it does not), which the operator moves past the slot's end; GridOrg's "
                + "meter records each household's reading (its traded energy, delivered exactly), SettleSlot, and a "
                + "buying household reads its provenance 20 times. Run it on a network of its own.")
        boolean settle;
        @Option(names = "--reading-batch", defaultValue = "1", description = "With --settle: readings per "
                + "transaction, 1 = RecordMeterReading each, more = RecordMeterReadings of this many, up to "
                + io.p2pe.sdk.MeterReadingBatch.MAX_READINGS + " (default: ${DEFAULT-VALUE}).")
        int readingBatch;
        @Option(names = "--metered", defaultValue = "0", description = "With --settle: this many more participants "
                + "without trades (bench-set-NNNNNN of RetailerOrg, registered in batches when missing), metered "
                + "and settled in the same slot (default: ${DEFAULT-VALUE}).")
        int metered;
        /** With --batch the orders spread over as many slots as the open-order cap needs, at most this many. */
        private static final int MAX_BATCH_SLOTS = 48;

        @Override
        int orders() {
            return orders;
        }

        @Override
        String invalidOptions() {
            if (sequential < 1) {
                return "--sequential must be at least 1";
            }
            if (metered < 0 || (metered > 0 && !settle)) {
                return "--metered must be 0 or more, and needs --settle";
            }
            if (SettleBenchCommand.invalidReadingBatch(readingBatch) != null) {
                return SettleBenchCommand.invalidReadingBatch(readingBatch);
            }
            if (batch < 0 || batch > OrderBatch.MAX_ORDERS) {
                return "--batch must be 0 to " + OrderBatch.MAX_ORDERS;
            }
            if (batch > 0 && orderBook == io.p2pe.protocol.OrderBookMode.SEALED) {
                return "--batch needs an OPEN order book (SubmitOrders takes orders in clear)";
            }
            if (batch > 0 && (aggregators < 1 || inFlight < 1 || inFlight > concurrency)) {
                return "--aggregators must be at least 1 and --in-flight 1 to --concurrency";
            }
            return null;
        }

        @Override
        int openOrderCap(MarketSettings market) {
            return market.maxOpenOrdersPerParticipant() * (batch > 0 ? MAX_BATCH_SLOTS : 1);
        }

        @Override
        void run(NetworkDirectory network, P2peConnection operator, MarketSettings market, List<P2peConnection> traders,
                 PrintWriter out) throws Exception {
            boolean book = orderBook != null && orderBook != market.orderBook();
            boolean clock = settle && market.clockMode() != ClockMode.LEDGER;
            MarketSettings inForce = market;
            if (book || clock) {
                MarketConfigRequest.Builder b = MarketConfigRequest.from(market);
                if (book) {
                    b.orderBook(orderBook);
                }
                if (clock) {
                    b.clockMode(ClockMode.LEDGER);
                }
                inForce = operator.operator().configureMarket(b.build());
            }
            try {
                if (settle && operator.participant().marketTime().isEmpty()) {
                    operator.operator().advanceLedgerTime(Instant.now());
                }
                runIn(network, operator, inForce, traders, out,
                        inForce.orderBook() == io.p2pe.protocol.OrderBookMode.SEALED ? sealingAdmin(network) : null);
            } finally {
                if (inForce != market) {
                    operator.operator().configureMarket(MarketConfigRequest.from(market).build());
                }
            }
        }

        /** RetailerOrg's admin with a fresh sealing key published, for the bench's RetailerOrg traders. */
        private static SealingAdmin sealingAdmin(NetworkDirectory network) throws Exception {
            P2peConnection admin = P2peConnection.connect(network.config("RetailerOrg", "Admin"));
            java.security.KeyPair key = io.p2pe.sdk.SealedOrders.newSealingKeyPair();
            String keyId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
            admin.sealedBook().setSealingKey(keyId, (java.security.interfaces.ECPublicKey) key.getPublic());
            return new SealingAdmin(admin, java.util.Map.of(keyId, key.getPrivate()));
        }

        private record SealingAdmin(P2peConnection admin, java.util.Map<String, java.security.PrivateKey> keys) {
        }

        private void runIn(NetworkDirectory network, P2peConnection operator, MarketSettings market,
                           List<P2peConnection> traders, PrintWriter out, SealingAdmin sealing) throws Exception {
            try {
                runBench(network, operator, market, traders, out, sealing);
            } finally {
                if (sealing != null) {
                    sealing.admin().close();
                }
            }
        }

        private void runBench(NetworkDirectory network, P2peConnection operator, MarketSettings market,
                              List<P2peConnection> traders, PrintWriter out, SealingAdmin sealing) throws Exception {
            out.printf("order book %s%n", market.orderBook());
            Slot first = unusedSlotPair(operator, market, traders.get(0));
            String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            out.printf("network %s, %d participants, slots from %s, run %s%n", network.home(), concurrency, first, run);

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
            if (batch > 0) {
                fillSlotsAggregated(network, operator, market, traders, clearing, run, out);
            } else {
                fillSlot(traders, clearing, orders, run, out);
            }

            // 3. Close and clear the slot holding `orders` orders.
            long t0 = System.nanoTime();
            operator.operator().closeSlot(clearing);
            long close = System.nanoTime() - t0;
            if (sealing != null) {
                t0 = System.nanoTime();
                var report = sealing.admin().sealedBook().revealSlot(clearing, sealing.keys());
                long reveal = System.nanoTime() - t0;
                out.printf(Locale.ROOT, "RevealOrders (list, decrypt, reveal) of %d sealed orders: %.0f ms in %d "
                        + "transactions (%d OPEN, %d REJECTED, %d undecryptable); load average %.2f%n",
                        report.sealedUnderKeys(), reveal / 1e6, report.transactions(), report.opened().size(),
                        report.rejected().size(), report.undecryptable().size(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            t0 = System.nanoTime();
            ClearingRecord c = operator.operator().clearSlot(clearing);
            long clear = System.nanoTime() - t0;
            t0 = System.nanoTime();
            operator.operator().clearSlot(clearing);
            long repeat = System.nanoTime() - t0;
            t0 = System.nanoTime();
            operator.participant().clearingResult(clearing);
            long read = System.nanoTime() - t0;
            t0 = System.nanoTime();
            io.p2pe.sdk.ClearingVerification audit = operator.audit().verifyClearing(clearing);
            long verify = System.nanoTime() - t0;
            long bytes = c.segments().stream().mapToLong(s -> s.input().length() + s.result().length()).sum();
            out.printf(Locale.ROOT, "CloseSlot: %.0f ms%n", close / 1e6);
            out.printf(Locale.ROOT, "ClearSlot over %d orders, with PublishClearing of its %d result pieces and the "
                    + "read-back: %.0f ms (%d trades, %d Wh, %d segment(s), %.1f MB of input+result text); repeated "
                    + "ClearSlot: %.0f ms%n", c.clearing().orderCount(), c.clearing().resultChunks(), clear / 1e6,
                    c.clearing().tradeCount(), c.clearing().volumeWh(), c.segments().size(), bytes / 1e6,
                    repeat / 1e6);
            out.printf(Locale.ROOT, "GetClearingResult (input rebuilt from the orders, result from its pieces): %.0f ms; "
                    + "audit (read and re-run by the engine): %.0f ms, %s; load average %.2f%n", read / 1e6,
                    verify / 1e6, audit.verified() ? "verified" : "NOT VERIFIED " + audit.problems(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (settle) {
                settle(network, operator, traders, clearing, c, out);
            }
        }

        /**
         * Meters, settles and queries the cleared slot: each household's reading is exactly the
         * energy it traded (so every trade is delivered), recorded by GridOrg's meter after the
         * operator has moved the ledger clock to the slot's end; then SettleSlot; then a buying
         * household's GetProvenance, 20 times.
         */
        private void settle(NetworkDirectory network, P2peConnection operator, List<P2peConnection> households,
                            Slot slot, ClearingRecord cleared, PrintWriter out) throws Exception {
            java.util.Map<String, long[]> flows = new java.util.TreeMap<>();
            List<io.p2pe.market.ClearingResult> results = cleared.results();
            for (int s = 0; s < results.size(); s++) {
                java.util.Map<String, io.p2pe.market.Order> byId = new java.util.TreeMap<>();
                for (io.p2pe.market.Order o : io.p2pe.market.MarketJson.readInput(cleared.segments().get(s).input())
                        .orders()) {
                    byId.put(o.id(), o);
                }
                for (io.p2pe.market.Fill f : results.get(s).fills()) {
                    io.p2pe.market.Order o = byId.get(f.orderId());
                    flows.computeIfAbsent(o.participant(), k -> new long[2])[o.side() == io.p2pe.market.Side.BUY ? 0 : 1]
                            += f.filledWh();
                }
            }
            List<String> others = new ArrayList<>();
            for (int i = 0; i < metered; i++) {
                others.add(String.format(Locale.ROOT, "bench-set-%06d", i));
            }
            List<io.p2pe.sdk.MeterReadingRequest> readings = new ArrayList<>(others.isEmpty() ? List.of()
                    : SettleBenchCommand.meteredParticipants(operator, others, slot, 4, out));
            operator.operator().advanceLedgerTime(slot.endInstant());
            flows.forEach((id, f) -> readings.add(new io.p2pe.sdk.MeterReadingRequest(id, slot, f[0], f[1],
                    "m-" + id.substring(id.indexOf(':') + 1))));
            long t0 = System.nanoTime();
            long[] each;
            try (P2peConnection meter = P2peConnection.connect(network.config("GridOrg", "meter"))) {
                each = SettleBenchCommand.recordReadings(meter, readings, readingBatch, 16);
            }
            out.println(SettleBenchCommand.readingsSummary(each, readingBatch, System.nanoTime() - t0, readings.size())
                    + " (" + readings.size() + " households, 16 in flight)");
            out.printf(Locale.ROOT, "the slot's trades: %d%n", cleared.clearing().tradeCount());
            SettleBenchCommand.settleAndRepeat(operator, slot, out);
            P2peConnection buyer = households.get(0);
            long[] queries = new long[20];
            io.p2pe.protocol.ProvenanceRecord record = null;
            for (int i = 0; i < queries.length; i++) {
                t0 = System.nanoTime();
                record = buyer.participant().provenance(slot);
                queries[i] = System.nanoTime() - t0;
            }
            out.println(summary("GetProvenance of " + record.consumer() + " (" + record.provenance().deliveredWh()
                    + " Wh delivered)", queries));
        }

        /**
         * A slot 2 to 6 days ahead whose successor too is untouched by earlier runs on this network:
         * both OPEN, and the first trader (in every run) has no order in either. A repeated run on
         * one network once drew the slot an earlier run had cleared (SLOT_CLOSED).
         */
        private static Slot unusedSlotPair(P2peConnection operator, MarketSettings market, P2peConnection firstTrader)
                throws P2peException {
            Instant now = operator.participant().marketTime().orElseGet(Instant::now);
            for (int attempt = 0; attempt < 100; attempt++) {
                Slot first = market.slotAt(now.plus(Duration.ofDays(2 + ThreadLocalRandom.current().nextInt(5)))
                        .plus(Duration.ofMinutes(30L * ThreadLocalRandom.current().nextInt(48))));
                Slot next = market.next(first);
                if (untouched(operator, firstTrader, first) && untouched(operator, firstTrader, next)) {
                    return first;
                }
            }
            throw new IllegalStateException("no two consecutive untouched slots found 2 to 6 days ahead in 100 tries");
        }

        private static boolean untouched(P2peConnection operator, P2peConnection trader, Slot slot) throws P2peException {
            return operator.participant().slot(slot).status() == SlotState.Status.OPEN
                    && trader.participant().myOrders(slot).isEmpty();
        }

        /**
         * Aggregated submission: {@code --aggregators} identities {@code bench-agg-NN} of RetailerOrg
         * (role aggregator, registered when missing), authorised by every household, submit the
         * orders in SubmitOrders batches of {@code --batch}. The households are split into
         * {@code --in-flight} groups with one batch in flight each, so concurrent batches never touch
         * the same household's position (which would conflict, MVCC); a household's orders fill
         * {@code from} and the following slots up to the open-order cap in each.
         */
        private void fillSlotsAggregated(NetworkDirectory network, P2peConnection operator, MarketSettings market,
                                         List<P2peConnection> households, Slot from, String run, PrintWriter out)
                throws Exception {
            List<P2peConnection> aggs = new ArrayList<>();
            try {
                for (int a = 1; a <= aggregators; a++) {
                    String name = String.format(Locale.ROOT, "bench-agg-%02d", a);
                    network.ensureIdentity("RetailerOrg", name, "aggregator", name);
                    aggs.add(P2peConnection.connect(network.config("RetailerOrg", name)));
                    operator.operator().ensureParticipant(ParticipantRegistration.of(name, "BUSINESS")
                            .withMspId("RetailerOrgMSP"));
                }
                List<java.util.concurrent.CompletableFuture<?>> grants = new ArrayList<>();
                for (P2peConnection h : households) {
                    grants.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                        for (P2peConnection a : aggs) {
                            try {
                                h.participant().authorizeAggregator(a.aggregator().aggregatorId());
                            } catch (P2peException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        }
                    }));
                }
                for (var g : grants) {
                    g.join();
                }
                int cap = market.maxOpenOrdersPerParticipant();
                // Each group's orders, in submission order: households round-robin, each household
                // filling a slot up to the cap before moving to the next.
                List<List<AggregatedOrder>> streams = new ArrayList<>();
                for (int g = 0; g < inFlight; g++) {
                    streams.add(new ArrayList<>());
                }
                int[] placedBy = new int[households.size()];
                for (int i = 0; i < orders; i++) {
                    int h = i % households.size();
                    int k = placedBy[h]++;
                    Slot slot = from;
                    for (int s = 0; s < k / cap; s++) {
                        slot = market.next(slot);
                    }
                    boolean buy = h % 2 == 0;
                    long wh = 500 + (i * 37L) % 2_000;
                    long price = buy ? 1_800 + (i * 13L) % 600 : 1_400 + (i * 17L) % 600;
                    String cid = "ba-" + run + "-" + i;
                    streams.get(h % inFlight).add(new AggregatedOrder(households.get(h).participant().participantId(),
                            buy ? OrderRequest.buy(cid, slot, wh, price) : OrderRequest.sell(cid, slot, wh, price)));
                }
                int batches = 0;
                for (List<AggregatedOrder> stream : streams) {
                    batches += (stream.size() + batch - 1) / batch;
                }
                long[] each = new long[batches];
                java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(inFlight);
                long start = System.nanoTime();
                List<Future<?>> work = new ArrayList<>();
                for (int g = 0; g < inFlight; g++) {
                    List<AggregatedOrder> stream = streams.get(g);
                    P2peConnection agg = aggs.get(g % aggs.size());
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < stream.size(); i += batch) {
                            OrderBatch b = new OrderBatch(stream.subList(i, Math.min(stream.size(), i + batch)));
                            long t0 = System.nanoTime();
                            agg.aggregator().submitOrders(b);
                            each[done.getAndIncrement()] = System.nanoTime() - t0;
                        }
                        return null;
                    }));
                }
                try {
                    for (Future<?> f : work) {
                        f.get();
                    }
                } finally {
                    pool.shutdown();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                out.println(summary("SubmitOrders, batches of " + batch + " (" + inFlight + " in flight, " + aggs.size()
                        + " aggregators, " + households.size() + " households)", each));
                out.printf(Locale.ROOT, "  throughput: %d orders in %d batches in %.1f s = %.1f orders/s; load average "
                        + "%.2f%n", orders, batches, seconds, orders / seconds,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                aggs.forEach(P2peConnection::close);
            }
        }
    }

    /**
     * {@code p2pe bench proposals}: proposal-based clearing over one slot of {@code --orders}
     * orders: a solver of each peer org reads the closed book, computes its matching (the engine,
     * the greedy method, the LP method) and submits it; then FinalizeClearing re-scores every
     * proposal and the built-in result and keeps the best. Each step is timed. It switches the
     * market to OPTIMAL on the LEDGER clock with a proposal window (the operator then moves the
     * clock) and puts the configuration back at the end: run it on a network of its own.
     */
    @Command(name = "proposals", mixinStandardHelpOptions = true,
            description = "ProposeClearing by a solver of each peer org and FinalizeClearing over --orders orders.")
    static final class Proposals extends LoadCommand {
        private static final List<String> SOLVER_ORGS = List.of("ExchangeOrg", "RetailerOrg", "GridOrg");
        /** The chaincode's largest {@code maxOpenOrdersPerParticipant}. */
        private static final int MAX_OPEN_ORDERS_CAP = 1_000;

        @Option(names = "--orders", defaultValue = "10000", description = "Orders in the slot (default: ${DEFAULT-VALUE}).")
        int orders;
        @Option(names = "--objective", defaultValue = "MAX_MIN_SURPLUS",
                description = "MAX_WELFARE, MAX_VOLUME or MAX_MIN_SURPLUS (default: ${DEFAULT-VALUE}).")
        Objective objective;

        @Override
        int orders() {
            return orders;
        }

        /** The run raises the market's cap up to the chaincode's. */
        @Override
        int openOrderCap(MarketSettings market) {
            return MAX_OPEN_ORDERS_CAP;
        }

        @Override
        void run(NetworkDirectory network, P2peConnection operator, MarketSettings before, List<P2peConnection> traders,
                 PrintWriter out) throws Exception {
            MarketSettings market = operator.operator().configureMarket(MarketConfigRequest.from(before)
                    .mechanism(Mechanism.OPTIMAL).objective(objective).clockMode(ClockMode.LEDGER).proposalWindowMinutes(5)
                    .maxOpenOrdersPerParticipant(Math.max(before.maxOpenOrdersPerParticipant(), perTrader())).build());
            List<P2peConnection> solvers = new ArrayList<>();
            try {
                compete(network, operator, market, traders, solvers, out);
            } finally {
                solvers.forEach(P2peConnection::close);
                operator.operator().configureMarket(MarketConfigRequest.from(before).build());
            }
        }

        private void compete(NetworkDirectory network, P2peConnection operator, MarketSettings market,
                             List<P2peConnection> traders, List<P2peConnection> solvers, PrintWriter out) throws Exception {
            OperatorClient op = operator.operator();
            Instant now = operator.participant().marketTime().orElse(null);
            if (now == null) {
                now = Instant.parse(op.advanceLedgerTime(Instant.now()).ledgerTime());
            }
            for (String org : SOLVER_ORGS) {
                String name = "bench-solver-" + org.toLowerCase(Locale.ROOT);
                network.ensureIdentity(org, name, "solver", null);
                solvers.add(P2peConnection.connect(network.config(org, name).toBuilder()
                        .deadlines(Deadlines.DEFAULT.withEndorse(Duration.ofMinutes(5))).build()));
            }
            List<ProposalMethod> methods = List.of(ProposalMethods.engine(), ProposalMethods.greedy(1),
                    new LpMinSurplusMethod());
            Slot slot = market.firstOpenSlot(now.plus(Duration.ofHours(1)));
            while (op.slot(slot).status() != SlotState.Status.OPEN) {
                slot = market.next(slot);
            }
            String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            out.printf("network %s, %s, %d orders in %s, run %s%n", network.home(), objective, orders, slot, run);
            fillSlot(traders, slot, orders, run, out);

            op.advanceLedgerTime(market.gateClosure(slot));
            long t0 = System.nanoTime();
            op.closeSlot(slot);
            out.printf(Locale.ROOT, "CloseSlot: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            Instant windowEnds = null;
            for (int i = 0; i < solvers.size(); i++) {
                SolverClient solver = solvers.get(i).solver();
                t0 = System.nanoTime();
                ProposalBook book = solver.book(slot);
                long read = System.nanoTime() - t0;
                t0 = System.nanoTime();
                List<ProposedTrade> trades = methods.get(i).propose(book.input());
                long compute = System.nanoTime() - t0;
                windowEnds = book.windowEnds();
                t0 = System.nanoTime();
                SubmittedProposal p;
                try {
                    p = solver.propose(slot, new Proposal(book.slot(), book.inputDigest(), trades));
                } catch (EndorsementRejectedException refused) {
                    // A refused proposal is a figure too (e.g. BEYOND_LIMITS for its size); the others compete.
                    out.printf(Locale.ROOT, "%s: book %.0f ms, method %.0f ms, %d trades; ProposeClearing refused after "
                            + "%.0f ms: %s%n", SOLVER_ORGS.get(i), read / 1e6, compute / 1e6, trades.size(),
                            (System.nanoTime() - t0) / 1e6, refused.getMessage());
                    continue;
                }
                long propose = System.nanoTime() - t0;
                out.printf(Locale.ROOT, "%s: book %.0f ms, method %.0f ms, ProposeClearing %.0f ms; %d trades, "
                        + "min rate %s, surplus %d, %d Wh%n", SOLVER_ORGS.get(i), read / 1e6, compute / 1e6,
                        propose / 1e6, p.tradeCount(), p.score().minSurplusRate(), p.score().surplus(),
                        p.score().volumeWh());
            }
            op.advanceLedgerTime(windowEnds);
            t0 = System.nanoTime();
            ClearingRecord cleared = solvers.get(0).solver().finalizeClearing(slot);
            long finalize = System.nanoTime() - t0;
            CompetitionOutcome outcome = solvers.get(0).solver().proposals(slot).outcome();
            out.printf(Locale.ROOT, "FinalizeClearing over %d orders and %d candidates: %.0f ms; %d trades, %d Wh%n",
                    cleared.clearing().orderCount(), outcome.candidates(), finalize / 1e6,
                    cleared.clearing().tradeCount(), cleared.clearing().volumeWh());
            out.printf("  winner %s (%s), runner-up %s (%s), built-in %s%n", outcome.winner().solver(),
                    outcome.winner().score(), outcome.runnerUp() == null ? "-" : outcome.runnerUp().solver(),
                    outcome.runnerUp() == null ? "-" : outcome.runnerUp().score(),
                    outcome.builtIn() == null ? outcome.builtInRefusal() : outcome.builtIn().score());
        }
    }

    /**
     * What the load generators share: the network directory, the operator, {@code --concurrency}
     * traders registered and connected, the checks of the options against the open-order cap, and
     * the exit statuses (2 refused options, 1 a ledger failure).
     */
    abstract static class LoadCommand implements Callable<Integer> {
        @Option(names = "--network-dir", paramLabel = "DIR",
                description = "The network's state directory (default: $P2PE_NETWORK_DIR, else .network).")
        Path networkDir;
        @Option(names = "--concurrency", defaultValue = "16",
                description = "Participants submitting at once, one call in flight each (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Spec
        CommandSpec spec;

        abstract int orders();

        /** A refusal of the command's own options, or null. */
        String invalidOptions() {
            return null;
        }

        /** The most open orders a participant may hold in one slot during the run. */
        abstract int openOrderCap(MarketSettings market);

        /** The measurements, printed to {@code out}; the traders are closed afterwards. */
        abstract void run(NetworkDirectory network, P2peConnection operator, MarketSettings market,
                          List<P2peConnection> traders, PrintWriter out) throws Exception;

        /** Orders per participant in the filled slot. */
        int perTrader() {
            return (orders() + concurrency - 1) / concurrency;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String invalid = orders() < 2 || concurrency < 2 ? "--orders and --concurrency must be at least 2"
                    : invalidOptions();
            if (invalid != null) {
                err.println(P2pe.ERROR_PREFIX + invalid);
                return P2pe.EXIT_REFUSED;
            }
            NetworkDirectory network;
            try {
                network = network(networkDir);
            } catch (SimulationInputException e) {
                err.println(P2pe.ERROR_PREFIX + e.getMessage());
                return P2pe.EXIT_REFUSED;
            }
            List<P2peConnection> traders = new ArrayList<>();
            try (P2peConnection operator = operator(network)) {
                MarketSettings market = settings(operator);
                int cap = openOrderCap(market);
                if (perTrader() > cap) {
                    err.println(P2pe.ERROR_PREFIX + "--orders / --concurrency is " + perTrader() + " orders per "
                            + "participant in one slot; at most " + cap + " are allowed (maxOpenOrdersPerParticipant): "
                            + "raise --concurrency");
                    return P2pe.EXIT_REFUSED;
                }
                traders.addAll(traders(network, operator, concurrency));
                run(network, operator, market, traders, out);
                return 0;
            } catch (P2peException e) {
                err.println(P2pe.ERROR_PREFIX + e.getMessage());
                return P2pe.EXIT_INTERNAL;
            } finally {
                traders.forEach(P2peConnection::close);
            }
        }
    }

    /**
     * Fills {@code slot} with {@code orders} orders submitted concurrently, one call in flight per
     * trader (half of them buy, half sell; prices overlap so that most orders can trade), and
     * prints the latency distribution and throughput.
     */
    static void fillSlot(List<P2peConnection> traders, Slot slot, int orders, String run, PrintWriter out)
            throws Exception {
        int concurrency = traders.size();
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
                    OrderRequest r = buy ? OrderRequest.buy("bc-" + run + "-" + i, slot, wh, price)
                            : OrderRequest.sell("bc-" + run + "-" + i, slot, wh, price);
                    long t0 = System.nanoTime();
                    c.participant().submitOrderAsync(r).join();
                    each[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(summary("SubmitOrder concurrent (" + concurrency + " in flight)", each));
        out.printf(Locale.ROOT, "  throughput: %d orders in %.1f s = %.1f orders/s%n", orders, seconds, orders / seconds);
    }

    /** {@code bench-01} … participants of RetailerOrg, enrolled and registered when missing. */
    static List<P2peConnection> traders(NetworkDirectory network, P2peConnection operator, int count) throws Exception {
        List<P2peConnection> traders = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                String name = String.format(Locale.ROOT, "bench-%02d", i);
                network.ensureIdentity("RetailerOrg", name, "participant", name);
                traders.add(P2peConnection.connect(network.config("RetailerOrg", name)));
                operator.operator().ensureParticipant(ParticipantRegistration.of(name, "HOUSEHOLD")
                        .withMspId("RetailerOrgMSP").withLocation("tokyo/bench/feeder-" + (i % 4)));
            }
            return traders;
        } catch (Exception e) {
            traders.forEach(P2peConnection::close);
            throw e;
        }
    }

    /** The configuration in force; on a new network the chaincode's defaults, set first. */
    static MarketSettings settings(P2peConnection operator) throws P2peException {
        try {
            return operator.participant().marketSettings();
        } catch (EndorsementRejectedException e) {
            if (e.errorCode().orElse(null) != ErrorCode.NOT_CONFIGURED) {
                throw e;
            }
            return operator.operator().configureMarket(MarketConfigRequest.builder().build());
        }
    }

    /** The network directory under {@code --network-dir}, $P2PE_NETWORK_DIR or .network, with its profiles. */
    static NetworkDirectory network(Path networkDir) throws Exception {
        Path dir = networkDir != null ? networkDir : Path.of(System.getenv().getOrDefault("P2PE_NETWORK_DIR", ".network"));
        return new NetworkDirectory(dir, Path.of("test-network-scripts", "network.sh"));
    }

    /** The operator, with an endorsement deadline for transactions over big books. */
    static P2peConnection operator(NetworkDirectory network) throws Exception {
        // ClearSlot and FinalizeClearing over many orders run longer than the default 15 s deadline.
        return P2peConnection.connect(network.config("ExchangeOrg", "operator").toBuilder()
                .deadlines(Deadlines.DEFAULT.withEndorse(Duration.ofMinutes(5))).build());
    }

    static String summary(String what, long[] nanos) {
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
