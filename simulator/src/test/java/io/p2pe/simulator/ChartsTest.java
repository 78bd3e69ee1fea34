package io.p2pe.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The charts draw the data: each chart is parsed as XML and its bars, lines and bands are measured
 * against the figures of {@link ReportTest#day()} (a 1200 × 360 canvas whose plot runs from
 * y = 304 at zero up 260 px, from x = 72 over 1,050 px of slots).
 */
class ChartsTest {
    private static final double ZERO_Y = 360 - 56;
    private static final double PLOT_H = 360 - 44 - 56;
    private static final double PX = 0.051;

    private static Document svg(String svg) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        return doc;
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The one shape whose tooltip is {@code title}. */
    private static Element titled(Document doc, String tag, String title) {
        List<Element> found = elements(doc, tag).stream()
                .filter(e -> e.getElementsByTagName("title").getLength() == 1
                        && e.getElementsByTagName("title").item(0).getTextContent().equals(title)).toList();
        assertEquals(1, found.size(), "one " + tag + " titled '" + title + "'");
        return found.get(0);
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    private static double y(double value, double axisMax) {
        return ZERO_Y - PLOT_H * value / axisMax;
    }

    @Test
    void volumeBarsAndPriceLinesSitAtTheirValues() throws Exception {
        Document doc = svg(Charts.priceAndVolume(ReportTest.day()));
        // Volume axis up to 2 kWh (noon traded 2.0 kWh); price axis up to 50 JPY/kWh (26.20 × 1.1, rounded up).
        Element noon = titled(doc, "rect", "12:00: 2.0 kWh traded in 2 trades");
        assertEquals(PLOT_H, num(noon, "height"), PX);
        assertEquals(y(2.0, 2), num(noon, "y"), PX);
        assertEquals(72 + 525 + 52.5, num(noon, "x"), PX, "second slot's band, 10 % in");
        assertEquals(420, num(noon, "width"), PX);
        assertTrue(elements(doc, "rect").stream().noneMatch(r -> r.getTextContent().startsWith("00:00")),
                "no bar for a slot that traded nothing");

        List<Element> dashed = elements(doc, "line").stream().filter(l -> l.hasAttribute("stroke-dasharray")).toList();
        assertEquals(2, dashed.size(), "retail and buy-back tariff lines");
        assertEquals(y(26.20, 50), num(dashed.get(0), "y1"), PX);
        assertEquals(y(8.50, 50), num(dashed.get(1), "y1"), PX);
        assertEquals(List.of(Charts.RETAIL, Charts.BUY_BACK), dashed.stream().map(l -> l.getAttribute("stroke")).toList());

        Element price = elements(doc, "polyline").get(0);
        assertEquals((72 + 525 + 262.5) + "," + y(15.00, 50), price.getAttribute("points"),
                "the clearing price at noon, none at night");
    }

    @Test
    void absorptionBarsAreInProportionToTheEnergy() throws Exception {
        Document doc = svg(Charts.pvAbsorption(ReportTest.day()));
        Element pv = titled(doc, "rect", "12:00: PV export 2.5 kWh");
        Element ev = titled(doc, "rect", "12:00: EVs 1.5 kWh");
        assertEquals(PLOT_H, num(pv, "height"), PX, "2.5 kWh fills the 2.5 kWh axis");
        assertEquals(PLOT_H * 1.5 / 2.5, num(ev, "height"), PX);
        assertEquals(ZERO_Y, num(ev, "y") + num(ev, "height"), PX, "bars stand on the axis");
    }

    @Test
    void costBarsAndSavingLabels() throws Exception {
        Document doc = svg(Charts.costs(List.of("a", "b", "c"), List.of(10_000_000L, 5_000_000L, 500_000L),
                List.of(6_000_000L, -1_000_000L, 200_000L), "costs"));
        Element aBase = titled(doc, "rect", "a: grid-only 100 JPY");
        Element aNet = titled(doc, "rect", "a: with P2P 60 JPY");
        Element bNet = titled(doc, "rect", "b: with P2P -10 JPY");
        assertEquals(100.0 / 60, num(aBase, "width") / num(aNet, "width"), 0.01);
        assertEquals(60.0 / 10, num(aNet, "width") / num(bNet, "width"), 0.05);
        assertEquals(num(aNet, "x"), num(bNet, "x") + num(bNet, "width"), PX, "a negative cost runs left of zero");
        List<String> labels = elements(doc, "text").stream().map(Element::getTextContent)
                .filter(t -> t.startsWith("saves") || t.startsWith("loses")).toList();
        assertEquals(List.of("saves 40 JPY (40.0 %)", "saves 60 JPY (120.0 %)", "saves 3 JPY"), labels,
                "JPY beside the percentage; no percentage of a 5 JPY baseline");
    }

    @Test
    void flowBandsAreAsWideAsTheEnergyDelivered() throws Exception {
        ReportData d = ReportTest.day();
        Function<String, String> local = id -> id.substring(id.indexOf(':') + 1);
        Document doc = svg(Charts.flows(d.flows(), local, "flows"));
        double toEv = bandWidth(titled(doc, "path", "pv → ev: 1.5 kWh (1.5 renewable)"));
        double toHome = bandWidth(titled(doc, "path", "pv → home: 0.5 kWh (0.5 renewable)"));
        assertEquals(3.0, toEv / toHome, 0.01);
        assertTrue(elements(doc, "text").stream().anyMatch(t -> t.getTextContent().equals("pv (2.0 kWh)")));
        assertEquals(Charts.RENEWABLE, titled(doc, "path", "pv → ev: 1.5 kWh (1.5 renewable)").getAttribute("fill"));
    }

    /** A band's width: from its upper edge's end to its lower edge's start, at the consumer's side. */
    private static double bandWidth(Element path) {
        Matcher m = Pattern.compile("-?[0-9]+(\\.[0-9]+)?").matcher(path.getAttribute("d"));
        List<Double> n = new ArrayList<>();
        while (m.find()) {
            n.add(Double.parseDouble(m.group()));
        }
        return n.get(9) - n.get(7);
    }

    @Test
    void nothingDeliveredSaysSo() throws Exception {
        Document doc = svg(Charts.flows(List.of(), id -> id, "flows"));
        assertTrue(elements(doc, "text").stream().anyMatch(t -> t.getTextContent().equals("No P2P energy was delivered.")));
        assertEquals(0, elements(doc, "path").size());
    }
}
