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
}
