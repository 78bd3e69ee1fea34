package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Mechanism;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.market.provenance.SourceShare;
import io.p2pe.market.settlement.SettlementLine;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report from a fixed two-slot day: a PV home sells 2 kWh at noon to an EV charger (1.5 kWh)
 * and a consumer (0.5 kWh) at 15.00 JPY/kWh; retail 26.20, buy-back 8.50, 450 g-CO2/kWh.
 */
class ReportTest {
    private static final long R = 2620;
    private static final long B = 850;
    private static final String NIGHT = "2027-05-20T00:00+09:00";
    private static final String NOON = "2027-05-20T12:00+09:00";
    private static final String PV = "RetailerOrgMSP:pv";
    private static final String EV = "RetailerOrgMSP:ev";
    private static final String HOME = "RetailerOrgMSP:home";
    private static final String SHOP = "RetailerOrgMSP:retailer";

    private static final List<ReportAssembler.Member> MEMBERS = List.of(
            new ReportAssembler.Member(PV, "pv-prosumer", AgentType.PV_PROSUMER, "RetailerOrg", "HOUSEHOLD", 4_000),
            new ReportAssembler.Member(EV, "ev", AgentType.EV, "RetailerOrg", "HOUSEHOLD", 0),
            new ReportAssembler.Member(HOME, "consumer", AgentType.PV_PROSUMER, "RetailerOrg", "HOUSEHOLD", 0),
            new ReportAssembler.Member(SHOP, "retailer", AgentType.RETAILER, "RetailerOrg", "RETAILER", 0));

    /** A settlement line by the chaincode's formulas. */
    private static SettlementRecord line(String p, String slot, long imported, long exported, long bought, long sold,
                                         long price, long renewable) {
        long p2pCost = bought * price;
        long p2pRevenue = sold * price;
        long retailWh = Math.max(0, imported - bought) + Math.max(0, sold - exported);
        long buyBackWh = Math.max(0, exported - sold) + Math.max(0, bought - imported);
        long net = p2pCost - p2pRevenue + retailWh * R - buyBackWh * B;
        long baseline = imported * R - exported * B;
        SettlementLine l = new SettlementLine(p, imported, exported, bought, sold, p2pCost, p2pRevenue, 0,
                Math.max(0, bought - imported) + Math.max(0, sold - exported), retailWh, retailWh * R, buyBackWh,
                buyBackWh * B, net, baseline, baseline - net);
        return new SettlementRecord(p, slot, "k", l, bought, renewable, renewable * 450, R, B, "t", "tx");
    }

    private static SlotState slot(String slot, Long price, long volume, List<SettlementRecord> lines) {
        long[] v = new long[8];
        for (SettlementRecord s : lines) {
            v[0] += s.line().importedWh();
            v[1] += s.line().exportedWh();
            v[2] += s.deliveredWh();
            v[3] += s.renewableWh();
            v[4] += s.line().netCost();
            v[5] += s.line().baselineCost();
            v[6] += s.line().savings();
            v[7] += s.co2AvoidedMg();
        }
        SlotState.Terms terms = new SlotState.Terms(3, Mechanism.UNIFORM_PRICE, null, null, 30, R, B, 450,
                List.of("solar"), null);
        SlotState.ClearingSummary clearing = new SlotState.ClearingSummary("t", "tx", "op", 3, volume, 0,
                volume == 0 ? 0 : 2, List.of(new SlotState.Segment("main", 3, price, volume, 0, 2, "d", 0, List.of())),
                List.of(), 0, 0);
        SlotState.SettlementSummary sum = new SlotState.SettlementSummary("t", "tx", lines.size(), v[0], v[1],
                v[2], v[2], v[3], 0, 0, v[4], v[5], v[6], 0, v[7], null, 1);
        return new SlotState(slot, "k", SlotState.Status.SETTLED, "g", "c", "op", "tx", terms, clearing, sum);
    }

    static ReportData day() {
        List<SettlementRecord> night = List.of(line(PV, NIGHT, 300, 0, 0, 0, 0, 0), line(EV, NIGHT, 0, 0, 0, 0, 0, 0),
                line(HOME, NIGHT, 400, 0, 0, 0, 0, 0), line(SHOP, NIGHT, 0, 0, 0, 0, 0, 0));
        List<SettlementRecord> noon = List.of(line(PV, NOON, 0, 2_500, 0, 2_000, 1_500, 0),
                line(EV, NOON, 1_500, 0, 1_500, 0, 1_500, 1_500), line(HOME, NOON, 600, 0, 500, 0, 1_500, 500),
                line(SHOP, NOON, 0, 0, 0, 0, 0, 0));
        List<SettlementRecord> all = new ArrayList<>(night);
        all.addAll(noon);
        List<ProvenanceRecord> prov = List.of(
                new ProvenanceRecord(EV, NOON, "k", new ConsumerProvenance(EV, 1_500, 1_500, 1_500, 1_500, 675_000,
                        List.of(new SourceShare(EV, PV, "solar", "a/b", true, 1_500, 1_500, "b1", "s1"))), "tx"),
                new ProvenanceRecord(HOME, NOON, "k", new ConsumerProvenance(HOME, 600, 500, 500, 500, 225_000,
                        List.of(new SourceShare(HOME, PV, "solar", "a/b", true, 500, 500, "b2", "s1"))), "tx"));
        ReportData.Meta meta = new ReportData.Meta("test", "two slots", "UNIFORM_PRICE", null, "2027-05-20",
                "SPRING", "SUNNY", 1, NIGHT, NOON, 0, 0, 0, 5, 20, 3);
        return ReportAssembler.assemble(meta, MEMBERS, List.of(slot(NIGHT, null, 0, night),
                slot(NOON, 1_500L, 2_000, noon)), all, prov);
    }

    @Test
    void totalsComeFromTheSettlementRecordsAndEqualTheSlotSummaries() {
        ReportData d = day();
        assertEquals(d.ledgerTotals(), d.totals());
        assertTrue(ReportWriter.totalsMatch(d));
        assertEquals(8, d.totals().participants());
        assertEquals(2_800, d.totals().importedWh());
        assertEquals(2_000, d.totals().deliveredWh());
        assertEquals(R, d.meta().retailTariff(), "tariffs come from the slots' frozen terms");
    }

    @Test
    void headlineFigures() {
        ReportData.Headline h = day().headline();
        // Baseline: 700 + 1,500 + 600 Wh at 26.20 minus 2,500 Wh at 8.50 = 73,360 - 21,250 JPY·1e-2.
        long baseline = 2_800 * R - 2_500 * B;
        // With P2P: the EV and the home pay 15.00 for 2,000 Wh; at retail the home takes 400 Wh at night and 100 Wh
        // at noon, the PV home 300 Wh at night; the PV home earns 15.00 for 2,000 Wh and 8.50 for 500 Wh.
        long net = 2_000 * 1_500 + (400 + 100 + 300) * R - 2_000 * 1_500 - 500 * B;
        assertEquals(baseline, h.communityBaselineCost());
        assertEquals(net, h.communityNetCost());
        assertEquals(ReportAssembler.divRound((baseline - net) * 10_000, baseline), h.communitySavingsBasisPoints());
        assertEquals(2_500, h.pvExportWh());
        assertEquals(1_500, h.absorbedWh());
        assertEquals(6_000, h.pvAbsorbedBasisPoints());
        assertEquals(0, h.flexibleAbsorbedWh());
        assertEquals(1_500, h.averageBuyPrice());
        assertEquals(1_500, h.averageSellPrice());
        assertEquals(1_500, h.evAverageBuyPrice());
        assertEquals(ReportAssembler.divRound(2_000 * 10_000L, 2_800), h.renewableShareBasisPoints());
        assertEquals(900_000, h.co2AvoidedMg());
    }

    @Test
    void slotRowsAndFlows() {
        ReportData d = day();
        ReportData.SlotRow night = d.slots().get(0);
        ReportData.SlotRow noon = d.slots().get(1);
        assertNull(night.clearingPrice());
        assertNull(night.averagePrice());
        assertEquals(1_500L, noon.clearingPrice());
        assertEquals(1_500L, noon.averagePrice());
        assertEquals(1_500, noon.evAbsorbedWh());
        assertEquals(2_500, noon.pvExportWh());
        assertEquals(List.of(new ReportData.Flow(PV, EV, "solar", 1_500, 1_500),
                new ReportData.Flow(PV, HOME, "solar", 500, 500)), d.flows());
        ReportData.ParticipantRow pv = d.participants().get(0);
        assertEquals(2_000, pv.soldWh());
        assertTrue(pv.savingsBasisPoints() > 0);
    }

    @Test
    void aDifferenceBetweenRecordsAndSummariesShows() {
        ReportData d = day();
        ReportData.Totals off = new ReportData.Totals(d.totals().participants(), d.totals().importedWh() + 1,
                d.totals().exportedWh(), d.totals().deliveredWh(), d.totals().renewableWh(), d.totals().netCost(),
                d.totals().baselineCost(), d.totals().savings(), d.totals().co2AvoidedMg());
        ReportData wrong = new ReportData(d.meta(), d.slots(), d.participants(), d.flows(), off, d.ledgerTotals(),
                d.headline(), null, List.of(), List.of());
        assertFalse(ReportWriter.totalsMatch(wrong));
        assertTrue(ReportWriter.html(wrong).contains("✗ differ"));
    }

    @Test
    void writesASelfContainedPageJsonAndCsv(@TempDir Path dir) throws Exception {
        ReportData d = day();
        Path html = ReportWriter.write(d, dir);
        String page = Files.readString(html);
        assertTrue(page.contains("<svg"));
        assertTrue(page.contains("✓ equal"));
        assertEquals(5, page.split("<svg ", -1).length - 1, "five charts");
        String withoutNamespaces = page.replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutNamespaces.contains("http://") || withoutNamespaces.contains("https://")
                || withoutNamespaces.contains("<script"), "nothing fetched, no script");
        assertEquals(d, ReportWriter.JSON.readValue(dir.resolve("report.json").toFile(), ReportData.class));
        List<String> slots = Files.readAllLines(dir.resolve("slots.csv"));
        assertEquals(3, slots.size());
        assertTrue(slots.get(2).startsWith(NOON + ",1500,1500,2000,3,2,"), slots.get(2));
        assertEquals(List.of("generator,consumer,sourceType,deliveredWh,renewableWh",
                PV + "," + EV + ",solar,1500,1500", PV + "," + HOME + ",solar,500,500"),
                Files.readAllLines(dir.resolve("flows.csv")));
        assertTrue(Files.readString(dir.resolve("headline.csv")).contains("pvSurplusAbsorbed,6000,basis points"));
        assertEquals(5, Files.readAllLines(dir.resolve("participants.csv")).size());
        assertEquals(3, Files.readAllLines(dir.resolve("totals.csv")).size());
    }

    @Test
    void aWrittenReportReadsBackForVerification(@TempDir Path dir) throws Exception {
        ReportData d = day();
        ReportWriter.write(d, dir);
        ReportData read = Simulation.readReport(dir.resolve("report.json"));
        assertEquals(d.totals(), read.totals());
        assertEquals(d.slots(), read.slots());
    }

    @Test
    void aReportWithoutTheFieldsVerificationNeedsIsRefusedByName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("report.json");
        assertRefused(f, "{}", f + ": field 'slots' is missing or not a list");
        assertRefused(f, "[]", f + ": not a report (a JSON object is expected)");
        assertRefused(f, "{\"slots\":[],\"participants\":[],\"flows\":[]}",
                f + ": field 'totals' is missing or not an object");
        String totals = "\"participants\":[],\"flows\":[],\"totals\":{}";
        assertRefused(f, "{\"slots\":[{\"volumeWh\":1}]," + totals + "}",
                f + ": field 'slots[0].slot' is missing or not a text");
        assertRefused(f, "{\"slots\":[{\"slot\":\"noon\"}]," + totals + "}",
                f + ": field 'slots[0].slot': slot 'noon' is not of the form 2026-06-17T12:00+09:00");
    }

    private static void assertRefused(Path file, String text, String message) throws Exception {
        Files.writeString(file, text);
        SimulationInputException e = assertThrows(SimulationInputException.class, () -> Simulation.readReport(file));
        assertEquals(message, e.getMessage());
    }

    @Test
    void decimalsAreExact() {
        assertEquals("12.3", Fmt.kwh(12_345));
        assertEquals("-1,235", Fmt.jpy(-123_456_789));
        assertEquals("25.4 %", Fmt.percent(2_540));
        assertEquals("21.60", Fmt.price(2_160));
        assertEquals(-3, ReportAssembler.divRound(-5, 2));
        assertEquals(3, ReportAssembler.divRound(5, 2));
    }
}
