package io.p2pe.simulator.agents;

import java.util.Objects;

/**
 * A site's forecast of its own consumption and PV: the time-of-day profile corrected by
 * persistence. For slot {@code t} it looks up the latest slot {@code k ≤ t − lag} it has observed
 * (its own meter and PV inverter), takes the ratio {@code r = actual_k / expected_k} (‰, clamped
 * to [300, 2000]; 1000 when {@code expected_k} is under 50 Wh, e.g. PV at night) and forecasts
 * {@code expected_t × (1000 + (r − 1000) / 2) / 1000}: half of today's deviation is assumed to
 * persist. {@code lag} is the number of slots between the last slot whose reading exists at gate
 * closure and the slot traded, so the forecast never uses what it could not know yet.
 */
public final class PersistenceForecaster {
    private static final long MIN_BASE_WH = 50;

    private final DayProfile profile;
    private final boolean[] observed = new boolean[SolarModel.SLOTS_PER_DAY];

    /** A forecaster over the profile of one site; nothing observed yet. */
    public PersistenceForecaster(DayProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** Records that slot {@code t} has been delivered: its actual values are now known. */
    public void observe(int t) {
        observed[t] = true;
    }

    /** Forecast consumption of slot {@code t} made {@code lag} slots ahead. */
    public long loadWh(int t, int lag) {
        int k = lastObserved(t - lag);
        long ratio = k < 0 ? 1000 : ratio(profile.loadWh(k), profile.expectedLoadWh(k));
        return profile.expectedLoadWh(t) * (1000 + (ratio - 1000) / 2) / 1000;
    }

    /** Forecast PV generation of slot {@code t} made {@code lag} slots ahead. */
    public long pvWh(int t, int lag) {
        int k = lastObserved(t - lag);
        long ratio = k < 0 ? 1000 : ratio(profile.pvWh(k), profile.expectedPvWh(k));
        return profile.expectedPvWh(t) * (1000 + (ratio - 1000) / 2) / 1000;
    }

    private int lastObserved(int from) {
        for (int k = Math.min(from, observed.length - 1); k >= 0; k--) {
            if (observed[k]) {
                return k;
            }
        }
        return -1;
    }

    private static long ratio(long actual, long expected) {
        if (expected < MIN_BASE_WH) {
            return 1000;
        }
        return Math.max(300, Math.min(2000, actual * 1000 / expected));
    }
}
