package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.dr.DrDirection;
import io.p2pe.simulator.agents.DayProfile;
import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.SolarModel;
import io.p2pe.simulator.agents.Weather;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's DR events as the community resolves them, and how an enrolled site's load responds. */
class DemandResponsePlanTest {
    private static final Set<String> ORGS = Set.of("ExchangeOrg", "RetailerOrg", "GridOrg");

    private static long[] flat(long wh) {
        long[] v = new long[SolarModel.SLOTS_PER_DAY];
        Arrays.fill(v, wh);
        return v;
    }

    @Test
    void downMovesTheShareIntoTheTwoSlotsAfterAndUpTakesItFromThem() {
        DayProfile p = new DayProfile(flat(1_000), flat(1_000), flat(0), flat(0));
        // DOWN 20 % in slots 35..37 (17:30-18:30): 200 Wh out of each, 600 Wh back in 38 and 39.
        DayProfile down = p.withResponse(35, 37, true, 200);
        assertEquals(800, down.loadWh(35));
        assertEquals(800, down.expectedLoadWh(37));
        assertEquals(1_300, down.loadWh(38));
        assertEquals(1_300, down.loadWh(39));
        assertEquals(1_000, down.loadWh(40));
        assertEquals(p.totalLoadWh(), down.totalLoadWh());
        // UP 25 % in slot 22: +250 Wh, taken as 125 + 125 from slots 23 and 24.
        DayProfile up = p.withResponse(22, 22, false, 250);
        assertEquals(1_250, up.loadWh(22));
        assertEquals(875, up.loadWh(23));
        assertEquals(875, up.loadWh(24));
        assertEquals(p.totalLoadWh(), up.totalLoadWh());
        // At the end of the day the deferred energy has no slot left: 47 keeps 800, the day loses 200.
        assertEquals(p.totalLoadWh() - 200, p.withResponse(47, 47, true, 200).totalLoadWh());
        assertThrows(IllegalArgumentException.class, () -> p.withResponse(10, 9, true, 100));
        assertThrows(IllegalArgumentException.class, () -> p.withResponse(10, 10, true, 1001));
    }

    @Test
    void setagayaEnrolsItsGroupsAndNoDrRunsTheSameDayWithoutThem() throws Exception {
        Scenario s = ScenarioLoader.builtIn("setagaya");
        Community with = Community.build(s, Season.SUMMER, Weather.SUNNY, 3, ORGS, true);
        Community without = Community.build(s, Season.SUMMER, Weather.SUNNY, 3, ORGS, false);
        assertEquals(List.of("evening-down", "midday-up"), with.drEvents().stream().map(Community.DrPlan::id).toList());
        Community.DrPlan evening = with.drEvents().get(0);
        assertEquals(DrDirection.DOWN, evening.direction());
        assertEquals(35, evening.fromSlot());
        assertEquals(38, evening.toSlot());
        assertEquals(200, evening.responsePermille());
        assertEquals(100, evening.enrolled().size(), "60 sg-dr and 40 sg-buyer households");
        assertTrue(evening.enrolled().stream().allMatch(id -> id.startsWith("RetailerOrgMSP:sg-dr-")
                || id.startsWith("RetailerOrgMSP:sg-buyer-")));
        assertEquals(60, with.drEvents().get(1).enrolled().size());
        assertEquals(List.of(), without.drEvents());
        // The history the baselines come from is the base profile, the same in both runs.
        String id = evening.enrolled().get(0);
        assertArrayEquals(without.baseNetWh(id), with.baseNetWh(id));
    }

    @Test
    void miyagiDispatchesShiroishisBatteryThroughTheScenariosAggregator() throws Exception {
        Community c = Community.build(ScenarioLoader.builtIn("miyagi"), Season.SUMMER, Weather.SUNNY, 1,
                Set.of("ExchangeOrg", "RetailerOrg", "GridOrg", "MunicipalityOrg"), true);
        Community.DrPlan peak = c.drEvents().get(0);
        assertEquals(List.of("MunicipalityOrgMSP:shiroishi-center"), peak.dispatched());
        assertEquals(800, peak.dispatchPermille());
        assertEquals(4, peak.enrolled().size());
        assertTrue(c.dispatchesBatteries());
        assertEquals("miyagi-vpp", c.aggregatorLocalId());
        assertTrue(TradingDay.identities(c, List.of()).contains(
                new TradingDay.IdentityRequest("RetailerOrg", "miyagi-vpp", "aggregator", "miyagi-vpp")));
        assertTrue(TradingDay.identities(Community.build(ScenarioLoader.builtIn("miyagi"), Season.SUMMER,
                Weather.SUNNY, 1, ORGS, false), List.of()).stream().noneMatch(r -> r.role().equals("aggregator")),
                "--no-dr needs no aggregator");
    }

    @Test
    void badEventsAreRefusedNamingTheEvent(@TempDir Path dir) throws Exception {
        String base = Files.readString(Path.of("src/main/resources/scenarios/setagaya.yaml"));
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, base.replace("enrol: [sg-dr]", "enrol: [nobody]"));
        SimulationInputException e = assertThrows(SimulationInputException.class,
                () -> Community.build(ScenarioLoader.file(f), Season.SUMMER, Weather.SUNNY, 1, ORGS, true));
        assertTrue(e.getMessage().startsWith("DR event 'midday-up': 'enrol' must list participant groups"), e.getMessage());
        Files.writeString(f, base.replace("to: \"19:00\"", "to: \"23:30\""));
        e = assertThrows(SimulationInputException.class,
                () -> Community.build(ScenarioLoader.file(f), Season.SUMMER, Weather.SUNNY, 1, ORGS, true));
        assertTrue(e.getMessage().contains("1-12 slots"), e.getMessage());
        Files.writeString(f, base.replace("enrol: [sg-dr]", "enrol: [sg-dr]\n      dispatch: [sg-dr]"));
        e = assertThrows(SimulationInputException.class,
                () -> Community.build(ScenarioLoader.file(f), Season.SUMMER, Weather.SUNNY, 1, ORGS, true));
        assertTrue(e.getMessage().contains("'dispatch' must list battery groups"), e.getMessage());
    }
}
