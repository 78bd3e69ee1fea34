package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import io.p2pe.simulator.agents.Season;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a run that need no network: the season, the savings text, CSV, the progress bar. */
class SimulationTest {

    @Test
    void theSeasonFollowsTheDate() {
        for (Month m : Month.values()) {
            Season expected = switch (m) {
                case JUNE, JULY, AUGUST -> Season.SUMMER;
                case DECEMBER, JANUARY, FEBRUARY -> Season.WINTER;
                default -> Season.SPRING;
            };
            assertEquals(expected, Simulation.seasonOf(LocalDate.of(2026, m, 15)), m.name());
        }
        assertEquals(Season.WINTER, Simulation.seasonOf(LocalDate.of(2026, 12, 4)), "a December day is winter");
    }

    @Test
    void builtInScenariosLeaveTheSeasonToTheDate() throws Exception {
        for (String name : List.of("higashi-fuji", "miyagi", "setagaya")) {
            assertEquals(null, ScenarioLoader.builtIn(name).season(), name);
        }
    }

    @Test
    void aSavingShowsJpyAndAPercentageOnlyOfARealBaseline() {
        assertEquals("35 JPY (67.9 %)", Fmt.saving(3_540_000, 5_211_000));
        assertEquals("-2 JPY (-20.0 %)", Fmt.saving(-200_000, 1_000_000));
        assertEquals("12 JPY (89.6 %)", Fmt.saving(1_200_000, -1_339_000), "a negative baseline (earnings) counts by size");
        assertEquals("5 JPY", Fmt.saving(500_000, 999_999), "under 10 JPY of grid-only cost: no percentage");
        assertEquals("0 JPY", Fmt.saving(0, 0));
    }

    @Test
    void theReportShowsSavingsInJpy() {
        String page = ReportWriter.html(ReportTest.day());
        assertTrue(page.contains("<div class=\"v\">35 JPY (67.9 %)</div>"), "the community card");
        // The retailer's grid-only cost is 0: its saving has no percentage.
        assertTrue(page.contains("<td class=\"l\">RetailerOrgMSP:retailer</td><td class=\"l\">retailer</td>"
                + "<td>0.0</td><td>0.0</td><td>0.0</td><td>0.0</td><td>0</td><td>0</td><td>0 JPY</td>"), page);
        StringWriter out = new StringWriter();
        Simulation.summary(new PrintWriter(out), new Simulation.Result(ReportTest.day(), Path.of("r.html"), 1));
        assertTrue(out.toString().contains("community savings vs grid only: 35 JPY (67.9 %) of 52 JPY"), out.toString());
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.csv");
        ReportWriter.writeCsv(file, List.of(List.of("name", "n"), Arrays.asList("a,b", 1L),
                Arrays.asList("say \"hi\"", 2L), Arrays.asList("two\nlines", null)));
        assertEquals("name,n\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",\n", Files.readString(file));
        try (MappingIterator<List<String>> rows = ReportWriter.CSV.readerForListOf(String.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY).readValues(file.toFile())) {
            assertEquals(List.of(List.of("name", "n"), List.of("a,b", "1"), List.of("say \"hi\"", "2"),
                    List.of("two\nlines", "")), rows.readAll());
        }
    }

    @Test
    void theProgressBarCountsStepsAndEstimatesTheRest() {
        StringWriter err = new StringWriter();
        Progress p = Progress.logging(new PrintWriter(err), false, "slots");
        assertEquals("[###############...............] 2/4 slots  12:00  elapsed 10s  eta 10s",
                p.line(2, 4, "12:00", 10_000_000_000L));
        assertEquals("[..............................] 0/4 slots  start  elapsed 0s  eta ?", p.line(0, 4, "start", 0));
        p.note("a note");
        p.step(0, 2, "first");
        assertTrue(err.toString().startsWith("a note" + System.lineSeparator() + "[....."), err.toString());

        StringWriter quiet = new StringWriter();
        Progress off = Progress.terminalOnly(new PrintWriter(quiet), false, "slots");
        off.note("not shown");
        off.step(1, 2, "not shown");
        assertEquals("", quiet.toString(), "off a terminal a CLI bar draws nothing");
    }
}
