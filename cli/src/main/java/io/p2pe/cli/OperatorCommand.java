package io.p2pe.cli;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Units;
import io.p2pe.protocol.Participant;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketClock;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe operator configure|onboard|clock}. */
@Command(name = "operator", mixinStandardHelpOptions = true, description = "Market operator commands.",
        subcommands = {OperatorCommand.Configure.class, OperatorCommand.Onboard.class, OperatorCommand.ClockCmd.class})
final class OperatorCommand {

    static Output.Table table(MarketSettings m) {
        return new Output.Table(List.of("VERSION", "MECHANISM", "SLOT MIN", "GATE LEAD MIN", "RETAIL JPY/KWH",
                "BUY-BACK JPY/KWH", "ZONE"), List.of(List.of(Long.toString(m.version()),
                m.mechanism() + (m.objective() == null ? "" : "/" + m.objective()), Integer.toString(m.slotLengthMinutes()),
                Integer.toString(m.gateClosureLeadMinutes()), Units.jpyPerKwh(m.retailTariff()),
                Units.jpyPerKwh(m.buyBackTariff()), m.timeZone())));
    }

    @Command(name = "configure", mixinStandardHelpOptions = true,
            description = "Write a new market configuration version; unset options keep the values in force.")
    static final class Configure extends LedgerCommand {
        @Option(names = "--mechanism", description = "UNIFORM_PRICE, PAY_AS_BID or OPTIMAL.")
        Mechanism mechanism;
        @Option(names = "--objective", description = "For OPTIMAL: MAX_WELFARE, MAX_VOLUME, MAX_MIN_SURPLUS.")
        Objective objective;
        @Option(names = "--slot-minutes", description = "15, 30 or 60.")
        Integer slotMinutes;
        @Option(names = "--gate-lead-minutes", description = "Orders close this many minutes before the slot.")
        Integer lead;
        @Option(names = "--retail-tariff", converter = HumanUnits.JpyPerKwh.class,
                description = "JPY/kWh, up to 2 decimals, e.g. 26.20.")
        Long retail;
        @Option(names = "--buy-back-tariff", converter = HumanUnits.JpyPerKwh.class,
                description = "JPY/kWh, up to 2 decimals, e.g. 8.50.")
        Long buyBack;
        @Option(names = "--order-book", description = "OPEN (orders in clear) or SEALED (sealed to the owner org, "
                + "revealed after gate closure; docs/privacy.md).")
        io.p2pe.protocol.OrderBookMode orderBook;
        @Option(names = "--reveal-window-seconds", description = "SEALED: how long after gate closure ClearSlot waits "
                + "for the orgs' reveals.")
        Integer revealWindow;
        @Option(names = "--total-query-limit", description = "The peers' ledger.state.totalQueryLimit (must equal "
                + "it): a range scan that reaches it is refused instead of used in part.")
        Integer totalQueryLimit;
        @Option(names = "--max-open-orders", description = "Open orders one participant may hold in one slot.")
        Integer maxOpenOrders;
        @Option(names = "--clearing-chunk-bytes", description = "Size of the pieces a clearing's results are stored in.")
        Integer chunkBytes;
        @Option(names = "--clearing-chunks-per-tx", description = "Pieces ClearSlot and each PublishClearing store.")
        Integer chunksPerTx;
        @Option(names = "--settlement-page-size", description = "Participants one SettleSlot transaction settles.")
        Integer settlementPageSize;
        @Option(names = "--fresh", description = "Start from the chaincode defaults instead of the configuration in force.")
        boolean fresh;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            MarketConfigRequest.Builder b = fresh ? MarketConfigRequest.builder()
                    : MarketConfigRequest.from(c.participant().marketSettings());
            if (mechanism != null) {
                b.mechanism(mechanism);
            }
            if (objective != null) {
                b.objective(objective);
            }
            if (slotMinutes != null) {
                b.slotLengthMinutes(slotMinutes);
            }
            if (lead != null) {
                b.gateClosureLeadMinutes(lead);
            }
            if (retail != null) {
                b.retailTariff(retail);
            }
            if (buyBack != null) {
                b.buyBackTariff(buyBack);
            }
            if (orderBook != null) {
                b.orderBook(orderBook);
            }
            if (revealWindow != null) {
                b.revealWindowSeconds(revealWindow);
            }
            if (totalQueryLimit != null) {
                b.totalQueryLimit(totalQueryLimit);
            }
            if (maxOpenOrders != null) {
                b.maxOpenOrdersPerParticipant(maxOpenOrders);
            }
            if (chunkBytes != null) {
                b.clearingChunkBytes(chunkBytes);
            }
            if (chunksPerTx != null) {
                b.clearingChunksPerTx(chunksPerTx);
            }
            if (settlementPageSize != null) {
                b.settlementPageSize(settlementPageSize);
            }
            MarketSettings m = c.operator().configureMarket(b.build());
            Output.write(out, connection.output, m, table(m));
            return 0;
        }
    }

    @Command(name = "onboard", mixinStandardHelpOptions = true, description = "Register a participant.")
    static final class Onboard extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "Local id (its certificate's p2pe.participant).")
        String participant;
        @Option(names = "--msp", description = "Its org's MSP id (default: yours).")
        String msp;
        @Option(names = "--kind", required = true, description = "HOUSEHOLD, BUSINESS, MUNICIPAL or RETAILER.")
        String kind;
        @Option(names = "--location", description = "Grid location, e.g. tokyo/setagaya/seijo/feeder-3.")
        String location;
        @Option(names = "--pv-watts", description = "PV capacity, W (with --source).")
        long pvWatts;
        @Option(names = "--source", description = "What its exports are generated from, e.g. solar.")
        String source;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            ParticipantRegistration r = ParticipantRegistration.of(participant, kind);
            if (msp != null) {
                r = r.withMspId(msp);
            }
            if (location != null) {
                r = r.withLocation(location);
            }
            if (source != null) {
                r = r.withPv(pvWatts, source);
            }
            Participant p = c.operator().onboardParticipant(r);
            Output.write(out, connection.output, p, new Output.Table(List.of("ID", "KIND", "LOCATION", "STATUS"),
                    List.of(List.of(p.id(), p.kind().name(), Output.s(p.location()), p.status().name()))));
            return 0;
        }
    }

    @Command(name = "clock", mixinStandardHelpOptions = true,
            description = {"Run the market clock: close and clear each slot at its gate closure (and settle it).",
                "With --once, exit status 2 or 1 when a slot was refused or failed (its line says why)."})
    static final class ClockCmd extends LedgerCommand {
        @Option(names = "--period-seconds", defaultValue = "10", description = "Tick period (default ${DEFAULT-VALUE}).")
        long period;
        @Option(names = "--settle-after-minutes", description = "Also settle slots this long after delivery ends.")
        Long settleAfter;
        @Option(names = "--once", description = "Tick once and exit.")
        boolean once;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            MarketClock.Builder b = c.operator().marketClock().period(Duration.ofSeconds(period))
                    .onSlot(r -> out.println(r.slot() + " " + r.outcome()
                            + (r.failure() == null ? "" : ": " + r.failure().getMessage())));
            if (settleAfter != null) {
                b.settleAfter(Duration.ofMinutes(settleAfter));
            }
            if (once) {
                // Scripts run a tick and read its exit status: a slot that failed (its line says why) is not done.
                List<MarketClock.SlotReport> reports = b.build().tick();
                out.flush();
                return reports.stream().map(MarketClock.SlotReport::failure).filter(f -> f != null).findFirst()
                        .map(f -> f instanceof EndorsementRejectedException ? P2pe.EXIT_REFUSED : P2pe.EXIT_INTERNAL)
                        .orElse(0);
            }
            try (MarketClock clock = b.start()) {
                Thread.currentThread().join();
            }
            return 0;
        }
    }
}
