package io.p2pe.simulator.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProfileGeneratorTest {

    private static long[] load(DayProfile p) {
        return IntStream.range(0, SolarModel.SLOTS_PER_DAY).mapToLong(p::loadWh).toArray();
    }

    private static long[] pv(DayProfile p) {
        return IntStream.range(0, SolarModel.SLOTS_PER_DAY).mapToLong(p::pvWh).toArray();
    }

    @Test
    void sameSeedGivesTheSameDay() {
        DayProfile a = new ProfileGenerator(Season.SUMMER, Weather.CLOUDY, 42).site("home-01", LoadShape.HOUSEHOLD,
                10_000, 4_500);
        DayProfile b = new ProfileGenerator(Season.SUMMER, Weather.CLOUDY, 42).site("home-01", LoadShape.HOUSEHOLD,
                10_000, 4_500);
        assertArrayEquals(load(a), load(b));
        assertArrayEquals(pv(a), pv(b));
    }

    @Test
    void otherSeedsAndSitesDiffer() {
        ProfileGenerator g = new ProfileGenerator(Season.SUMMER, Weather.CLOUDY, 42);
        DayProfile a = g.site("home-01", LoadShape.HOUSEHOLD, 10_000, 4_500);
        DayProfile b = g.site("home-02", LoadShape.HOUSEHOLD, 10_000, 4_500);
        DayProfile c = new ProfileGenerator(Season.SUMMER, Weather.CLOUDY, 43).site("home-01", LoadShape.HOUSEHOLD,
                10_000, 4_500);
        assertFalse(java.util.Arrays.equals(load(a), load(b)));
        assertFalse(java.util.Arrays.equals(pv(a), pv(c)));
    }

    @Test
    void addingASiteDoesNotChangeTheOthers() {
        ProfileGenerator g1 = new ProfileGenerator(Season.SPRING, Weather.SUNNY, 7);
        DayProfile before = g1.site("home-02", LoadShape.HOUSEHOLD, 9_000, 3_000);
        ProfileGenerator g2 = new ProfileGenerator(Season.SPRING, Weather.SUNNY, 7);
        g2.site("home-01", LoadShape.HOUSEHOLD, 12_000, 5_000);
        DayProfile after = g2.site("home-02", LoadShape.HOUSEHOLD, 9_000, 3_000);
        assertArrayEquals(load(before), load(after));
        assertArrayEquals(pv(before), pv(after));
    }

    @Test
    void expectedConsumptionAddsUpToTheSeasonsDailyEnergyExactly() {
        for (LoadShape shape : LoadShape.values()) {
            for (Season season : Season.values()) {
                long daily = 10_007;
                DayProfile p = new ProfileGenerator(season, Weather.SUNNY, 1).site("s", shape, daily, 0);
                assertEquals(daily * shape.seasonFactorPermille(season) / 1000, p.totalExpectedLoadWh(),
                        shape + " " + season);
            }
        }
    }

    @Test
    void actualConsumptionStaysNearTheProfile() {
        DayProfile p = new ProfileGenerator(Season.WINTER, Weather.SUNNY, 3).site("h", LoadShape.HOUSEHOLD, 10_000, 0);
        long expected = p.totalExpectedLoadWh();
        assertTrue(Math.abs(p.totalLoadWh() - expected) < expected / 5, p.totalLoadWh() + " vs " + expected);
    }

    @Test
    void pvIsZeroAtNightAndPeaksAroundNoon() {
        DayProfile p = new ProfileGenerator(Season.SUMMER, Weather.SUNNY, 5).site("pv", LoadShape.HOUSEHOLD, 0, 4_000);
        assertEquals(0, p.pvWh(0));
        assertEquals(0, p.pvWh(47));
        long noon = p.pvWh(23);
        assertTrue(noon > 1_200 && noon <= 1_400, "noon output " + noon);
        assertEquals(0, p.totalLoadWh());
    }

    @Test
    void clearSkyYieldsMatchTheDocumentedFigures() {
        // Σ per-mille over the half-hour slots / 2 = Wh per kW: 5934, 5777.5 and 3625.5.
        assertEquals(11_868, clearSkySum(Season.SUMMER));
        assertEquals(11_555, clearSkySum(Season.SPRING));
        assertEquals(7_251, clearSkySum(Season.WINTER));
        assertEquals(11_868L * 950 / 2, sum(SolarModel.expectedWh(1_000, Season.SUMMER, Weather.SUNNY)) * 1000, 24_000);
    }

    private static long clearSkySum(Season season) {
        return IntStream.range(0, SolarModel.SLOTS_PER_DAY).map(t -> SolarModel.clearSkyPermille(season, t)).sum();
    }

    @Test
    void cloudyDaysYieldAboutAThirdOfSunnyOnes() {
        long sunny = new ProfileGenerator(Season.SPRING, Weather.SUNNY, 9).site("pv", LoadShape.HOUSEHOLD, 0, 5_000)
                .totalPvWh();
        long cloudy = new ProfileGenerator(Season.SPRING, Weather.CLOUDY, 9).site("pv", LoadShape.HOUSEHOLD, 0, 5_000)
                .totalPvWh();
        assertTrue(cloudy * 100 / sunny > 20 && cloudy * 100 / sunny < 55, cloudy + " vs " + sunny);
    }

    private static long sum(long[] values) {
        return java.util.Arrays.stream(values).sum();
    }
}
