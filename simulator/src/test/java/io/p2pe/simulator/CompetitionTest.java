package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.protocol.ErrorCode;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.solver.CompetitionOutcome;
import io.p2pe.sdk.solver.ProposalScore;
import io.p2pe.sdk.solver.SubmittedProposal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The competition part of a report, from hand-built outcomes as the ledger records them: winners,
 * margins against the built-in engine, the day's tally, and how it is rendered; and what a
 * solver's attempt and the finalization meet, without a network.
 */
class CompetitionTest {
    static final List<SimSolver> SOLVERS = SimSolver.forDay(7);
    private static final String T10 = "2027-05-20T10:00+09:00";
    private static final String T1030 = "2027-05-20T10:30+09:00";
    private static final String T11 = "2027-05-20T11:00+09:00";
    private static final String T1130 = "2027-05-20T11:30+09:00";

    private static String id(String cn, String org) {
        return "x509::CN=" + cn + ",OU=client,O=" + org + ",L=Tokyo,C=JP::CN=ca." + org.toLowerCase() + ",O=" + org
                + ",C=JP";
    }

    private static CompetitionOutcome.Candidate solver(String cn, String org, String rate, long surplus, long wh,
                                                       String draw) {
        return new CompetitionOutcome.Candidate(id(cn, org), org + "MSP", "p-" + cn, draw,
                new ProposalScore("MAX_MIN_SURPLUS", rate, surplus, wh), 3);
    }

    private static CompetitionOutcome.Candidate builtIn(String rate, long surplus, long wh) {
        return new CompetitionOutcome.Candidate(CompetitionOutcome.BUILT_IN, null, "p-engine", "d-engine",
                new ProposalScore("MAX_MIN_SURPLUS", rate, surplus, wh), 3);
    }

    private static CompetitionOutcome outcome(String slot, int n, CompetitionOutcome.Candidate winner,
                                              CompetitionOutcome.Candidate runnerUp,
                                              CompetitionOutcome.Candidate builtIn, String refusal) {
        return new CompetitionOutcome(slot, "main", "digest", n, winner, runnerUp, builtIn, refusal, "t", "tx");
    }

    private static final List<ReportData.Attempt> ATTEMPTS = List.of(
            new ReportData.Attempt("sim-solver-engine", "proposed", null, new ReportData.Score("2", 150_000, 2_000)),
            new ReportData.Attempt("sim-solver-greedy", "proposed", null, new ReportData.Score("7/3", 160_000, 2_000)),
            new ReportData.Attempt("sim-solver-lp", "refused PROPOSAL_NOT_BETTER", "would not rank above it", null));

    /** Four slots: greedy beats the engine, the engine wins, a tie won by the draw, the engine refuses the book. */
    static ReportData.Competition day() {
        CompetitionOutcome.Candidate engine = builtIn("2", 150_000, 2_000);
        CompetitionOutcome.Candidate greedy = solver("sim-solver-greedy", "RetailerOrg", "7/3", 160_000, 2_000, "d1");
        CompetitionOutcome.Candidate same = solver("sim-solver-engine", "ExchangeOrg", "2", 150_000, 2_000, "d0");
        CompetitionOutcome.Candidate lp = solver("sim-solver-lp", "GridOrg", "5/2", 90_000, 1_500, "d2");
        return Competitions.assemble("MAX_MIN_SURPLUS", 5, SOLVERS, List.of(
                new Competitions.SlotInput(T10, outcome(T10, 4, greedy, engine, engine, null), ATTEMPTS),
                new Competitions.SlotInput(T1030, outcome(T1030, 2, engine, lp, engine, null), List.of()),
                new Competitions.SlotInput(T11, outcome(T11, 2, same, engine, engine, null), List.of()),
                new Competitions.SlotInput(T1130, outcome(T1130, 1, lp, null, null, "BEYOND_LIMITS: 40 tradable orders"),
                        List.of())));
    }

    @Test
    void winnersAndMarginsAgainstTheBuiltIn() {
        ReportData.Competition c = day();
        ReportData.SlotCompetition ten = c.slots().get(0);
        assertEquals("sim-solver-greedy", ten.winner());
        assertEquals("RetailerOrg", ten.winnerOrg());
        assertEquals("greedy (seed 7)", ten.winnerMethod());
        assertEquals("1/3", ten.rateGain());
        assertEquals(10_000L, ten.surplusGain());
        assertEquals(0L, ten.volumeGain());
        assertEquals("smallest surplus rate 7/3 vs 2 ticks (+1/3), surplus +0.10000 JPY", ten.margin());
        assertEquals("built-in", ten.runnerUp());
        assertEquals(ATTEMPTS, ten.attempts());

        ReportData.SlotCompetition engineWon = c.slots().get(1);
        assertEquals("built-in", engineWon.winner());
        assertNull(engineWon.winnerOrg());
        assertEquals("0", engineWon.rateGain());
        assertEquals("the built-in result won", engineWon.margin());
        assertEquals("sim-solver-lp", engineWon.runnerUp());

        assertEquals("tie with the built-in result, won the draw", c.slots().get(2).margin());

        ReportData.SlotCompetition refused = c.slots().get(3);
        assertEquals("sim-solver-lp", refused.winner());
        assertNull(refused.builtInScore());
        assertNull(refused.surplusGain());
        assertTrue(refused.margin().contains("refused the book (BEYOND_LIMITS: 40 tradable orders)"), refused.margin());

        assertEquals(List.of(new ReportData.Wins("sim-solver-engine", "ExchangeOrg", "engine", 1),
                new ReportData.Wins("sim-solver-greedy", "RetailerOrg", "greedy (seed 7)", 1),
                new ReportData.Wins("sim-solver-lp", "GridOrg", "LP (ojalgo)", 1),
                new ReportData.Wins("built-in", null, null, 1)), c.wins());
    }

    @Test
    void otherObjectivesRankBySurplusOrVolumeFirst() {
        CompetitionOutcome o = outcome(T10, 2, solver("sim-solver-greedy", "RetailerOrg", null, 160_000, 1_900, "a"),
                null, builtIn(null, 150_000, 2_000), null);
        ReportData.Score w = new ReportData.Score(null, 160_000, 1_900);
        ReportData.Score b = new ReportData.Score(null, 150_000, 2_000);
        assertEquals("surplus +0.10000 JPY, volume -0.100 kWh",
                Competitions.margin("MAX_WELFARE", o, w, b, null, 10_000L, -100L));
        assertEquals("volume -0.100 kWh, surplus +0.10000 JPY",
                Competitions.margin("MAX_VOLUME", o, w, b, null, 10_000L, -100L));
    }

    @Test
    void aSlotWithoutARecordedOutcomeSaysSo() {
        ReportData.Competition c = Competitions.assemble("MAX_WELFARE", 5, SOLVERS,
                List.of(new Competitions.SlotInput(T10, null, List.of())));
        assertNull(c.slots().get(0).winner());
        assertEquals("the ledger recorded no competition for this slot", c.slots().get(0).margin());
        assertEquals(0, c.wins().stream().mapToInt(ReportData.Wins::slots).sum());
    }

    @Test
    void exactFractionsAndNames() {
        assertEquals("1/3", Competitions.difference("7/3", "2"));
        assertEquals("-1/6", Competitions.difference("1/2", "2/3"));
        assertEquals("0", Competitions.difference("4/2", "2"));
        assertEquals("9223372036854775806", Competitions.difference("9223372036854775807", "1"));
        assertEquals("sim-solver-lp", Competitions.commonName(id("sim-solver-lp", "GridOrg")));
        assertNull(Competitions.commonName("built-in"));
        // Another solver on the network (same MSP, another name) is not one of the day's.
        assertNull(Competitions.solverOf(solver("other", "GridOrg", "1", 1, 1, "x"), SOLVERS));
    }

    private static EndorsementRejectedException refusal(ErrorCode code) {
        return new EndorsementRejectedException("tx", code.name(), null, "the message", null);
    }

    @Test
    void aSolversRefusalOrFailureIsReportedNotThrown() {
        SimSolver greedy = SOLVERS.get(1);
        SubmittedProposal stored = new SubmittedProposal(T10, id(greedy.name(), "RetailerOrg"), "RetailerOrgMSP", "d",
                "p", "k", new ProposalScore("MAX_MIN_SURPLUS", "7/3", 5, 6), 2, "t", "tx");
        assertEquals(new ReportData.Attempt(greedy.name(), "proposed", null, new ReportData.Score("7/3", 5, 6)),
                TradingDay.attempt(greedy, () -> Optional.of(stored)));
        assertEquals(new ReportData.Attempt(greedy.name(), "refused PROPOSAL_NOT_BETTER", "the message", null),
                TradingDay.attempt(greedy, () -> {
                    throw refusal(ErrorCode.PROPOSAL_NOT_BETTER);
                }));
        assertEquals("skipped", TradingDay.attempt(greedy, Optional::empty).result());
        ReportData.Attempt failed = TradingDay.attempt(greedy, () -> {
            throw new IllegalArgumentException("BEYOND_LIMITS: the exact search stops above 24 tradable orders");
        });
        assertEquals("failed", failed.result());
        assertTrue(failed.detail().contains("BEYOND_LIMITS"), failed.detail());
    }

    @Test
    void finalizingIsRetriedOnlyWhileThePeerStillSeesTheWindowOpen() throws P2peException {
        AtomicInteger calls = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();
        String done = TradingDay.retryWhileWindowOpen(() -> {
            if (calls.incrementAndGet() < 4) {
                throw refusal(ErrorCode.PROPOSAL_WINDOW_OPEN);
            }
            return "cleared";
        }, 8, Duration.ofMillis(250), Duration.ofMillis(600), waits::add);
        assertEquals("cleared", done);
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(600)), waits);

        calls.set(0);
        EndorsementRejectedException other = assertThrows(EndorsementRejectedException.class,
                () -> TradingDay.retryWhileWindowOpen(() -> {
                    calls.incrementAndGet();
                    throw refusal(ErrorCode.FORBIDDEN);
                }, 8, Duration.ZERO, Duration.ZERO, d -> { }));
        assertEquals(ErrorCode.FORBIDDEN, other.errorCode().orElseThrow());
        assertEquals(1, calls.get(), "another refusal is not retried");

        calls.set(0);
        assertThrows(EndorsementRejectedException.class, () -> TradingDay.retryWhileWindowOpen(() -> {
            calls.incrementAndGet();
            throw refusal(ErrorCode.PROPOSAL_WINDOW_OPEN);
        }, 3, Duration.ZERO, Duration.ZERO, d -> { }));
        assertEquals(3, calls.get(), "at most the attempts given");

        // A sealed book: the operator's peer that has not committed the reveals yet refuses REVEAL_WINDOW_OPEN.
        calls.set(0);
        assertEquals("cleared", TradingDay.retryWhileWindowOpen(() -> {
            if (calls.incrementAndGet() < 3) {
                throw refusal(ErrorCode.REVEAL_WINDOW_OPEN);
            }
            return "cleared";
        }, 8, Duration.ZERO, Duration.ZERO, d -> { }));
        assertEquals(3, calls.get());
    }

    @Test
    void theReportShowsWhoWonEachSlot(@TempDir Path dir) throws Exception {
        ReportData base = ReportTest.day();
        ReportData d = base.withCompetition(day());
        String page = ReportWriter.html(d);
        assertTrue(page.contains("<h2>Proposal competition</h2>"), page);
        assertTrue(page.contains("<td class=\"l\">sim-solver-greedy (RetailerOrg)</td>"), page);
        assertTrue(page.contains("smallest surplus rate 7/3 vs 2 ticks (+1/3), surplus +0.10000 JPY"), page);
        assertTrue(page.contains("sim-solver-lp: refused PROPOSAL_NOT_BETTER"), page);
        assertTrue(page.contains("<td class=\"l\">built-in</td><td class=\"l\">(the ledger&#39;s engine)</td>"
                + "<td class=\"l\">built-in</td><td>1</td>"), page);
        assertTrue(page.contains("<th>winner&#39;s smallest rate</th>"), page);
        assertTrue(page.contains(", cleared by proposals"), page);
        assertTrue(!ReportWriter.html(base).contains("Proposal competition"), "no table without proposals");

        ReportWriter.write(d, dir);
        assertEquals(d, ReportWriter.JSON.readValue(dir.resolve("report.json").toFile(), ReportData.class));
        List<String> csv = Files.readAllLines(dir.resolve("slots.csv"));
        assertTrue(csv.get(0).endsWith(",co2AvoidedMg,winner,winnerOrg,winnerMethod,candidates,winnerMinSurplusRate,"
                + "winnerSurplus,winnerVolumeWh,builtInMinSurplusRate,builtInSurplus,builtInVolumeWh,builtInRefusal,"
                + "minSurplusRateGain,surplusGain,volumeGainWh"), csv.get(0));
        // ReportTest's day has slots 00:00 and 12:00, which the competition's slots are not: empty cells.
        assertTrue(csv.get(1).endsWith(",,,,,,,,,,,,,,"), csv.get(1));
        ReportWriter.write(base, dir);
        assertTrue(Files.readAllLines(dir.resolve("slots.csv")).get(0).endsWith(",co2AvoidedMg"));
    }

    @Test
    void theCompetitionOfMatchingSlotsGoesIntoTheirCsvRows(@TempDir Path dir) throws Exception {
        ReportData base = ReportTest.day();
        String noon = base.slots().get(1).slot();
        CompetitionOutcome o = outcome(noon, 4, solver("sim-solver-greedy", "RetailerOrg", "7/3", 160_000, 2_000, "d"),
                builtIn("2", 150_000, 2_000), builtIn("2", 150_000, 2_000), null);
        ReportData d = base.withCompetition(Competitions.assemble("MAX_MIN_SURPLUS", 5, SOLVERS,
                List.of(new Competitions.SlotInput(noon, o, ATTEMPTS))));
        ReportWriter.write(d, dir);
        String row = Files.readAllLines(dir.resolve("slots.csv")).get(2);
        assertTrue(row.endsWith(",sim-solver-greedy,RetailerOrg,greedy (seed 7),4,7/3,160000,2000,2,150000,2000,,1/3,"
                + "10000,0"), row);
    }
}
