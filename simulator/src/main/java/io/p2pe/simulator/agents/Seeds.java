package io.p2pe.simulator.agents;

import java.util.Random;

/**
 * Derives independent, reproducible random streams from one simulation seed: one per site and
 * purpose, so that adding a participant or drawing one more number for one of them never changes
 * what the others draw. Uses {@link Random}, whose algorithm the Java specification fixes, and
 * {@link String#hashCode()}, which it fixes too: the same seed gives the same day on every JVM.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the stream named by {@code parts} under {@code seed}. */
    public static long derive(long seed, String... parts) {
        long h = mix(seed);
        for (String p : parts) {
            h = mix(h ^ p.hashCode() ^ ((long) p.length() << 32));
        }
        return h;
    }

    /** A random stream named by {@code parts} under {@code seed}. */
    public static Random random(long seed, String... parts) {
        return new Random(derive(seed, parts));
    }

    /** A whole number drawn from {@code [lo, hi]}; {@code lo} when the range is empty. */
    public static long between(Random random, long lo, long hi) {
        if (hi <= lo) {
            return lo;
        }
        return lo + Math.floorMod(random.nextLong(), hi - lo + 1);
    }

    /**
     * Triangular noise on {@code [−a, a]}: the sum of two uniform draws, so small deviations are
     * more likely than large ones.
     */
    static int triangular(Random random, int a) {
        return random.nextInt(a + 1) + random.nextInt(a + 1) - a;
    }

    /** The SplitMix64 finalizer: spreads every input bit over the whole output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
