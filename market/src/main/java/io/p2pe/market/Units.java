package io.p2pe.market;

/**
 * Decimal presentation of the engine's integer units, for the edges only (CLI, reports): the
 * engine never computes with these strings. Exact: no floating point, negative values keep their
 * sign, and {@link Long#MIN_VALUE} formats correctly.
 */
public final class Units {
    private Units() {
    }

    /** Watt-hours as kWh with three decimals: {@code 1500 → "1.500"}. */
    public static String kwh(long wh) {
        return decimal(wh, 3);
    }

    /** Price ticks (0.01 JPY/kWh) as JPY/kWh with two decimals: {@code 2150 → "21.50"}. */
    public static String jpyPerKwh(long ticks) {
        return decimal(ticks, 2);
    }

    /** Money units (1e-5 JPY, i.e. Wh × ticks) as JPY with five decimals: {@code 123456 → "1.23456"}. */
    public static String jpy(long money) {
        return decimal(money, 5);
    }

    /** {@code value / 10^scale} written with exactly {@code scale} decimals. */
    static String decimal(long value, int scale) {
        long unit = 1;
        for (int i = 0; i < scale; i++) {
            unit *= 10;
        }
        // Quotient and remainder share the value's sign, so their absolute values never overflow
        // even for Long.MIN_VALUE.
        long whole = Math.abs(value / unit);
        long fraction = Math.abs(value % unit);
        StringBuilder sb = new StringBuilder(24);
        if (value < 0) {
            sb.append('-');
        }
        sb.append(whole).append('.');
        String digits = Long.toString(fraction);
        sb.append("0".repeat(scale - digits.length())).append(digits);
        return sb.toString();
    }
}
