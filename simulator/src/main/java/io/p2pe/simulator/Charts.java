package io.p2pe.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The report's charts as inline SVG (no script, no fonts or files from elsewhere), drawn from
 * {@link ReportData}. Pixel coordinates are the only floating point in the report.
 */
final class Charts {
    static final String PV = "#f2b701";
    static final String EV = "#3b7dd8";
    static final String BATTERY = "#2a9d8f";
    static final String FLEXIBLE = "#8e6bbf";
    static final String OTHER = "#b8c4d6";
    static final String RETAIL = "#d1495b";
    static final String BUY_BACK = "#6c757d";
    static final String PRICE = "#1d3557";
    static final String VOLUME = "#9cc3e6";
    static final String RENEWABLE = "#52b788";

    private static final int W = 1200;
    private static final int H = 360;
    private static final int LEFT = 72;
    private static final int RIGHT = 78;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;
    /** Vertical room every provenance node gets beyond its energy, so that labels never overlap. */
    private static final int MIN_NODE = 14;

    private Charts() {
    }

    /** A time-series canvas over the report's slots, with a left and an optional right axis. */
    private static final class Canvas {
        final StringBuilder svg = new StringBuilder();
        final int n;
        final double band;
        final double leftMax;
        final double rightMax;

        Canvas(String title, List<String> slots, double leftMax, String leftUnit, double rightMax, String rightUnit) {
            this.n = Math.max(1, slots.size());
            this.band = (double) (W - LEFT - RIGHT) / n;
            this.leftMax = niceMax(leftMax);
            this.rightMax = rightMax > 0 ? niceMax(rightMax) : 0;
            svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                    + "width=\"100%%\" role=\"img\" aria-label=\"%s\">", W, H, Fmt.esc(title)));
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
            text(LEFT, 20, title, "start", 16, "bold");
            axis(this.leftMax, leftUnit, LEFT, "end", -8);
            if (this.rightMax > 0) {
                axis(this.rightMax, rightUnit, W - RIGHT, "start", 8);
            }
            int step = Math.max(1, (int) Math.ceil(n / 12.0));
            for (int i = 0; i < slots.size(); i += step) {
                double x = LEFT + i * band;
                line(x, H - BOTTOM, x, H - BOTTOM + 5, "#333", 1, null);
                text(x, H - BOTTOM + 20, Fmt.time(slots.get(i)), "middle", 12, null);
            }
            line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#333", 1, null);
        }

        private void axis(double max, String unit, double x, String anchor, int dx) {
            double step = max / 5;
            for (int i = 0; i <= 5; i++) {
                double v = step * i;
                double y = y(v, max);
                if (i > 0 && "end".equals(anchor)) {
                    line(LEFT, y, W - RIGHT, y, "#e5e5e5", 1, null);
                }
                text(x + dx, y + 4, label(v), anchor, 12, null);
            }
            text("end".equals(anchor) ? 8 : W - 8, TOP - 6, unit, "end".equals(anchor) ? "start" : "end", 12,
                    "bold");
        }

        double y(double v, double max) {
            return H - BOTTOM - (H - TOP - BOTTOM) * Math.max(0, Math.min(1.05, v / max));
        }

        double x(int i) {
            return LEFT + i * band;
        }

        void bar(int i, double from, double to, double max, String color, double widthShare, double offsetShare,
                 String tip) {
            if (to <= from) {
                return;
            }
            double w = band * widthShare;
            double x = x(i) + band * offsetShare;
            double y1 = y(to, max);
            double y0 = y(from, max);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\"><title>%s</title></rect>", x, y1, Math.max(0.5, w), Math.max(0.5, y0 - y1), color,
                    Fmt.esc(tip)));
        }

        void polyline(List<Double> values, double max, String color, double width, String dash) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v == null) {
                    flush(pts, color, width, dash);
                    continue;
                }
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i) + band / 2, y(v, max)));
            }
            flush(pts, color, width, dash);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                            x(i) + band / 2, y(values.get(i), max), color));
                }
            }
        }

        private void flush(StringBuilder pts, String color, double width, String dash) {
            if (pts.length() > 0) {
                svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"%.1f\"%s/>", pts.toString().trim(), color, width,
                        dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
                pts.setLength(0);
            }
        }

        void hline(double v, double max, String color, String label) {
            double y = y(v, max);
            line(LEFT, y, W - RIGHT, y, color, 2, "8 5");
            text(W - RIGHT - 6, y - 6, label, "end", 12, "bold", color);
        }

        void legend(Map<String, String> items) {
            double x = LEFT;
            for (Map.Entry<String, String> e : items.entrySet()) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>",
                        x, H - 22, e.getValue()));
                text(x + 20, H - 10, e.getKey(), "start", 12, null);
                x += 34 + 7.2 * e.getKey().length();
            }
        }

        void line(double x1, double y1, double x2, double y2, String color, double width, String dash) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"%.1f\"%s/>", x1, y1, x2, y2, color, width,
                    dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
        }

        void text(double x, double y, String s, String anchor, int size, String weight) {
            text(x, y, s, anchor, size, weight, "#222");
        }

        void text(double x, double y, String s, String anchor, int size, String weight, String color) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                    + "fill=\"%s\" font-family=\"sans-serif\"%s>%s</text>", x, y, anchor, size, color,
                    weight == null ? "" : " font-weight=\"" + weight + "\"", Fmt.esc(s)));
        }

        String done() {
            return svg.append("</svg>").toString();
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (and at least 1). */
    static double niceMax(double v) {
        if (v <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString((long) Math.rint(v))
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double kwh(long wh) {
        return wh / 1000.0;
    }

    private static double yen(long ticks) {
        return ticks / 100.0;
    }

    private static List<String> slotNames(ReportData d) {
        return d.slots().stream().map(ReportData.SlotRow::slot).toList();
    }

    private static double maxOf(List<ReportData.SlotRow> rows, ToLongFunction<ReportData.SlotRow> f) {
        return rows.stream().mapToLong(f).max().orElse(0);
    }

    /** Clearing price (and average P2P price) and traded volume per slot, against the two tariffs. */
    static String priceAndVolume(ReportData d) {
        List<ReportData.SlotRow> rows = d.slots();
        double maxPrice = yen(Math.max(d.meta().retailTariff(), rows.stream()
                .mapToLong(r -> Math.max(r.clearingPrice() == null ? 0 : r.clearingPrice(),
                        r.averagePrice() == null ? 0 : r.averagePrice())).max().orElse(0))) * 1.1;
        Canvas c = new Canvas("Clearing price and traded volume per slot", slotNames(d),
                kwh((long) maxOf(rows, ReportData.SlotRow::volumeWh)), "kWh traded", maxPrice, "JPY/kWh");
        for (int i = 0; i < rows.size(); i++) {
            ReportData.SlotRow r = rows.get(i);
            c.bar(i, 0, kwh(r.volumeWh()), c.leftMax, VOLUME, 0.8, 0.1, Fmt.time(r.slot()) + ": "
                    + Fmt.kwh(r.volumeWh()) + " kWh traded in " + r.tradeCount() + " trades");
        }
        c.hline(yen(d.meta().retailTariff()), c.rightMax, RETAIL, "retail " + Fmt.price(d.meta().retailTariff()));
        c.hline(yen(d.meta().buyBackTariff()), c.rightMax, BUY_BACK, "buy-back " + Fmt.price(d.meta().buyBackTariff()));
        List<Double> clearing = new ArrayList<>();
        List<Double> average = new ArrayList<>();
        for (ReportData.SlotRow r : rows) {
            clearing.add(r.clearingPrice() == null ? null : yen(r.clearingPrice()));
            average.add(r.averagePrice() == null ? null : yen(r.averagePrice()));
        }
        boolean uniform = clearing.stream().anyMatch(v -> v != null);
        c.polyline(uniform ? clearing : average, c.rightMax, PRICE, 2.5, null);
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("volume (kWh)", VOLUME);
        legend.put(uniform ? "clearing price" : "average P2P price", PRICE);
        legend.put("retail tariff", RETAIL);
        legend.put("buy-back tariff", BUY_BACK);
        c.legend(legend);
        return c.done();
    }

    /** PV owners' export per slot and the renewable P2P energy EVs, batteries and flexible loads took. */
    static String pvAbsorption(ReportData d) {
        List<ReportData.SlotRow> rows = d.slots();
        Canvas c = new Canvas("PV surplus (metered export of PV owners) and what EVs, batteries and flexible loads "
                + "absorbed", slotNames(d), kwh((long) maxOf(rows, ReportData.SlotRow::pvExportWh)), "kWh", 0, null);
        for (int i = 0; i < rows.size(); i++) {
            ReportData.SlotRow r = rows.get(i);
            String t = Fmt.time(r.slot());
            c.bar(i, 0, kwh(r.pvExportWh()), c.leftMax, PV, 0.42, 0.06, t + ": PV export " + Fmt.kwh(r.pvExportWh())
                    + " kWh");
            double ev = kwh(r.evAbsorbedWh());
            double bat = ev + kwh(r.batteryAbsorbedWh());
            double flex = bat + kwh(r.flexibleAbsorbedWh());
            c.bar(i, 0, ev, c.leftMax, EV, 0.42, 0.52, t + ": EVs " + Fmt.kwh(r.evAbsorbedWh()) + " kWh");
            c.bar(i, ev, bat, c.leftMax, BATTERY, 0.42, 0.52, t + ": batteries " + Fmt.kwh(r.batteryAbsorbedWh())
                    + " kWh");
            c.bar(i, bat, flex, c.leftMax, FLEXIBLE, 0.42, 0.52, t + ": flexible loads "
                    + Fmt.kwh(r.flexibleAbsorbedWh()) + " kWh");
        }
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("PV export", PV);
        legend.put("to EV chargers", EV);
        legend.put("to battery owners", BATTERY);
        legend.put("to flexible loads (DR)", FLEXIBLE);
        c.legend(legend);
        return c.done();
    }

    /** Community import per slot by origin (renewable P2P, other P2P, retailer) and the renewable share. */
    static String renewable(ReportData d) {
        List<ReportData.SlotRow> rows = d.slots();
        Canvas c = new Canvas("Where consumption came from, and the renewable share", slotNames(d),
                kwh((long) maxOf(rows, ReportData.SlotRow::importedWh)), "kWh imported", 100, "% renewable");
        List<Double> share = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ReportData.SlotRow r = rows.get(i);
            String t = Fmt.time(r.slot());
            double ren = kwh(r.renewableWh());
            double p2p = kwh(r.deliveredWh());
            c.bar(i, 0, ren, c.leftMax, RENEWABLE, 0.8, 0.1, t + ": renewable P2P " + Fmt.kwh(r.renewableWh()) + " kWh");
            c.bar(i, ren, p2p, c.leftMax, OTHER, 0.8, 0.1, t + ": other P2P " + Fmt.kwh(r.deliveredWh() - r.renewableWh())
                    + " kWh");
            c.bar(i, p2p, kwh(r.importedWh()), c.leftMax, "#e9ecef", 0.8, 0.1, t + ": from the retailer "
                    + Fmt.kwh(r.importedWh() - r.deliveredWh()) + " kWh");
            share.add(r.importedWh() == 0 ? null : 100.0 * r.renewableWh() / r.importedWh());
        }
        c.polyline(share, c.rightMax, "#1b4332", 2, "4 3");
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("renewable P2P", RENEWABLE);
        legend.put("other P2P", OTHER);
        legend.put("retailer / grid", "#e9ecef");
        legend.put("renewable share (%)", "#1b4332");
        c.legend(legend);
        return c.done();
    }

    /**
     * Each participant's net cost against its grid-only baseline (or each type's, for large
     * communities), with the saving.
     */
    static String costs(List<String> names, List<Long> baseline, List<Long> net, String title) {
        int rowH = 22;
        int left = 230;
        int right = 150;
        int height = TOP + rowH * names.size() + 60;
        double min = 0;
        double max = 0;
        for (int i = 0; i < names.size(); i++) {
            min = Math.min(min, Math.min(baseline.get(i), net.get(i)) / 1e5);
            max = Math.max(max, Math.max(baseline.get(i), net.get(i)) / 1e5);
        }
        double step = niceMax(Math.max(1, max - min) / 5);
        double lo = Math.floor(min / step) * step;
        double hi = Math.max(lo + step, Math.ceil(max / step) * step);
        double plotW = W - left - right;
        final double flo = lo;
        final double fhi = hi;
        java.util.function.DoubleUnaryOperator x = v -> left + plotW * (v - flo) / (fhi - flo);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">", W, height, Fmt.esc(title)));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\" "
                + "font-family=\"sans-serif\">%s</text>", LEFT, Fmt.esc(title)));
        for (double v = lo; v <= hi + step / 2; v += step) {
            double px = x.applyAsDouble(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>", px,
                    TOP - 4, px, height - 40, Math.abs(v) < 1e-9 ? "#333" : "#e5e5e5"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                    + "font-family=\"sans-serif\">%s</text>", px, height - 24, label(v)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                + "font-weight=\"bold\" font-family=\"sans-serif\">JPY for the day (negative = earned)</text>",
                left + plotW / 2, height - 6));
        for (int i = 0; i < names.size(); i++) {
            double y = TOP + i * rowH;
            double b = baseline.get(i) / 1e5;
            double n = net.get(i) / 1e5;
            double x0 = x.applyAsDouble(0);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\" "
                    + "font-family=\"sans-serif\">%s</text>", left - 8, y + 14, Fmt.esc(names.get(i))));
            s.append(bar(x0, x.applyAsDouble(b), y + 2, 8, "#adb5bd", names.get(i) + ": grid-only "
                    + Fmt.jpy(baseline.get(i)) + " JPY"));
            s.append(bar(x0, x.applyAsDouble(n), y + 10, 9, EV, names.get(i) + ": with P2P " + Fmt.jpy(net.get(i))
                    + " JPY"));
            long saved = baseline.get(i) - net.get(i);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" font-family=\"sans-serif\" "
                    + "fill=\"%s\">%s</text>", W - right + 10, y + 14, saved >= 0 ? "#1b7f3b" : RETAIL,
                    Fmt.esc((saved >= 0 ? "saves " : "loses ") + Fmt.saving(Math.abs(saved), baseline.get(i)))));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"#adb5bd\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"12\" font-family=\"sans-serif\">grid only (baseline)</text>"
                + "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"12\" font-family=\"sans-serif\">with P2P trading</text>",
                LEFT + 500, 14, LEFT + 520, 24, LEFT + 680, 14, EV, LEFT + 700, 24));
        return s.append("</svg>").toString();
    }

    private static String bar(double x0, double x1, double y, double h, String color, String tip) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s</title></rect>", Math.min(x0, x1), y, Math.max(0.5, Math.abs(x1 - x0)), h, color,
                Fmt.esc(tip));
    }

    /**
     * Who supplied whom: generators on the left, consumers on the right, bands as wide as the
     * delivered energy, coloured by source (renewable green, other grey). {@code group} maps a
     * participant id to the node it is drawn as (itself, or its type in large communities).
     */
    static String flows(List<ReportData.Flow> flows, java.util.function.Function<String, String> group, String title) {
        Map<String, Long> sources = new TreeMap<>();
        Map<String, Long> sinks = new TreeMap<>();
        Map<String, long[]> links = new TreeMap<>();
        for (ReportData.Flow f : flows) {
            String g = group.apply(f.generator());
            String k = group.apply(f.consumer());
            sources.merge(g, f.deliveredWh(), Long::sum);
            sinks.merge(k, f.deliveredWh(), Long::sum);
            long[] v = links.computeIfAbsent(g + "\u0000" + k, x -> new long[2]);
            v[0] += f.deliveredWh();
            v[1] += f.renewableWh();
        }
        long total = sources.values().stream().mapToLong(Long::longValue).sum();
        int nodes = Math.max(sources.size(), sinks.size());
        int gap = 6;
        int height = Math.max(320, TOP + 40 + nodes * 30);
        double usable = height - TOP - 40 - (gap + MIN_NODE) * Math.max(1, nodes);
        double scale = total == 0 ? 0 : usable / total;
        int xl = 260;
        int xr = W - 260;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">", W, height, Fmt.esc(title)));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\" "
                + "font-family=\"sans-serif\">%s</text>", LEFT, Fmt.esc(title)));
        if (total == 0) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"80\" font-size=\"14\" font-family=\"sans-serif\">"
                    + "No P2P energy was delivered.</text>", LEFT));
            return s.append("</svg>").toString();
        }
        Map<String, double[]> left = place(sources, scale, gap);
        Map<String, double[]> right = place(sinks, scale, gap);
        Map<String, Double> outUsed = new TreeMap<>();
        Map<String, Double> inUsed = new TreeMap<>();
        for (Map.Entry<String, long[]> e : links.entrySet()) {
            String[] gk = e.getKey().split("\u0000", 2);
            double w = e.getValue()[0] * scale;
            double y0 = left.get(gk[0])[0] + outUsed.getOrDefault(gk[0], 0.0);
            double y1 = right.get(gk[1])[0] + inUsed.getOrDefault(gk[1], 0.0);
            outUsed.merge(gk[0], w, Double::sum);
            inUsed.merge(gk[1], w, Double::sum);
            boolean green = e.getValue()[1] * 2 >= e.getValue()[0];
            double mid = (xl + xr) / 2.0;
            s.append(String.format(Locale.ROOT, "<path d=\"M%d,%.1f C%.1f,%.1f %.1f,%.1f %d,%.1f L%d,%.1f "
                    + "C%.1f,%.1f %.1f,%.1f %d,%.1f Z\" fill=\"%s\" fill-opacity=\"0.45\" stroke=\"none\">"
                    + "<title>%s</title></path>", xl, y0, mid, y0, mid, y1, xr, y1, xr, y1 + w, mid, y1 + w, mid,
                    y0 + w, xl, y0 + w, green ? RENEWABLE : "#8d99ae", Fmt.esc(gk[0] + " → " + gk[1] + ": "
                    + Fmt.kwh(e.getValue()[0]) + " kWh (" + Fmt.kwh(e.getValue()[1]) + " renewable)")));
        }
        nodes(s, left, sources, xl - 14, "end", -6);
        nodes(s, right, sinks, xr, "start", 20);
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
                + "text-anchor=\"end\" font-family=\"sans-serif\">generators</text><text x=\"%d\" y=\"%d\" "
                + "font-size=\"13\" font-weight=\"bold\" font-family=\"sans-serif\">consumers</text>", xl, TOP + 4,
                xr, TOP + 4));
        return s.append("</svg>").toString();
    }

    /** Node positions: each as tall as its energy, plus room for its label ({@link #MIN_NODE}). */
    private static Map<String, double[]> place(Map<String, Long> totals, double scale, int gap) {
        Map<String, double[]> out = new LinkedHashMap<>();
        double y = TOP + 16;
        for (Map.Entry<String, Long> e : totals.entrySet()) {
            double h = e.getValue() * scale;
            out.put(e.getKey(), new double[] {y, h});
            y += h + MIN_NODE + gap;
        }
        return out;
    }

    private static void nodes(StringBuilder s, Map<String, double[]> pos, Map<String, Long> totals, int x,
                              String anchor, int dx) {
        for (Map.Entry<String, double[]> e : pos.entrySet()) {
            double[] p = e.getValue();
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"%s\"/>",
                    x, p[0], Math.max(1, p[1]), PRICE));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" "
                    + "font-family=\"sans-serif\">%s (%s kWh)</text>", x + dx, p[0] + Math.max(1, p[1]) / 2 + 4, anchor,
                    Fmt.esc(e.getKey()), Fmt.kwh(totals.get(e.getKey()))));
        }
    }
}
