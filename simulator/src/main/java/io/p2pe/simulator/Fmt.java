package io.p2pe.simulator;

/**
 * Decimal presentation of the ledger's integer units for the report, exact (integer arithmetic,
 * rounded half away from zero): the figures are computed as whole numbers and only written as
 * decimals here.
 */
final class Fmt {
    private Fmt() {
    }

    /** Wh as kWh with one decimal: {@code 12_345 → "12.3"}. */
    static String kwh(long wh) {
        return decimal(ReportAssembler.divRound(wh, 100), 1);
    }

    /** Ticks as JPY/kWh with two decimals: {@code 2160 → "21.60"}. */
    static String price(long ticks) {
        return decimal(ticks, 2);
    }

    /** Money (1e-5 JPY) as whole JPY with thousands separators: {@code -123_456_789 → "-1,235"}. */
    static String jpy(long money) {
        long yen = ReportAssembler.divRound(money, 100_000);
        String digits = Long.toString(Math.abs(yen));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(digits.charAt(i));
        }
        return (yen < 0 ? "-" : "") + sb;
    }

    /**
     * Grid-only costs below this (1e-5 JPY, i.e. 10 JPY) get no percentage beside their saving: a
     * share of almost nothing (a PV owner whose exports nearly pay for its imports) says nothing.
     */
    static final long MIN_PERCENT_BASELINE = 1_000_000;

    /**
     * A saving in whole JPY with its share of the grid-only cost beside it,
     * {@code "1,235 JPY (25.4 %)"}; just {@code "3 JPY"} when {@code |baseline|} is below
     * {@link #MIN_PERCENT_BASELINE}.
     */
    static String saving(long saved, long baseline) {
        String yen = jpy(saved) + " JPY";
        if (Math.abs(baseline) < MIN_PERCENT_BASELINE) {
            return yen;
        }
        return yen + " (" + percent(ReportAssembler.basisPoints(saved, Math.abs(baseline))) + ")";
    }

    /** Basis points as a percentage with one decimal: {@code 2540 → "25.4 %"}. */
    static String percent(long basisPoints) {
        return decimal(ReportAssembler.divRound(basisPoints, 10), 1) + " %";
    }

    /** CO2 mg as kg with one decimal. */
    static String kgCo2(long mg) {
        return decimal(ReportAssembler.divRound(mg, 100_000), 1);
    }

    /** {@code value / 10^scale} with exactly {@code scale} decimals. */
    static String decimal(long value, int scale) {
        long unit = 1;
        for (int i = 0; i < scale; i++) {
            unit *= 10;
        }
        long whole = Math.abs(value / unit);
        long fraction = Math.abs(value % unit);
        String f = Long.toString(fraction);
        return (value < 0 ? "-" : "") + whole + "." + "0".repeat(scale - f.length()) + f;
    }

    /** Text safe inside HTML/SVG elements and attributes. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The slot's time of day, {@code 2027-05-20T12:30+09:00 → "12:30"}. */
    static String time(String slot) {
        int t = slot.indexOf('T');
        return t < 0 ? slot : slot.substring(t + 1, t + 6);
    }
}
