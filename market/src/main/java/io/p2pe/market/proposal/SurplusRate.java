package io.p2pe.market.proposal;

/**
 * An order's surplus rate as an exact fraction: its share of surplus in money units over its Wh,
 * i.e. ticks per kWh. Kept in lowest terms; written {@code 7/3}, or {@code 5} when integral.
 *
 * @param numerator money units, ≥ 0
 * @param denominator Wh, ≥ 1
 */
public record SurplusRate(long numerator, long denominator) implements Comparable<SurplusRate> {
    public SurplusRate {
        if (denominator < 1 || numerator < 0) {
            throw new IllegalArgumentException("a surplus rate is a share ≥ 0 over Wh ≥ 1, got "
                    + numerator + "/" + denominator);
        }
        long g = gcd(numerator, denominator);
        numerator /= g;
        denominator /= g;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Parses {@link #toString()}'s form. */
    public static SurplusRate parse(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? new SurplusRate(Long.parseLong(text), 1)
                : new SurplusRate(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
    }

    /** Exact: compares {@code a/b} with {@code c/d} as the 128-bit products {@code a·d} and {@code c·b}. */
    @Override
    public int compareTo(SurplusRate o) {
        long hiLeft = Math.multiplyHigh(numerator, o.denominator);
        long hiRight = Math.multiplyHigh(o.numerator, denominator);
        if (hiLeft != hiRight) {
            return Long.compare(hiLeft, hiRight);
        }
        return Long.compareUnsigned(numerator * o.denominator, o.numerator * denominator);
    }

    /** The rate rounded down to whole ticks per kWh, for reports. */
    public long floor() {
        return numerator / denominator;
    }

    @Override
    public String toString() {
        return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
    }
}
