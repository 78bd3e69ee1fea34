package io.p2pe.simulator.agents;

import java.util.Objects;
import java.util.Random;

/**
 * Generates the simulated day of every site from one seed: the sky over the whole area (shared
 * by all PV, since clouds pass over a neighbourhood together) and each site's consumption and PV.
 * Integer arithmetic only, so a seed always gives the same day.
 *
 * <p>Models (per 30-minute slot {@code t}, values in ‰ unless stated):
 * <ul>
 *   <li>Sky clearness {@code c_t = clamp(mean + e_t)} with {@code e_t = e_{t-1} × k + tri(a)}
 *       ({@code tri(a)} triangular noise on [−a, a]): sunny mean 950, k 0.5, a 25, clamp
 *       [800, 1000]; cloudy mean 350, k 0.7, a 180, clamp [60, 950] — clouds persist for a few
 *       slots, which is what makes a persistence forecast useful.</li>
 *   <li>PV {@code pv_t = W × clearSky_t × c_t × (1000 + tri(30)) / 2·10^9} Wh for a {@code W}-watt
 *       array ({@link SolarModel}); the per-site term stands for orientation and soiling.</li>
 *   <li>Consumption {@code load_t = max(0, L_t × (1000 + u_t) / 1000)} with the profile
 *       {@code L_t} ({@link LoadShape#expectedWh}) and {@code u_t = u_{t-1} × 0.6 + tri(n)}, {@code n}
 *       the shape's {@link LoadShape#noisePermille()}.</li>
 *   <li>Expected values (what forecasts start from): the profile {@code L_t}, and PV under the
 *       weather type's mean clearness ({@link SolarModel#expectedWh}).</li>
 * </ul>
 */
public final class ProfileGenerator {
    private final Season season;
    private final Weather weather;
    private final long seed;
    private final int[] sky;

    /** The generator of one day: {@code season} and {@code weather} with randomness from {@code seed}. */
    public ProfileGenerator(Season season, Weather weather, long seed) {
        this.season = Objects.requireNonNull(season, "season");
        this.weather = Objects.requireNonNull(weather, "weather");
        this.seed = seed;
        this.sky = generateSky();
    }

    /** The season of the day. */
    public Season season() {
        return season;
    }

    /** The weather type of the day. */
    public Weather weather() {
        return weather;
    }

    private int[] generateSky() {
        Random r = Seeds.random(seed, "sky");
        boolean sunny = weather == Weather.SUNNY;
        int mean = SolarModel.meanClearnessPermille(weather);
        int[] out = new int[SolarModel.SLOTS_PER_DAY];
        int e = 0;
        for (int t = 0; t < out.length; t++) {
            e = sunny ? e / 2 + Seeds.triangular(r, 25) : e * 7 / 10 + Seeds.triangular(r, 180);
            out[t] = sunny ? clamp(mean + e, 800, 1000) : clamp(mean + e, 60, 950);
        }
        return out;
    }

    /** The area's sky clearness in slot {@code t}, ‰ of clear sky. */
    public int clearnessPermille(int t) {
        return sky[t];
    }

    /**
     * The day of one site.
     *
     * @param name the site's name; it selects the site's random stream
     * @param shape its consumption profile
     * @param dailyWh its annual-average daily consumption (0 for a site that only generates or
     *     whose consumption is modelled elsewhere, e.g. an EV charger)
     * @param pvWatts its PV capacity (0 without PV)
     */
    public DayProfile site(String name, LoadShape shape, long dailyWh, long pvWatts) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        if (pvWatts < 0) {
            throw new IllegalArgumentException("pvWatts must not be negative, got " + pvWatts);
        }
        int n = SolarModel.SLOTS_PER_DAY;
        long[] expectedLoad = shape.expectedWh(dailyWh, season);
        long[] load = new long[n];
        Random lr = Seeds.random(seed, "load", name);
        int u = 0;
        for (int t = 0; t < n; t++) {
            u = u * 6 / 10 + Seeds.triangular(lr, shape.noisePermille());
            load[t] = Math.max(0, expectedLoad[t] * (1000 + u) / 1000);
        }
        long[] expectedPv = SolarModel.expectedWh(pvWatts, season, weather);
        long[] pv = new long[n];
        Random pr = Seeds.random(seed, "pv", name);
        for (int t = 0; t < n; t++) {
            long site = 1000 + Seeds.triangular(pr, 30);
            pv[t] = pvWatts * SolarModel.clearSkyPermille(season, t) * sky[t] * site / 2_000_000_000L;
        }
        return new DayProfile(expectedLoad, load, expectedPv, pv);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
