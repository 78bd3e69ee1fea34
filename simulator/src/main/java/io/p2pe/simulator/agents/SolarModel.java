package io.p2pe.simulator.agents;

/**
 * Clear-sky PV output for a site in central Japan (about 35° N, 138° E, Asia/Tokyo time), per
 * 30-minute slot, as whole numbers so that every figure derived from it is exact.
 *
 * <p>The tables hold the mean output of a slot in per-mille of the nameplate capacity on a clear
 * day: {@code peak × sin(π (t − sunrise) / (sunset − sunrise))^1.3}, averaged over the slot and
 * rounded, with sunrise/sunset/peak 4:30/19:00/700 ‰ in summer (heat losses cap the peak),
 * 5:15/18:15/760 ‰ in spring and 6:45/16:45/620 ‰ in winter. Solar noon is at 11:45 JST. Daily
 * clear-sky yields: 5.93 (summer), 5.78 (spring) and 3.63 (winter) kWh per kW of PV.
 */
public final class SolarModel {
    /** Slots of 30 minutes in a day. */
    public static final int SLOTS_PER_DAY = 48;

    private static final int[] SUMMER = {0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 66, 126, 192, 261, 330, 398, 461, 520, 572,
        617, 652, 678, 694, 700, 694, 678, 652, 617, 572, 520, 461, 398, 330, 261, 192, 126, 66, 17, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0};
    private static final int[] SPRING = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 49, 119, 198, 281, 364, 445, 521, 590, 648,
        696, 731, 752, 759, 752, 731, 696, 648, 590, 521, 445, 364, 281, 198, 119, 49, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0};
    private static final int[] WINTER = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 56, 135, 222, 311, 395, 470, 533,
        580, 609, 619, 609, 580, 533, 470, 395, 311, 222, 135, 56, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private SolarModel() {
    }

    /** Clear-sky output of slot {@code index} (0 = 00:00–00:30) in per-mille of nameplate capacity. */
    public static int clearSkyPermille(Season season, int index) {
        return table(season)[index];
    }

    /**
     * The mean clearness of the sky a day-ahead forecast of {@code weather} stands for, in
     * per-mille of clear sky: 950 when sunny (haze), 350 when cloudy.
     */
    public static int meanClearnessPermille(Weather weather) {
        return weather == Weather.SUNNY ? 950 : 350;
    }

    /**
     * Expected PV energy per slot of a {@code pvWatts} array: clear sky times the weather's mean
     * clearness, {@code pvWatts × clearSky‰ × clearness‰ / 2,000,000} Wh (half an hour), rounded down.
     */
    public static long[] expectedWh(long pvWatts, Season season, Weather weather) {
        long[] out = new long[SLOTS_PER_DAY];
        int clearness = meanClearnessPermille(weather);
        int[] t = table(season);
        for (int i = 0; i < SLOTS_PER_DAY; i++) {
            out[i] = pvWatts * t[i] * clearness / 2_000_000L;
        }
        return out;
    }

    private static int[] table(Season season) {
        return switch (season) {
            case SUMMER -> SUMMER;
            case SPRING -> SPRING;
            case WINTER -> WINTER;
        };
    }
}
