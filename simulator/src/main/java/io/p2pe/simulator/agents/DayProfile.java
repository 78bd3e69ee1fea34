package io.p2pe.simulator.agents;

import java.util.Arrays;

/**
 * One site's day, per 30-minute slot, in Wh: what a forecaster expects (the time-of-day profile for
 * the season and the weather forecast) and what actually happens (the profile with seeded noise,
 * see {@link ProfileGenerator}). Slot 0 starts at 00:00 market time.
 */
public final class DayProfile {
    private final long[] expectedLoad;
    private final long[] load;
    private final long[] expectedPv;
    private final long[] pv;

    /** A profile from its four series, each of {@link SolarModel#SLOTS_PER_DAY} non-negative values. */
    public DayProfile(long[] expectedLoad, long[] load, long[] expectedPv, long[] pv) {
        this.expectedLoad = check(expectedLoad, "expectedLoad");
        this.load = check(load, "load");
        this.expectedPv = check(expectedPv, "expectedPv");
        this.pv = check(pv, "pv");
    }

    private static long[] check(long[] values, String name) {
        if (values.length != SolarModel.SLOTS_PER_DAY) {
            throw new IllegalArgumentException(name + " must have " + SolarModel.SLOTS_PER_DAY + " slots, has "
                    + values.length);
        }
        for (long v : values) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
        }
        return values.clone();
    }

    /** Expected consumption of slot {@code i}. */
    public long expectedLoadWh(int i) {
        return expectedLoad[i];
    }

    /** Actual consumption of slot {@code i} (before batteries, EVs and shifted load). */
    public long loadWh(int i) {
        return load[i];
    }

    /** Expected PV generation of slot {@code i}. */
    public long expectedPvWh(int i) {
        return expectedPv[i];
    }

    /** Actual PV generation of slot {@code i}. */
    public long pvWh(int i) {
        return pv[i];
    }

    /** Actual consumption over the day. */
    public long totalLoadWh() {
        return Arrays.stream(load).sum();
    }

    /** Expected consumption over the day. */
    public long totalExpectedLoadWh() {
        return Arrays.stream(expectedLoad).sum();
    }

    /** Actual PV generation over the day. */
    public long totalPvWh() {
        return Arrays.stream(pv).sum();
    }

    /** Expected PV generation over the day. */
    public long totalExpectedPvWh() {
        return Arrays.stream(expectedPv).sum();
    }

    /**
     * This day with a demand-response event's effect on the base load, in both the expected and
     * the actual profile (an enrolled site knows its event when it trades): DOWN moves
     * {@code permille} of the load of slots {@code from..to} into the two slots after the event
     * (the energy comes back: a deferred wash, a pre-cooled room); UP draws the same share extra in
     * the event's slots and takes it from the two slots after (as far as their load allows). The
     * day's total is kept, except what would fall past midnight.
     */
    public DayProfile withResponse(int from, int to, boolean down, int permille) {
        if (from < 0 || to < from || to >= SolarModel.SLOTS_PER_DAY || permille < 0 || permille > 1000) {
            throw new IllegalArgumentException("response slots " + from + ".." + to + " at " + permille + " permille");
        }
        return new DayProfile(shift(expectedLoad, from, to, down, permille), shift(load, from, to, down, permille),
                expectedPv, pv);
    }

    private static long[] shift(long[] base, int from, int to, boolean down, int permille) {
        long[] out = base.clone();
        long moved = 0;
        for (int t = from; t <= to; t++) {
            long share = base[t] * permille / 1000;
            out[t] += down ? -share : share;
            moved += share;
        }
        int after = Math.min(2, SolarModel.SLOTS_PER_DAY - 1 - to);
        for (int k = 1; k <= after; k++) {
            long part = moved / after + (k <= moved % after ? 1 : 0);
            int t = to + k;
            out[t] = down ? out[t] + part : Math.max(0, out[t] - part);
        }
        return out;
    }
}
