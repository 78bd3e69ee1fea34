package io.p2pe.market.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SettlementTest {
    private static final Tariffs TARIFFS = new Tariffs(3000, 850);

    private static Map<String, MeteredFlow> flows(MeteredFlow... fs) {
        Map<String, MeteredFlow> m = new TreeMap<>();
        for (MeteredFlow f : fs) {
            m.put(f.participant(), f);
        }
        return m;
    }

    private static SettlementLine line(List<SettlementLine> lines, String p) {
        return lines.stream().filter(l -> l.participant().equals(p)).findFirst().orElseThrow();
    }

    @Test
    void buyerConsumingMoreThanBoughtGetsTheRestAtRetail() {
        List<SettlementLine> lines = Settlement.settle(List.of(new MatchedTrade("b1", "s1", "B", "S", 1000, 1800, 0)),
                flows(new MeteredFlow("B", 1200, 0), new MeteredFlow("S", 0, 1000)), TARIFFS);
        SettlementLine b = line(lines, "B");
        assertEquals(new SettlementLine("B", 1200, 0, 1000, 0, 1_800_000, 0, 0, 0, 200, 600_000, 0, 0, 2_400_000,
                3_600_000, 1_200_000), b);
        SettlementLine s = line(lines, "S");
        assertEquals(new SettlementLine("S", 0, 1000, 0, 1000, 0, 1_800_000, 0, 0, 0, 0, 0, 0, -1_800_000, -850_000,
                950_000), s);
    }

    @Test
    void sellerShortfallIsCoveredAtRetailAndBuyerSurplusTakenAtBuyBack() {
        List<SettlementLine> lines = Settlement.settle(List.of(new MatchedTrade("b1", "s1", "B", "S", 1000, 1800, 0)),
                flows(new MeteredFlow("B", 700, 0), new MeteredFlow("S", 0, 600)), TARIFFS);
        SettlementLine s = line(lines, "S");
        assertEquals(400, s.imbalanceWh());
        assertEquals(400, s.retailSuppliedWh());
        assertEquals(-1_800_000 + 1_200_000, s.netCost());
        SettlementLine b = line(lines, "B");
        assertEquals(300, b.imbalanceWh());
        assertEquals(300, b.buyBackWh());
        assertEquals(255_000, b.buyBackCredit());
        assertEquals(1_800_000 - 255_000, b.netCost());
        assertEquals(2_100_000, b.baselineCost());
    }

    @Test
    void wheelingIsPaidByTheBuyerOnTopOfThePrice() {
        List<SettlementLine> lines = Settlement.settle(List.of(new MatchedTrade("b1", "s1", "B", "S", 500, 1800, 150)),
                flows(new MeteredFlow("B", 500, 0), new MeteredFlow("S", 0, 500)), TARIFFS);
        assertEquals(500L * 1950, line(lines, "B").p2pCost());
        assertEquals(500L * 150, line(lines, "B").wheelingFees());
        assertEquals(500L * 1800, line(lines, "S").p2pRevenue());
    }

    @Test
    void participantsWithoutTradesSettleAtTheBaseline() {
        List<SettlementLine> lines = Settlement.settle(List.of(), flows(new MeteredFlow("R", 100, 40)), TARIFFS);
        SettlementLine r = lines.get(0);
        assertEquals(r.baselineCost(), r.netCost());
        assertEquals(0, r.savings());
        assertEquals(300_000 - 34_000, r.netCost());
    }

    @Test
    void aTraderWithoutReadingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settlement.settle(
                List.of(new MatchedTrade("b1", "s1", "B", "S", 1, 1, 0)), flows(new MeteredFlow("B", 1, 0)), TARIFFS));
        assertEquals("participant S traded but has no meter reading", e.getMessage());
    }

    @Test
    void negativeMetersTariffsAndEmptyTradesAreRefusedButZeroIsAccepted() {
        assertEquals("metered flows of P must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new MeteredFlow("P", -1, 0)).getMessage());
        assertEquals("metered flows of P must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new MeteredFlow("P", 0, -1)).getMessage());
        assertEquals(new MeteredFlow("P", 0, 0), new MeteredFlow("P", 0, 0));
        assertEquals("tariffs must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new Tariffs(-1, 0)).getMessage());
        assertEquals("tariffs must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new Tariffs(0, -1)).getMessage());
        assertEquals(0, new Tariffs(0, 0).retail());
        assertEquals("trade b1/s1 has wh 0", assertThrows(IllegalArgumentException.class,
                () -> new MatchedTrade("b1", "s1", "B", "S", 0, 1, 0)).getMessage());
        assertEquals(1, new MatchedTrade("b1", "s1", "B", "S", 1, 1, 0).wh());
    }

    @Test
    void overflowIsRefusedNotWrapped() {
        assertThrows(ArithmeticException.class, () -> Settlement.settle(List.of(),
                flows(new MeteredFlow("R", Long.MAX_VALUE / 2, 0)), TARIFFS));
    }

    /** Retail supply minus buy-back equals import minus export: P2P purchases and sales cancel out. */
    @Property(tries = 300)
    void energyBalances(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll @LongRange(min = 0, max = 1 << 20) long seed) {
        RandomSlot slot = RandomSlot.of(n, seed);
        List<MatchedTrade> trades = slot.trades();
        Map<String, MeteredFlow> fs = slot.flows();
        long retail = 0;
        long buyBack = 0;
        long in = 0;
        long out = 0;
        long net = 0;
        for (SettlementLine l : Settlement.settle(trades, fs, TARIFFS)) {
            retail += l.retailSuppliedWh();
            buyBack += l.buyBackWh();
            in += l.importedWh();
            out += l.exportedWh();
            net += l.p2pCost() - l.p2pRevenue() - l.wheelingFees();
            assertEquals(l.baselineCost() - l.netCost(), l.savings());
        }
        assertEquals(in - out, retail - buyBack);
        assertEquals(0, net, "P2P money between participants nets to zero apart from wheeling");
    }

    /**
     * Settling page by page (any split of the participants) gives exactly the whole slot's lines,
     * and a page needs only its own participants' readings: a line depends on its own trades and
     * reading alone.
     */
    @Property(tries = 300)
    void pagesTogetherAreTheWholeSlot(@ForAll @IntRange(min = 1, max = 8) int n,
                                      @ForAll @IntRange(min = 1, max = 7) int pageSize,
                                      @ForAll @LongRange(min = 0, max = 1 << 20) long seed) {
        RandomSlot slot = RandomSlot.of(n, seed);
        List<MatchedTrade> trades = slot.trades();
        Map<String, MeteredFlow> fs = slot.flows();
        List<String> ids = new ArrayList<>(fs.keySet());
        List<SettlementLine> paged = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += pageSize) {
            java.util.Set<String> page = new java.util.TreeSet<>(ids.subList(from, Math.min(ids.size(), from + pageSize)));
            Map<String, MeteredFlow> own = new TreeMap<>(fs);
            own.keySet().retainAll(page);
            paged.addAll(Settlement.settle(trades, own, TARIFFS, page::contains));
        }
        assertEquals(Settlement.settle(trades, fs, TARIFFS), paged);
    }

    /** {@code n} random trades among buyers B0-B2 and sellers S0-S2, and readings of them and of X. */
    private record RandomSlot(List<MatchedTrade> trades, Map<String, MeteredFlow> flows) {
        static RandomSlot of(int n, long seed) {
            java.util.Random r = new java.util.Random(seed);
            List<MatchedTrade> trades = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                trades.add(new MatchedTrade("b" + i, "s" + i, "B" + r.nextInt(3), "S" + r.nextInt(3),
                        1 + r.nextInt(5000), r.nextInt(4000), r.nextInt(300)));
            }
            Map<String, MeteredFlow> fs = new TreeMap<>();
            for (String p : List.of("B0", "B1", "B2", "S0", "S1", "S2", "X")) {
                fs.put(p, new MeteredFlow(p, r.nextInt(8000), r.nextInt(8000)));
            }
            return new RandomSlot(trades, fs);
        }
    }
}
