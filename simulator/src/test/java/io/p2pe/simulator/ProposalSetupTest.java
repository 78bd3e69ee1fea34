package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.protocol.ClockMode;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.simulator.agents.Season;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code --clearing proposals} sets up before any network call: the option, the identities, the role check. */
class ProposalSetupTest {
    private static Simulation.Options options(Mechanism m, Clearing c) {
        return new Simulation.Options(null, null, m, Objective.MAX_MIN_SURPLUS, null, 1, null, null, "10:00", 4, null,
                Path.of("x"), Path.of("x"), c, true, false);
    }

    @Test
    void proposalsNeedOptimal() throws SimulationInputException {
        SimulationInputException e = assertThrows(SimulationInputException.class,
                () -> Simulation.clearing(options(Mechanism.UNIFORM_PRICE, Clearing.PROPOSALS), Mechanism.UNIFORM_PRICE));
        assertEquals("--clearing proposals needs --mechanism OPTIMAL (solvers compete only for OPTIMAL slots); the "
                + "mechanism is UNIFORM_PRICE", e.getMessage());
        assertEquals(Clearing.PROPOSALS, Simulation.clearing(options(Mechanism.OPTIMAL, Clearing.PROPOSALS),
                Mechanism.OPTIMAL));
        assertEquals(Clearing.BUILT_IN, Simulation.clearing(options(Mechanism.PAY_AS_BID, null), Mechanism.PAY_AS_BID));
        assertEquals(Clearing.BUILT_IN, Clearing.parse("Built-In"));
        assertEquals(Clearing.PROPOSALS, Clearing.parse("proposals"));
        assertEquals("--clearing must be built-in or proposals, got 'lp'",
                assertThrows(SimulationInputException.class, () -> Clearing.parse("lp")).getMessage());
    }

    @Test
    void oneSolverIdentityPerPeerOrgEachWithItsOwnMethod() throws SimulationInputException {
        Scenario s = ScenarioLoader.builtIn("higashi-fuji");
        Community c = Community.build(s, Season.SPRING, s.weather(), 1, Set.of("ExchangeOrg", "RetailerOrg", "GridOrg"));
        List<TradingDay.IdentityRequest> ids = TradingDay.identities(c, SimSolver.forDay(3));
        assertEquals(List.of(new TradingDay.IdentityRequest("ExchangeOrg", "sim-solver-engine", "solver", null),
                new TradingDay.IdentityRequest("RetailerOrg", "sim-solver-greedy", "solver", null),
                new TradingDay.IdentityRequest("GridOrg", "sim-solver-lp", "solver", null)),
                ids.subList(ids.size() - 3, ids.size()));
        assertEquals(c.participants().size() + 2, TradingDay.identities(c, List.of()).size());
        assertEquals(List.of("engine", "greedy (seed 3)", "LP (ojalgo)"),
                SimSolver.forDay(3).stream().map(SimSolver::method).toList());
    }

    private static MarketSettings market(Map<String, List<String>> roles) {
        return new MarketSettings(1, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, 30, 60, 7, "Asia/Tokyo",
                ClockMode.LEDGER, 0, 100_000, null, 2620, 850, 450, List.of("solar"), roles, 5, 100_000, 1_000_000,
                4_000_000, 1000, "t", "op", "tx");
    }

    @Test
    void solversMustBeAllowedTheSolverRole() {
        List<SimSolver> solvers = SimSolver.forDay(1);
        assertNull(Simulation.solverRoleProblem(market(null), solvers));
        assertNull(Simulation.solverRoleProblem(market(Map.of("solver", List.of("ExchangeOrgMSP", "GridOrgMSP",
                "RetailerOrgMSP"))), solvers));
        String problem = Simulation.solverRoleProblem(market(Map.of("solver", List.of("GridOrgMSP"))), solvers);
        assertTrue(problem.startsWith("the market configuration allows the solver role only from [GridOrgMSP], not "
                + "from [ExchangeOrgMSP, RetailerOrgMSP] (roleMsps.solver)"), problem);
    }
}
