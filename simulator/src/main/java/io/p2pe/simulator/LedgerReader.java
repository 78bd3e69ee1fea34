package io.p2pe.simulator;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.AuditClient;
import io.p2pe.sdk.P2peException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a simulated day back from the ledger through the SDK — the slots' records as the
 * operator sees them, every participant's settlement records through its own connection, and
 * every consumer's provenance through the operator's audit client, and with proposals each slot's
 * competition outcome — and assembles the report ({@link ReportAssembler}, {@link Competitions}).
 * Nothing of the simulator's own bookkeeping enters the figures; only what each solver's attempt
 * met (a refusal is not stored on the ledger) comes from the run.
 */
final class LedgerReader {
    private LedgerReader() {
    }

    static ReportData read(TradingDay day, Community community, List<Slot> slots, ReportData.Meta meta)
            throws P2peException {
        ExecutorService pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "p2pe-report");
            t.setDaemon(true);
            return t;
        });
        try {
            List<SlotState> slotRecords = new ArrayList<>();
            for (Slot s : slots) {
                slotRecords.add(day.operator().operator().slot(s));
            }
            List<CompletableFuture<?>> settlements = new ArrayList<>();
            for (Slot s : slots) {
                for (SimParticipant p : community.participants()) {
                    settlements.add(CompletableFuture.supplyAsync(
                            () -> TradingDay.call(() -> day.participant(p).settlement(s)), pool));
                }
            }
            List<SettlementRecord> lines = new ArrayList<>();
            TradingDay.join(settlements).forEach(o -> lines.add((SettlementRecord) o));
            AuditClient audit = day.operator().audit();
            Slot first = slots.get(0);
            Slot last = slots.get(slots.size() - 1);
            List<CompletableFuture<?>> provenance = new ArrayList<>();
            for (SimParticipant p : community.participants()) {
                provenance.add(CompletableFuture.supplyAsync(
                        () -> TradingDay.call(() -> audit.provenanceByConsumer(p.participantId(), first, last)), pool));
            }
            List<ProvenanceRecord> records = new ArrayList<>();
            for (Object o : TradingDay.join(provenance)) {
                for (Object r : (List<?>) o) {
                    records.add((ProvenanceRecord) r);
                }
            }
            List<ReportAssembler.Member> members = community.participants().stream().map(ReportAssembler.Member::of)
                    .toList();
            ReportData report = ReportAssembler.assemble(meta, members, slotRecords, lines, records)
                    .withDemandResponse(day.demandResponse()).withBatteries(day.batteries());
            if (day.clearing() != Clearing.PROPOSALS) {
                return report;
            }
            List<Competitions.SlotInput> competed = new ArrayList<>();
            for (Slot s : slots) {
                competed.add(new Competitions.SlotInput(s.toString(), day.operator().solver().proposals(s).outcome(),
                        day.attempts(s)));
            }
            return report.withCompetition(Competitions.assemble(meta.objective(), day.proposalWindowMinutes(),
                    day.solvers(), competed));
        } finally {
            pool.shutdownNow();
        }
    }
}
