package io.p2pe.simulator;

import io.p2pe.market.provenance.SourceShare;
import io.p2pe.market.settlement.SettlementLine;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns what the ledger holds about a simulated day — slot records, every participant's settlement
 * records and the consumers' provenance records — into the report's figures. Pure: no ledger
 * access, so a report can be rebuilt and tested from a fixed data set.
 */
public final class ReportAssembler {

    /**
     * A participant as the report labels it.
     *
     * @param participantId participant id
     * @param label type shown in the report
     * @param type agent type
     * @param org org
     * @param kind kind
     * @param pvWatts PV capacity
     */
    public record Member(String participantId, String label, AgentType type, String org, String kind, long pvWatts) {
        /** The report's view of a simulated participant. */
        public static Member of(SimParticipant p) {
            return new Member(p.participantId(), p.label(), p.type(), p.org(), p.kind(), p.pvWatts());
        }

        boolean inCommunity() {
            return type != AgentType.RETAILER;
        }
    }

    private ReportAssembler() {
    }

    /**
     * The report of a day.
     *
     * @param meta what was simulated (its tariff fields are taken from the slots' frozen terms)
     * @param members the participants, in report order
     * @param slots the slots' records, in order, all SETTLED
     * @param settlements every settlement record of the day
     * @param provenance every provenance record of the day
     */
    public static ReportData assemble(ReportData.Meta meta, List<Member> members, List<SlotState> slots,
                                      List<SettlementRecord> settlements, List<ProvenanceRecord> provenance) {
        Map<String, Member> byId = new TreeMap<>();
        members.forEach(m -> byId.put(m.participantId(), m));
        Map<String, List<SettlementRecord>> bySlot = new TreeMap<>();
        for (SettlementRecord s : settlements) {
            if (!byId.containsKey(s.participant())) {
                throw new IllegalArgumentException("settlement of " + s.participant() + " who is not in the community");
            }
            bySlot.computeIfAbsent(s.slot(), k -> new ArrayList<>()).add(s);
        }
        List<ReportData.SlotRow> rows = new ArrayList<>();
        long[] ledger = new long[9];
        for (SlotState slot : slots) {
            rows.add(slotRow(slot, bySlot.getOrDefault(slot.slot(), List.of()), byId));
            SlotState.SettlementSummary s = Objects.requireNonNull(slot.settlement(),
                    "slot " + slot.slot() + " is not settled");
            long[] v = {s.participants(), s.importedWh(), s.exportedWh(), s.deliveredWh(), s.renewableDeliveredWh(),
                s.netCost(), s.baselineCost(), s.savings(), s.co2AvoidedMg()};
            for (int i = 0; i < v.length; i++) {
                ledger[i] = Math.addExact(ledger[i], v[i]);
            }
        }
        List<ReportData.ParticipantRow> people = new ArrayList<>();
        for (Member m : members) {
            people.add(participantRow(m, settlements.stream().filter(s -> s.participant().equals(m.participantId()))
                    .toList()));
        }
        ReportData.Totals totals = totals(settlements);
        ReportData.Totals ledgerTotals = new ReportData.Totals(ledger[0], ledger[1], ledger[2], ledger[3], ledger[4],
                ledger[5], ledger[6], ledger[7], ledger[8]);
        SlotState.Terms terms = slots.isEmpty() ? null : slots.get(0).terms();
        ReportData.Meta m = terms == null ? meta : new ReportData.Meta(meta.scenario(), meta.description(),
                meta.mechanism(), meta.objective(), meta.date(), meta.season(), meta.weather(), meta.seed(),
                meta.firstSlot(), meta.lastSlot(), terms.retailTariff(), terms.buyBackTariff(),
                terms.gridEmissionFactor(), meta.orders(), meta.transactions(), meta.wallSeconds());
        return new ReportData(m, rows, people, flows(provenance), totals, ledgerTotals,
                headline(rows, people, byId, totals), null, List.of(), List.of());
    }

    private static ReportData.SlotRow slotRow(SlotState slot, List<SettlementRecord> lines, Map<String, Member> byId) {
        Long clearingPrice = null;
        long volume = 0;
        int orders = 0;
        int trades = 0;
        if (slot.clearing() != null) {
            volume = slot.clearing().volumeWh();
            orders = slot.clearing().orderCount();
            trades = slot.clearing().tradeCount();
            for (SlotState.Segment seg : slot.clearing().segments()) {
                if ("main".equals(seg.segment()) && seg.volumeWh() > 0) {
                    clearingPrice = seg.clearingPrice();
                }
            }
        }
        long revenue = 0;
        long sold = 0;
        long pvExport = 0;
        long ev = 0;
        long battery = 0;
        long flexible = 0;
        long net = 0;
        long baseline = 0;
        for (SettlementRecord s : lines) {
            Member m = byId.get(s.participant());
            SettlementLine l = s.line();
            revenue += l.p2pRevenue();
            sold += l.soldWh();
            if (m.pvWatts() > 0) {
                pvExport += l.exportedWh();
            }
            switch (m.type()) {
                case EV -> ev += s.renewableWh();
                case BATTERY -> battery += s.renewableWh();
                case FLEXIBLE -> flexible += s.renewableWh();
                default -> { }
            }
            if (m.inCommunity()) {
                net += l.netCost();
                baseline += l.baselineCost();
            }
        }
        SlotState.SettlementSummary sum = slot.settlement();
        return new ReportData.SlotRow(slot.slot(), clearingPrice, sold == 0 ? null : divRound(revenue, sold), volume,
                orders, trades, sum.importedWh(), sum.exportedWh(), sum.deliveredWh(), sum.renewableDeliveredWh(),
                pvExport, ev, battery, flexible, net, baseline, sum.co2AvoidedMg());
    }

    private static ReportData.ParticipantRow participantRow(Member m, List<SettlementRecord> records) {
        long[] v = new long[13];
        for (SettlementRecord s : records) {
            SettlementLine l = s.line();
            long[] add = {l.importedWh(), l.exportedWh(), l.boughtWh(), l.soldWh(), l.p2pCost(), l.p2pRevenue(),
                l.retailCost(), l.buyBackCredit(), l.netCost(), l.baselineCost(), l.savings(), s.renewableWh(),
                s.co2AvoidedMg()};
            for (int i = 0; i < add.length; i++) {
                v[i] = Math.addExact(v[i], add[i]);
            }
        }
        return new ReportData.ParticipantRow(m.participantId(), m.label(), m.org(), m.kind(), m.pvWatts(), v[0], v[1],
                v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], basisPoints(v[10], Math.abs(v[9])), v[11],
                v[12]);
    }

    private static ReportData.Totals totals(List<SettlementRecord> records) {
        long[] v = new long[8];
        for (SettlementRecord s : records) {
            SettlementLine l = s.line();
            long[] add = {l.importedWh(), l.exportedWh(), s.deliveredWh(), s.renewableWh(), l.netCost(),
                l.baselineCost(), l.savings(), s.co2AvoidedMg()};
            for (int i = 0; i < add.length; i++) {
                v[i] = Math.addExact(v[i], add[i]);
            }
        }
        return new ReportData.Totals(records.size(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /** Delivered energy per (generator, consumer, source), from the consumers' provenance. */
    private static List<ReportData.Flow> flows(List<ProvenanceRecord> records) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, String[]> keys = new TreeMap<>();
        for (ProvenanceRecord r : records) {
            for (SourceShare s : r.provenance().sources()) {
                String key = s.generator() + "\u0000" + s.consumer() + "\u0000" + s.sourceType();
                keys.putIfAbsent(key, new String[] {s.generator(), s.consumer(), s.sourceType()});
                long[] v = sums.computeIfAbsent(key, k -> new long[2]);
                v[0] += s.deliveredWh();
                if (s.renewable()) {
                    v[1] += s.deliveredWh();
                }
            }
        }
        List<ReportData.Flow> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            String[] k = keys.get(e.getKey());
            if (e.getValue()[0] > 0) {
                out.add(new ReportData.Flow(k[0], k[1], k[2], e.getValue()[0], e.getValue()[1]));
            }
        }
        return out;
    }

    private static ReportData.Headline headline(List<ReportData.SlotRow> rows, List<ReportData.ParticipantRow> people,
                                                Map<String, Member> byId, ReportData.Totals totals) {
        long net = 0;
        long baseline = 0;
        long cost = 0;
        long bought = 0;
        long revenue = 0;
        long sold = 0;
        long evCost = 0;
        long evBought = 0;
        long renewable = 0;
        long imported = 0;
        for (ReportData.ParticipantRow p : people) {
            Member m = byId.get(p.participant());
            if (!m.inCommunity()) {
                continue;
            }
            net += p.netCost();
            baseline += p.baselineCost();
            cost += p.p2pCost();
            bought += p.boughtWh();
            revenue += p.p2pRevenue();
            sold += p.soldWh();
            renewable += p.renewableWh();
            imported += p.importedWh();
            if (m.type() == AgentType.EV) {
                evCost += p.p2pCost();
                evBought += p.boughtWh();
            }
        }
        long pvExport = rows.stream().mapToLong(ReportData.SlotRow::pvExportWh).sum();
        long absorbed = rows.stream().mapToLong(r -> r.evAbsorbedWh() + r.batteryAbsorbedWh()).sum();
        long flexible = rows.stream().mapToLong(ReportData.SlotRow::flexibleAbsorbedWh).sum();
        return new ReportData.Headline(net, baseline, basisPoints(baseline - net, Math.abs(baseline)), pvExport,
                absorbed, basisPoints(absorbed, pvExport), flexible, bought == 0 ? 0 : divRound(cost, bought),
                sold == 0 ? 0 : divRound(revenue, sold), evBought == 0 ? 0 : divRound(evCost, evBought),
                basisPoints(renewable, imported), totals.co2AvoidedMg());
    }

    /** {@code part / whole} in basis points, rounded half away from zero; 0 when {@code whole} is 0. */
    static long basisPoints(long part, long whole) {
        if (whole == 0) {
            return 0;
        }
        return divRound(Math.multiplyExact(part, 10_000L), whole);
    }

    /** {@code a / b} rounded half away from zero, {@code b > 0}. */
    static long divRound(long a, long b) {
        long q = a / b;
        long r = a % b;
        if (Math.abs(r) * 2 >= b) {
            q += a < 0 ? -1 : 1;
        }
        return q;
    }
}
