package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.Weather;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommunityTest {
    private static final Set<String> THREE_ORGS = Set.of("ExchangeOrg", "RetailerOrg", "GridOrg");
    private static final Set<String> FOUR_ORGS = Set.of("ExchangeOrg", "RetailerOrg", "GridOrg", "MunicipalityOrg");

    private static Community build(String name, Set<String> orgs) throws SimulationInputException {
        Scenario s = ScenarioLoader.builtIn(name);
        return Community.build(s, Season.SPRING, s.weather(), 1, orgs);
    }

    private static Map<String, Long> countByLabel(Community c) {
        return c.participants().stream().collect(Collectors.groupingBy(SimParticipant::label, TreeMap::new,
                Collectors.counting()));
    }

    @Test
    void higashiFujiHasThePilotsHomesBusinessSiteAndNinePhevs() throws Exception {
        Community c = build("higashi-fuji", THREE_ORGS);
        Map<String, Long> n = countByLabel(c);
        assertEquals(9, n.get("ev"));
        long homes = c.participants().stream().filter(p -> "HOUSEHOLD".equals(p.kind()) && p.evBatteryWh() == 0)
                .count();
        assertEquals(20, homes);
        assertEquals(1, c.participants().stream().filter(p -> "BUSINESS".equals(p.kind())).count());
        assertEquals("ExchangeOrg", c.participants().stream().filter(p -> "BUSINESS".equals(p.kind())).findFirst()
                .orElseThrow().org());
        assertEquals(2, n.get("battery (environment first)"));
        SimParticipant last = c.participants().get(c.participants().size() - 1);
        assertEquals("hf-retailer", last.localId());
        assertFalse(last.inCommunity());
        assertEquals("RetailerOrgMSP:hf-pv-01", c.participants().get(0).participantId());
    }

    @Test
    void miyagiBuildingsMoveToExchangeOrgWithoutAMunicipalityOrg() throws Exception {
        Community three = build("miyagi", THREE_ORGS);
        Community four = build("miyagi", FOUR_ORGS);
        assertTrue(three.participants().stream().filter(p -> "MUNICIPAL".equals(p.kind()))
                .allMatch(p -> p.org().equals("ExchangeOrg")));
        assertTrue(four.participants().stream().filter(p -> "MUNICIPAL".equals(p.kind()))
                .allMatch(p -> p.org().equals("MunicipalityOrg")));
        assertEquals(7, four.participants().stream().filter(p -> "MUNICIPAL".equals(p.kind())).count());
        assertEquals(1, four.participants().stream().filter(p -> p.batteryWh() > 0).count());
    }

    @Test
    void setagayaHasTwoHundredSellersAndOneHundredBuyers() throws Exception {
        Community c = build("setagaya", THREE_ORGS);
        Map<String, Long> n = countByLabel(c);
        assertEquals(200, n.get("pv-prosumer"));
        assertEquals(60, n.get("flexible"));
        assertEquals(40, n.get("consumer"));
        assertEquals("sg-seller-001", c.participants().get(0).localId());
    }

    @Test
    void theSameSeedDrawsTheSameCommunity() throws Exception {
        Function<Community, List<String>> view = c -> c.participants().stream()
                .map(p -> p.localId() + " " + p.pvWatts() + " " + p.batteryWh() + " " + p.location()).toList();
        Scenario s = ScenarioLoader.builtIn("setagaya");
        assertEquals(view.apply(Community.build(s, Season.SUMMER, Weather.SUNNY, 5, THREE_ORGS)),
                view.apply(Community.build(s, Season.SUMMER, Weather.SUNNY, 5, THREE_ORGS)));
        assertFalse(view.apply(Community.build(s, Season.SUMMER, Weather.SUNNY, 5, THREE_ORGS))
                .equals(view.apply(Community.build(s, Season.SUMMER, Weather.SUNNY, 6, THREE_ORGS))));
    }

    @Test
    void scenarioFilesAreCheckedWithClearMessages() {
        SimulationInputException unknownField = assertThrows(SimulationInputException.class, () -> ScenarioLoader.parseYaml(
                "name: x\ntarifs: {retail: 1, buyBack: 1}\n"));
        assertTrue(unknownField.getMessage().contains("tarifs"), unknownField.getMessage());
        SimulationInputException badRange = assertThrows(SimulationInputException.class, () -> ScenarioLoader.parseYaml(
                "name: x\nparticipants: [{id: a, agent: pv-prosumer, pvWatts: [5, 1]}]\n"));
        assertTrue(badRange.getMessage().contains("lo <= hi"), badRange.getMessage());
        SimulationInputException noLoad = assertThrows(SimulationInputException.class, () -> Community.build(
                ScenarioLoader.parseYaml("name: x\ntariffs: {retail: 3000, buyBack: 850}\n"
                        + "participants: [{id: a, agent: battery, battery: {capacityWh: 1, powerW: 1}}]\n"),
                Season.SPRING, Weather.SUNNY, 1, THREE_ORGS));
        assertEquals("participant group 'a': agent battery needs 'load' with 'shape' and 'dailyWh'",
                noLoad.getMessage());
        SimulationInputException badTime = assertThrows(SimulationInputException.class, () -> Community.build(
                ScenarioLoader.parseYaml("name: x\ntariffs: {retail: 3000, buyBack: 850}\n"
                        + "participants: [{id: e, agent: ev, ev: {capacityWh: 1, chargeW: 1, tripWh: 1, "
                        + "departHome: '7:30'}}]\n"), Season.SPRING, Weather.SUNNY, 1, THREE_ORGS));
        assertEquals("participant group 'e': time '7:30' must be HH:MM on the half hour", badTime.getMessage());
    }

    @Test
    void jsonScenarioFilesWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("two.json");
        java.nio.file.Files.writeString(f, "{\"name\": \"two\", \"tariffs\": {\"retail\": 3000, \"buyBack\": 850},"
                + " \"participants\": [{\"id\": \"pv\", \"agent\": \"pv-prosumer\", \"pvWatts\": 4000,"
                + " \"load\": {\"shape\": \"HOUSEHOLD\", \"dailyWh\": [8000, 9000]}},"
                + " {\"id\": \"shop\", \"agent\": \"pv-prosumer\", \"kind\": \"BUSINESS\","
                + " \"load\": {\"shape\": \"OFFICE\", \"dailyWh\": 50000}}]}");
        Community c = Community.build(ScenarioLoader.file(f), Season.SUMMER, Weather.CLOUDY, 1, THREE_ORGS);
        assertEquals(List.of("pv", "shop"), c.participants().stream().map(SimParticipant::localId).toList());
        assertEquals("consumer", c.participants().get(1).label());
    }
}
