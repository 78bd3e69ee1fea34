package io.p2pe.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a simulation report into a directory: {@code report.html} (self-contained: inline SVG
 * charts and CSS, nothing fetched from anywhere), {@code report.json} (the whole
 * {@link ReportData}) and one CSV per figure ({@code slots.csv}, {@code participants.csv},
 * {@code flows.csv}, {@code totals.csv}, {@code headline.csv}).
 */
public final class ReportWriter {
    /** Communities larger than this are charted by participant type rather than one by one. */
    static final int MAX_CHARTED_PARTICIPANTS = 40;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * RFC 4180: a cell is quoted only when it holds a comma, a quote or a line break (strict check;
     * Jackson's default also quotes harmless text such as a slot's {@code +09:00}); numbers
     * unquoted.
     */
    static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private ReportWriter() {
    }

    /** Writes every file of the report into {@code dir} (created if needed) and returns the HTML page's path. */
    public static Path write(ReportData d, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), d);
        writeCsv(dir.resolve("slots.csv"), slotsCsv(d));
        writeCsv(dir.resolve("participants.csv"), participantsCsv(d));
        writeCsv(dir.resolve("flows.csv"), flowsCsv(d));
        writeCsv(dir.resolve("totals.csv"), totalsCsv(d));
        writeCsv(dir.resolve("headline.csv"), headlineCsv(d));
        if (!d.demandResponse().isEmpty()) {
            writeCsv(dir.resolve("demand-response.csv"), demandResponseCsv(d));
        }
        if (!d.batteries().isEmpty()) {
            writeCsv(dir.resolve("batteries.csv"), batteriesCsv(d));
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(d), StandardCharsets.UTF_8);
        return html;
    }

    static void writeCsv(Path file, List<List<Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter out = CSV.writer().writeValues(w)) {
            for (List<Object> row : rows) {
                // An empty cell for null: Jackson would drop a row's trailing null cells.
                out.write(row.stream().map(c -> c == null ? "" : c).toList());
            }
        }
    }

    /** One row per enrolled participant and event: the measurement the ledger credited points for. */
    static List<List<Object>> demandResponseCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("event", "direction", "fromSlot", "toSlot", "targetWh", "participant", "baselineStatus",
                "baselineWh", "actualWh", "creditedWh", "points"));
        for (ReportData.DrOutcome e : d.demandResponse()) {
            for (ReportData.DrParticipant p : e.participants()) {
                rows.add(List.of(e.eventId(), e.direction(), e.fromSlot(), e.toSlot(), e.targetWh(), p.participant(),
                        p.baselineStatus(), p.baselineWh(), p.actualWh(), p.creditedWh(), p.points()));
            }
        }
        return rows;
    }

    static List<List<Object>> batteriesCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("participant", "capacityWh", "throughputWh", "cyclesPermille", "depthOfDischargePermille",
                "minSocWh", "maxSocWh"));
        for (ReportData.BatteryRow b : d.batteries()) {
            rows.add(List.of(b.participant(), b.capacityWh(), b.throughputWh(), b.cyclesPermille(),
                    b.depthOfDischargePermille(), b.minSocWh(), b.maxSocWh()));
        }
        return rows;
    }

    /** Each battery's cycles and deepest discharge of the day. */
    static void batteriesHtml(StringBuilder s, List<ReportData.BatteryRow> batteries) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.BatteryRow b : batteries) {
            rows.add(List.of(b.participant(), Fmt.kwh(b.capacityWh()), Fmt.kwh(b.throughputWh()),
                    String.format(java.util.Locale.ROOT, "%d.%03d", b.cyclesPermille() / 1000, b.cyclesPermille() % 1000),
                    Fmt.percent(b.depthOfDischargePermille() * 10), Fmt.kwh(b.minSocWh()) + "–" + Fmt.kwh(b.maxSocWh())));
        }
        s.append("<h2>Batteries</h2><p class=\"lead\">Equivalent full cycles (throughput over twice the capacity) "
                + "and the deepest discharge of the day, for battery life.</p>");
        table(s, List.of("battery", "capacity kWh", "throughput kWh", "cycles", "depth of discharge",
                "state of charge kWh"), 1, rows);
    }

    /** The DR events: target against delivered, and the points each participant earned. */
    static void demandResponseHtml(StringBuilder s, List<ReportData.DrOutcome> events) {
        s.append("<h2>Demand response</h2><p class=\"lead\">Each enrolled participant is measured against its "
                + "baseline (High 4 of 5 with same-day adjustment, computed on the ledger from its own readings); "
                + "what it moved in the event's direction earns points.</p>");
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.DrOutcome e : events) {
            rows.add(List.of(e.eventId(), e.direction(), e.fromSlot().substring(11, 16) + "–"
                    + e.toSlot().substring(11, 16), Fmt.kwh(e.targetWh()), Fmt.kwh(e.creditedWh()),
                    Fmt.percent(e.targetWh() == 0 ? 0 : e.creditedWh() * 10_000 / e.targetWh()),
                    Integer.toString(e.enrolled()), Integer.toString(e.measured()), Long.toString(e.pointsIssued())));
        }
        table(s, List.of("event", "direction", "slots", "target kWh", "delivered kWh", "of target", "enrolled",
                "measured", "points issued"), 3, rows);
        List<List<String>> people = new ArrayList<>();
        for (ReportData.DrOutcome e : events) {
            for (ReportData.DrParticipant p : e.participants()) {
                people.add(List.of(e.eventId(), p.participant(), p.baselineStatus(), Fmt.kwh(p.baselineWh()),
                        Fmt.kwh(p.actualWh()), Fmt.kwh(p.creditedWh()), Long.toString(p.points())));
            }
        }
        List<List<String>> dispatched = new ArrayList<>();
        for (ReportData.DrOutcome e : events) {
            for (ReportData.DispatchRow x : e.dispatches()) {
                dispatched.add(List.of(e.eventId(), x.participant(), x.slot().substring(11, 16), x.direction(),
                        Fmt.kwh(x.instructedWh()), Fmt.kwh(x.respondedWh())));
            }
        }
        if (!dispatched.isEmpty()) {
            s.append("<h3>Battery dispatch (virtual power plant)</h3>");
            table(s, List.of("event", "battery", "slot", "direction", "instructed kWh", "metered response kWh"), 4,
                    dispatched);
        }
        s.append("<h3>Points per participant</h3>");
        table(s, List.of("event", "participant", "baseline", "baseline kWh", "actual kWh", "credited kWh", "points"),
                3, people);
    }

    static List<List<Object>> slotsCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("slot", "clearingPriceTicks", "averagePriceTicks", "volumeWh", "orders", "trades",
                "importedWh", "exportedWh", "deliveredWh", "renewableWh", "pvExportWh", "evAbsorbedWh",
                "batteryAbsorbedWh", "flexibleAbsorbedWh", "communityNetCost", "communityBaselineCost",
                "co2AvoidedMg"));
        ReportData.Competition c = d.competition();
        if (c != null) {
            List<Object> header = new ArrayList<>(rows.get(0));
            header.addAll(List.of("winner", "winnerOrg", "winnerMethod", "candidates", "winnerMinSurplusRate",
                    "winnerSurplus", "winnerVolumeWh", "builtInMinSurplusRate", "builtInSurplus", "builtInVolumeWh",
                    "builtInRefusal", "minSurplusRateGain", "surplusGain", "volumeGainWh"));
            rows.set(0, header);
        }
        Map<String, ReportData.SlotCompetition> bySlot = new TreeMap<>();
        if (c != null) {
            c.slots().forEach(x -> bySlot.put(x.slot(), x));
        }
        for (ReportData.SlotRow r : d.slots()) {
            List<Object> row = new ArrayList<>(java.util.Arrays.asList(r.slot(), r.clearingPrice(), r.averagePrice(),
                    r.volumeWh(), r.orderCount(), r.tradeCount(), r.importedWh(), r.exportedWh(), r.deliveredWh(),
                    r.renewableWh(), r.pvExportWh(), r.evAbsorbedWh(), r.batteryAbsorbedWh(), r.flexibleAbsorbedWh(),
                    r.netCost(), r.baselineCost(), r.co2AvoidedMg()));
            if (c != null) {
                ReportData.SlotCompetition x = bySlot.get(r.slot());
                ReportData.Score w = x == null ? null : x.winnerScore();
                ReportData.Score b = x == null ? null : x.builtInScore();
                row.addAll(java.util.Arrays.asList(x == null ? null : x.winner(), x == null ? null : x.winnerOrg(),
                        x == null ? null : x.winnerMethod(), x == null ? null : x.candidates(),
                        w == null ? null : w.minSurplusRate(), w == null ? null : w.surplus(),
                        w == null ? null : w.volumeWh(), b == null ? null : b.minSurplusRate(),
                        b == null ? null : b.surplus(), b == null ? null : b.volumeWh(),
                        x == null ? null : x.builtInRefusal(), x == null ? null : x.rateGain(),
                        x == null ? null : x.surplusGain(), x == null ? null : x.volumeGain()));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The competition's table in the page: who won each slot and by how much it beat the engine. */
    static void competitionHtml(StringBuilder s, ReportData.Competition c) {
        boolean rate = "MAX_MIN_SURPLUS".equals(c.objective());
        s.append("<h2>Proposal competition</h2><p class=\"lead\">").append(c.solvers().size())
                .append(" solvers proposed a matching for each slot during a ").append(c.windowMinutes())
                .append("-minute window after gate closure; the ledger scored every proposal exactly (")
                .append(Fmt.esc(c.objective())).append(rate ? ": the smallest surplus rate, in ticks of 0.01 JPY/kWh, "
                        + "then surplus" : "").append(") against its own engine's result and kept the best.</p>");
        List<List<String>> wins = new ArrayList<>();
        for (ReportData.Wins w : c.wins()) {
            wins.add(List.of(w.candidate(), w.org() == null ? "(the ledger's engine)" : w.org(),
                    w.method() == null ? "built-in" : w.method(), Integer.toString(w.slots())));
        }
        table(s, List.of("candidate", "org", "method", "slots won"), 3, wins);
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.SlotCompetition x : c.slots()) {
            List<String> row = new ArrayList<>();
            row.add(Fmt.time(x.slot()));
            row.add(x.winner() == null ? "—" : x.winner() + (x.winnerOrg() == null ? "" : " (" + x.winnerOrg() + ")"));
            row.add(x.winnerMethod() == null ? (x.winner() == null ? "—" : "built-in") : x.winnerMethod());
            row.add(x.margin());
            row.add(Integer.toString(x.candidates()));
            if (rate) {
                row.add(rateCell(x.winnerScore()));
                row.add(x.builtInScore() == null ? refusal(x) : rateCell(x.builtInScore()));
            }
            row.add(x.winnerScore() == null ? "—" : Fmt.decimal(x.winnerScore().surplus(), 5));
            row.add(x.builtInScore() == null ? refusal(x) : Fmt.decimal(x.builtInScore().surplus(), 5));
            row.add(x.winnerScore() == null ? "—" : Fmt.kwh(x.winnerScore().volumeWh()));
            row.add(x.builtInScore() == null ? refusal(x) : Fmt.kwh(x.builtInScore().volumeWh()));
            row.add(String.join("; ", x.attempts().stream().map(a -> a.solver() + ": " + a.result()).toList()));
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("slot", "winner", "method", "beat the built-in by", "candidates"));
        if (rate) {
            header.addAll(List.of("winner's smallest rate", "built-in's smallest rate"));
        }
        header.addAll(List.of("winner surplus JPY", "built-in surplus JPY", "winner kWh", "built-in kWh",
                "solvers' proposals"));
        table(s, header, 4, rows);
    }

    private static String rateCell(ReportData.Score score) {
        return score == null || score.minSurplusRate() == null ? "—" : score.minSurplusRate();
    }

    private static String refusal(ReportData.SlotCompetition x) {
        return x.builtInRefusal() == null ? "—" : "refused";
    }

    static List<List<Object>> participantsCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("participant", "type", "org", "kind", "pvWatts", "importedWh", "exportedWh", "boughtWh",
                "soldWh", "p2pCost", "p2pRevenue", "retailCost", "buyBackCredit", "netCost", "baselineCost", "savings",
                "savingsBasisPoints", "renewableWh", "co2AvoidedMg"));
        for (ReportData.ParticipantRow p : d.participants()) {
            rows.add(List.of(p.participant(), p.type(), p.org(), p.kind(), p.pvWatts(), p.importedWh(),
                    p.exportedWh(), p.boughtWh(), p.soldWh(), p.p2pCost(), p.p2pRevenue(), p.retailCost(),
                    p.buyBackCredit(), p.netCost(), p.baselineCost(), p.savings(), p.savingsBasisPoints(),
                    p.renewableWh(), p.co2AvoidedMg()));
        }
        return rows;
    }

    static List<List<Object>> flowsCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("generator", "consumer", "sourceType", "deliveredWh", "renewableWh"));
        for (ReportData.Flow f : d.flows()) {
            rows.add(List.of(f.generator(), f.consumer(), f.sourceType(), f.deliveredWh(), f.renewableWh()));
        }
        return rows;
    }

    static List<List<Object>> totalsCsv(ReportData d) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("source", "settlementLines", "importedWh", "exportedWh", "deliveredWh", "renewableWh",
                "netCost", "baselineCost", "savings", "co2AvoidedMg"));
        rows.add(totalsRow("participants' settlement records", d.totals()));
        rows.add(totalsRow("slots' settlement summaries", d.ledgerTotals()));
        return rows;
    }

    private static List<Object> totalsRow(String source, ReportData.Totals t) {
        return List.of(source, t.participants(), t.importedWh(), t.exportedWh(), t.deliveredWh(), t.renewableWh(),
                t.netCost(), t.baselineCost(), t.savings(), t.co2AvoidedMg());
    }

    static List<List<Object>> headlineCsv(ReportData d) {
        ReportData.Headline h = d.headline();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("figure", "value", "unit"));
        rows.add(List.of("communityNetCost", h.communityNetCost(), "1e-5 JPY"));
        rows.add(List.of("communityBaselineCost", h.communityBaselineCost(), "1e-5 JPY"));
        rows.add(List.of("communitySavings", h.communitySavingsBasisPoints(), "basis points"));
        rows.add(List.of("pvExport", h.pvExportWh(), "Wh"));
        rows.add(List.of("absorbedByEvsAndBatteries", h.absorbedWh(), "Wh"));
        rows.add(List.of("pvSurplusAbsorbed", h.pvAbsorbedBasisPoints(), "basis points"));
        rows.add(List.of("absorbedByFlexibleLoads", h.flexibleAbsorbedWh(), "Wh"));
        rows.add(List.of("averageBuyPrice", h.averageBuyPrice(), "ticks (0.01 JPY/kWh)"));
        rows.add(List.of("averageSellPrice", h.averageSellPrice(), "ticks (0.01 JPY/kWh)"));
        rows.add(List.of("evAverageBuyPrice", h.evAverageBuyPrice(), "ticks (0.01 JPY/kWh)"));
        rows.add(List.of("retailTariff", d.meta().retailTariff(), "ticks (0.01 JPY/kWh)"));
        rows.add(List.of("buyBackTariff", d.meta().buyBackTariff(), "ticks (0.01 JPY/kWh)"));
        rows.add(List.of("renewableShare", h.renewableShareBasisPoints(), "basis points"));
        rows.add(List.of("co2Avoided", h.co2AvoidedMg(), "mg"));
        return rows;
    }

    /** Whether the report's totals equal the ledger's settlement summaries, field by field. */
    static boolean totalsMatch(ReportData d) {
        return d.totals().equals(d.ledgerTotals());
    }

    private static String local(String participantId) {
        int i = participantId.indexOf(':');
        return i < 0 ? participantId : participantId.substring(i + 1);
    }

    static String html(ReportData d) {
        ReportData.Meta m = d.meta();
        ReportData.Headline h = d.headline();
        Map<String, String> typeOf = new TreeMap<>();
        d.participants().forEach(p -> typeOf.put(p.participant(), p.type()));
        boolean byType = d.participants().size() > MAX_CHARTED_PARTICIPANTS;
        Function<String, String> node = byType ? id -> typeOf.getOrDefault(id, "other") : ReportWriter::local;

        StringBuilder s = new StringBuilder(64_000);
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>p2pe trading day: ").append(Fmt.esc(m.scenario())).append(' ').append(m.date())
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px auto;max-width:1240px;color:#222;background:#f6f7f9}")
                .append("h1{margin:0 0 4px}h2{margin:28px 0 8px}p.lead{color:#555;margin:4px 0 16px}")
                .append(".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}")
                .append(".card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 3px #0002}")
                .append(".card .v{font-size:28px;font-weight:bold;margin:4px 0}.card .k{color:#555;font-size:13px}")
                .append(".chart{background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 3px #0002;margin:12px 0}")
                .append("table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}")
                .append("th,td{padding:4px 8px;border-bottom:1px solid #e5e5e5;text-align:right}")
                .append("th:first-child,td:first-child,th.l,td.l{text-align:left}.ok{color:#1b7f3b}.bad{color:#d1495b}")
                .append("</style></head><body>\n");
        s.append("<h1>Trading day: ").append(Fmt.esc(m.scenario())).append(", ").append(m.date()).append("</h1>");
        s.append("<p class=\"lead\">").append(Fmt.esc(m.description() == null ? "" : m.description())).append("</p>");
        s.append("<p class=\"lead\">").append(m.mechanism())
                .append(m.objective() == null ? "" : " (" + m.objective() + ")")
                .append(d.competition() == null ? "" : ", cleared by proposals").append(" · ")
                .append(m.season().toLowerCase(java.util.Locale.ROOT)).append(", ")
                .append(m.weather().toLowerCase(java.util.Locale.ROOT)).append(" · seed ").append(m.seed())
                .append(" · slots ").append(Fmt.esc(m.firstSlot())).append(" … ").append(Fmt.esc(m.lastSlot()))
                .append(" (").append(d.slots().size()).append(") · ").append(d.participants().size())
                .append(" participants · ").append(m.orders()).append(" orders, ").append(m.transactions())
                .append(" transactions in ").append(m.wallSeconds()).append(" s on the ledger</p>\n");

        s.append("<div class=\"cards\">");
        card(s, "Community savings vs grid only", Fmt.saving(h.communityBaselineCost() - h.communityNetCost(),
                h.communityBaselineCost()), "of a grid-only cost of " + Fmt.jpy(h.communityBaselineCost()) + " JPY");
        card(s, "PV surplus absorbed by EVs and batteries", Fmt.percent(h.pvAbsorbedBasisPoints()),
                Fmt.kwh(h.absorbedWh()) + " of " + Fmt.kwh(h.pvExportWh()) + " kWh exported by PV owners; flexible "
                        + "loads took " + Fmt.kwh(h.flexibleAbsorbedWh()) + " kWh");
        card(s, "Average P2P buy price", Fmt.price(h.averageBuyPrice()) + " JPY/kWh",
                "retail tariff " + Fmt.price(m.retailTariff()) + (h.evAverageBuyPrice() > 0 ? "; EVs "
                        + Fmt.price(h.evAverageBuyPrice()) : ""));
        card(s, "Average P2P sell price", Fmt.price(h.averageSellPrice()) + " JPY/kWh",
                "buy-back tariff " + Fmt.price(m.buyBackTariff()));
        card(s, "Renewable share of consumption", Fmt.percent(h.renewableShareBasisPoints()),
                Fmt.kwh(d.totals().renewableWh()) + " kWh renewable P2P delivered");
        card(s, "CO2 avoided", Fmt.kgCo2(h.co2AvoidedMg()) + " kg", "at " + m.gridEmissionFactor()
                + " g-CO2/kWh of grid supply");
        card(s, "P2P energy delivered", Fmt.kwh(d.totals().deliveredWh()) + " kWh",
                Fmt.kwh(d.totals().importedWh()) + " kWh imported in all");
        boolean ok = totalsMatch(d);
        card(s, "Report totals = ledger settlement", ok ? "<span class=\"ok\">✓ equal</span>"
                : "<span class=\"bad\">✗ differ</span>", d.totals().participants() + " settlement lines, "
                + d.slots().size() + " slot summaries");
        s.append("</div>\n");

        s.append("<h2>Prices and volume</h2><div class=\"chart\">").append(Charts.priceAndVolume(d)).append("</div>");
        s.append("<h2>PV surplus and its absorption</h2><div class=\"chart\">").append(Charts.pvAbsorption(d))
                .append("</div>");

        List<String> names = new ArrayList<>();
        List<Long> base = new ArrayList<>();
        List<Long> net = new ArrayList<>();
        if (byType) {
            Map<String, long[]> agg = new LinkedHashMap<>();
            Map<String, Integer> count = new TreeMap<>();
            for (ReportData.ParticipantRow p : d.participants()) {
                long[] v = agg.computeIfAbsent(p.type(), k -> new long[2]);
                v[0] += p.baselineCost();
                v[1] += p.netCost();
                count.merge(p.type(), 1, Integer::sum);
            }
            for (Map.Entry<String, long[]> e : agg.entrySet()) {
                names.add(e.getKey() + " ×" + count.get(e.getKey()));
                base.add(e.getValue()[0]);
                net.add(e.getValue()[1]);
            }
        } else {
            for (ReportData.ParticipantRow p : d.participants()) {
                names.add(local(p.participant()) + " (" + p.type() + ")");
                base.add(p.baselineCost());
                net.add(p.netCost());
            }
        }
        s.append("<h2>Cost per ").append(byType ? "participant type" : "participant")
                .append(" against the grid-only baseline</h2><div class=\"chart\">")
                .append(Charts.costs(names, base, net, "Net electricity cost of the day: grid only vs with P2P "
                        + "trading")).append("</div>");
        s.append("<h2>Renewable share and CO2</h2><div class=\"chart\">").append(Charts.renewable(d)).append("</div>");
        s.append("<h2>Provenance: who supplied whom</h2><div class=\"chart\">")
                .append(Charts.flows(d.flows(), node, "Delivered P2P energy, generator → consumer"
                        + (byType ? " (by participant type)" : ""))).append("</div>");

        if (d.competition() != null) {
            competitionHtml(s, d.competition());
        }
        if (!d.demandResponse().isEmpty()) {
            demandResponseHtml(s, d.demandResponse());
        }
        if (!d.batteries().isEmpty()) {
            batteriesHtml(s, d.batteries());
        }

        List<List<String>> people = new ArrayList<>();
        for (ReportData.ParticipantRow p : d.participants()) {
            people.add(List.of(p.participant(), p.type(), Fmt.kwh(p.importedWh()), Fmt.kwh(p.exportedWh()),
                    Fmt.kwh(p.boughtWh()), Fmt.kwh(p.soldWh()), Fmt.jpy(p.baselineCost()), Fmt.jpy(p.netCost()),
                    Fmt.saving(p.savings(), p.baselineCost()), Fmt.kwh(p.renewableWh())));
        }
        s.append("<h2>Participants</h2>");
        table(s, List.of("participant", "type", "imported kWh", "exported kWh", "bought kWh", "sold kWh",
                "grid only JPY", "with P2P JPY", "saved", "renewable kWh"), 2, people);
        s.append("<h2>Totals</h2>");
        table(s, List.of("source", "lines", "imported kWh", "exported kWh", "delivered kWh", "renewable kWh", "net JPY",
                "baseline JPY", "savings JPY", "CO2 avoided kg"), 1,
                List.of(totalsCells("participants' settlement records", d.totals()),
                        totalsCells("slots' settlement summaries (chaincode)", d.ledgerTotals())));
        s.append("<p class=\"lead\">Every figure on this page was read back from the ledger through the ")
                .append("client SDK after the day was settled: slot records (clearing and settlement summaries), ")
                .append("each participant's settlement records and each consumer's provenance records. ")
                .append("Files: report.json, slots.csv, participants.csv, flows.csv, totals.csv, headline.csv")
                .append(d.demandResponse().isEmpty() ? "" : ", demand-response.csv").append(".</p>")
                .append("</body></html>\n");
        return s.toString();
    }

    private static void card(StringBuilder s, String key, String value, String note) {
        s.append("<div class=\"card\"><div class=\"k\">").append(Fmt.esc(key)).append("</div><div class=\"v\">")
                .append(value).append("</div><div class=\"k\">").append(Fmt.esc(note)).append("</div></div>");
    }

    /**
     * The report's one HTML table helper: escaped text cells, the first {@code leftColumns}
     * columns aligned left (names), the rest right (figures).
     */
    static void table(StringBuilder s, List<String> header, int leftColumns, List<List<String>> rows) {
        s.append("<table><tr>");
        for (int i = 0; i < header.size(); i++) {
            s.append(i < leftColumns ? "<th class=\"l\">" : "<th>").append(Fmt.esc(header.get(i))).append("</th>");
        }
        s.append("</tr>");
        for (List<String> row : rows) {
            s.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                s.append(i < leftColumns ? "<td class=\"l\">" : "<td>").append(Fmt.esc(row.get(i))).append("</td>");
            }
            s.append("</tr>");
        }
        s.append("</table>");
    }

    private static List<String> totalsCells(String source, ReportData.Totals t) {
        return List.of(source, Long.toString(t.participants()), Fmt.kwh(t.importedWh()), Fmt.kwh(t.exportedWh()),
                Fmt.kwh(t.deliveredWh()), Fmt.kwh(t.renewableWh()), Fmt.jpy(t.netCost()), Fmt.jpy(t.baselineCost()),
                Fmt.jpy(t.savings()), Fmt.kgCo2(t.co2AvoidedMg()));
    }
}
