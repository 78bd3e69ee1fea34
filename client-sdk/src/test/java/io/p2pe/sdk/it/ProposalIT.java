package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ClearingVerification;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.solver.CompetitionOutcome;
import io.p2pe.sdk.solver.ProposalBook;
import io.p2pe.sdk.solver.ProposalMethods;
import io.p2pe.sdk.solver.SlotProposals;
import io.p2pe.sdk.solver.SolverRunner;
import io.p2pe.sdk.solver.SubmittedProposal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Proposal-based clearing on the real network: two solvers of different orgs (GridOrg and
 * RetailerOrg) propose for one OPTIMAL slot at the same time, both proposals are stored, the window
 * rules hold on LEDGER time, and finalization picks the best of the proposals and the engine's own
 * result (ties by the draw key) and the auditor's verification accepts it. A second test runs both
 * solvers as {@link SolverRunner}s on the event stream. The market is switched to OPTIMAL with a
 * 30-minute window for this class and restored afterwards.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposalIT {
    private final String gridSolverName = "solver-grid-" + RUN;
    private final String retailSolverName = "solver-retail-" + RUN;

    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection biz;
    private P2peConnection gridSolver;
    private P2peConnection retailSolver;
    private Adversary clock;
    private LedgerDay day;
    private MarketSettings market;
    private ObjectNode configBefore;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of("gridorg " + gridSolverName + " solver", "retailerorg " + retailSolverName + " solver"));
        clock = Adversary.of(EXCHANGE, "operator");
        clock.ensureLedgerClock(java.time.Instant.now());
        Map<String, Object> optimal = new LinkedHashMap<>();
        optimal.put("mechanism", "OPTIMAL");
        optimal.put("objective", "MAX_WELFARE");
        optimal.put("proposalWindowMinutes", 30);
        configBefore = clock.reconfigure(optimal);
        market = operator.participant().marketSettings();
        day = new LedgerDay(clock, operator, market);
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        gridSolver = ItNetwork.connect(GRID, gridSolverName);
        retailSolver = ItNetwork.connect(RETAILER, retailSolverName);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (configBefore != null) {
            clock.restoreConfig(configBefore);
        }
        ItNetwork.closeAll(operator, auditor, home1, home2, biz, gridSolver, retailSolver, clock);
    }

    /** home-001 buys 2.5 kWh; biz-001 and home-002 sell 2 and 1 kWh: several matchings of equal welfare. */
    private Slot closedBook(String tag) throws Exception {
        Slot slot = day.openSlot();
        home1.participant().submitOrder(OrderRequest.buy(tag + "-b", slot, 2_500, 2_500));
        biz.participant().submitOrder(OrderRequest.sell(tag + "-s", slot, 2_000, 1_000));
        home2.participant().submitOrder(OrderRequest.sell(tag + "-s", slot, 1_000, 1_200));
        day.advanceToGateClosure(slot);
        operator.operator().closeSlot(slot);
        return slot;
    }

    private void checkOutcome(Slot slot, ClearingRecord cleared) throws Exception {
        SlotProposals all = auditor.solver().proposals(slot);
        CompetitionOutcome outcome = all.outcome();
        assertEquals(all.proposals().size() + 1, outcome.candidates(), outcome.toString());
        // The winner ranks first among the proposals and the built-in: score, then the smallest draw key.
        Comparator<CompetitionOutcome.Candidate> bestFirst = Comparator
                .comparingLong((CompetitionOutcome.Candidate c) -> -c.score().surplus())
                .thenComparingLong(c -> -c.score().volumeWh())
                .thenComparing(CompetitionOutcome.Candidate::drawKey);
        List<CompetitionOutcome.Candidate> candidates = new java.util.ArrayList<>();
        candidates.add(outcome.builtIn());
        for (SubmittedProposal p : all.proposals()) {
            candidates.add(new CompetitionOutcome.Candidate(p.solver(), p.solverMsp(), p.proposalDigest(), p.drawKey(),
                    p.score(), p.tradeCount()));
        }
        candidates.sort(bestFirst);
        assertEquals(candidates.get(0).drawKey(), outcome.winner().drawKey());
        assertEquals(candidates.get(1).drawKey(), outcome.runnerUp().drawKey());
        assertEquals(SlotState.Status.CLEARED, cleared.status());
        ClearingVerification v = auditor.audit().verifyClearing(slot);
        assertTrue(v.verified(), v.problems().toString());
    }

    @Test
    void twoSolversOfDifferentOrgsCompeteAndTheBestWins() throws Exception {
        Slot slot = closedBook("pit-" + RUN);
        ProposalBook book = gridSolver.solver().book(slot);
        assertEquals(3, book.input().orders().size());
        Proposal greedy = new Proposal(book.slot(), book.inputDigest(), ProposalMethods.greedy(1).propose(book.input()));
        // Only the one 2 kWh SELL: a worse proposal, but valid.
        Proposal partial = new Proposal(book.slot(), book.inputDigest(), List.of(new io.p2pe.market.proposal.ProposedTrade(
                book.input().orders().stream().filter(o -> o.side() == io.p2pe.market.Side.BUY).findFirst().orElseThrow().id(),
                book.input().orders().stream().filter(o -> o.wh() == 2_000).findFirst().orElseThrow().id(), 2_000)));
        // Both at once: different keys, so both commit even when they share a block.
        CompletableFuture<SubmittedProposal> a = CompletableFuture.supplyAsync(() -> call(() -> gridSolver.solver().propose(slot, greedy)));
        CompletableFuture<SubmittedProposal> b = CompletableFuture.supplyAsync(() -> call(() -> retailSolver.solver().propose(slot, partial)));
        assertEquals("GridOrgMSP", a.get().solverMsp());
        assertEquals("RetailerOrgMSP", b.get().solverMsp());
        assertEquals(2, auditor.solver().proposals(slot).proposals().size());
        assertEquals("PROPOSAL_NOT_BETTER", refusal(() -> retailSolver.solver().propose(slot, new Proposal(book.slot(),
                book.inputDigest(), List.of()))));
        assertEquals("PROPOSAL_WINDOW_OPEN", refusal(() -> gridSolver.solver().finalizeClearing(slot)));
        clock.advanceLedgerTime(book.windowEnds());
        assertEquals("PROPOSAL_WINDOW_CLOSED", refusal(() -> retailSolver.solver().propose(slot, greedy)));
        ClearingRecord cleared = gridSolver.solver().finalizeClearing(slot);
        checkOutcome(slot, cleared);
    }

    @Test
    void solverRunnersProposeForEverySlotThatCloses() throws Exception {
        Path checkpoints = Files.createTempDirectory("p2pe-solver-it");
        List<String> proposed = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        SolverRunner.Listener listener = new SolverRunner.Listener() {
            @Override
            public void onProposed(Slot s, SubmittedProposal p) {
                proposed.add(s + " " + p.solverMsp());
            }

            @Override
            public void onFailed(Slot s, Exception e) {
                failed.add(s + " " + e);
            }
        };
        try (SolverRunner grid = SolverRunner.builder(gridSolver, ProposalMethods.engine()).listener(listener)
                .events(EventOptions.builder().checkpointFile(checkpoints.resolve("grid")).build()).build();
             SolverRunner retail = SolverRunner.builder(retailSolver, ProposalMethods.greedy(7)).listener(listener)
                .events(EventOptions.builder().checkpointFile(checkpoints.resolve("retail")).build()).build()) {
            grid.start();
            retail.start();
            Slot slot = closedBook("prun-" + RUN);
            ItNetwork.await("both runners to propose for " + slot,
                    () -> proposed.stream().filter(p -> p.startsWith(slot.toString())).count() == 2 || !failed.isEmpty());
            assertEquals(List.of(), failed);
            ProposalBook book = operator.solver().book(slot);
            clock.advanceLedgerTime(book.windowEnds());
            checkOutcome(slot, operator.operator().clearSlot(slot));
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
