package io.p2pe.market.optimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Book;
import io.p2pe.market.GridLocation;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.market.optimal.PairClasses.PairClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The two properties the flow networks rely on, checked pair by pair against the rules' fee:
 * every pair of a class has its true fee ≤ the class fee (exact classes: equal), and every pair
 * is in some class at exactly its true fee. And the two constructions give the same optimum.
 */
class OptimalPairClassesTest {
    private static final List<String> LOCATIONS = List.of("", "a", "b", "a/x", "a/y", "a/x/1", "a/x/2", "a/y/1",
            "a/x/1/p", "a/x/1/q", "a/x/2/p", "b/x/1/p", "b/x", "a/x/1/p/deep");

    private record Spec(boolean buy, String location) {
    }

    @Provide
    Arbitrary<Market> markets() {
        return markets(Arbitraries.longs().between(0, 6).list().ofMinSize(1).ofMaxSize(6));
    }

    /**
     * Fee schedules that never fall with distance, generated directly (sorted levels) rather than
     * filtered: about two thirds of {@link #markets()} schedules fall somewhere.
     */
    @Provide
    Arbitrary<Market> risingMarkets() {
        return markets(Arbitraries.longs().between(0, 6).list().ofMinSize(1).ofMaxSize(6).map(l -> {
            List<Long> sorted = new ArrayList<>(l);
            sorted.sort(null);
            return sorted;
        }));
    }

    private static Arbitrary<Market> markets(Arbitrary<List<Long>> levels) {
        Arbitrary<List<Spec>> orders = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(LOCATIONS))
                .as(Spec::new).list().ofMaxSize(24);
        return Combinators.combine(levels, orders).as((l, specs) -> {
            List<Order> list = new ArrayList<>();
            for (int k = 0; k < specs.size(); k++) {
                Spec s = specs.get(k);
                list.add(new Order("o" + k, (s.buy ? "b" : "s") + k, s.buy ? Side.BUY : Side.SELL, 1, 0,
                        GridLocation.parse(s.location)));
            }
            return Market.of(new Book("2026-06-17T12:00+09:00", new WheelingSchedule(l), list));
        });
    }

    private static void assertClassProperties(Market m, List<PairClass> classes, boolean exactFees) {
        long[][] bestExact = new long[m.buyCount][m.sellCount];
        for (long[] row : bestExact) {
            java.util.Arrays.fill(row, -1);
        }
        for (PairClass c : classes) {
            assertSortedAndDistinct(c.buys());
            assertSortedAndDistinct(c.sells());
            assertTrue(c.buys().length > 0 && c.sells().length > 0);
            for (int i : c.buys()) {
                for (int j : c.sells()) {
                    long fee = m.fee(i, j);
                    if (exactFees) {
                        assertEquals(fee, c.fee(), "exact class fee for " + i + "/" + j);
                    } else {
                        assertTrue(fee <= c.fee(), "class fee below the pair's fee for " + i + "/" + j);
                    }
                    if (fee == c.fee()) {
                        bestExact[i][j] = fee;
                    }
                }
            }
        }
        for (int i = 0; i < m.buyCount; i++) {
            for (int j = 0; j < m.sellCount; j++) {
                assertEquals(m.fee(i, j), bestExact[i][j], "pair " + i + "/" + j + " has no class at its fee");
            }
        }
    }

    private static void assertSortedAndDistinct(int[] a) {
        for (int k = 1; k < a.length; k++) {
            assertTrue(a[k - 1] < a[k], "indices ascending");
        }
    }

    @Property(tries = 500)
    void exactClassesPutEveryPairAtItsFeeExactly(@ForAll("markets") Market m) {
        assertClassProperties(m, PairClasses.exact(m), true);
    }

    @Property(tries = 500)
    void relaxedClassesAreNeverCheaperAndExactSomewhereForRisingFees(@ForAll("risingMarkets") Market m) {
        assertTrue(m.feesNonDecreasing(), "generated schedules rise");
        assertClassProperties(m, PairClasses.relaxed(m), false);
    }

    /** A benchmark-like book: four-level locations, prices on a 10-tick grid. */
    static Market realisticMarket(int size, long seed) {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            boolean sell = random.nextInt(10) < 6;
            String location = "tokyo/ward-" + random.nextInt(4) + "/district-" + random.nextInt(6) + "/feeder-"
                    + random.nextInt(5);
            long price = sell ? 700 + 10L * random.nextInt(91) : 1200 + 10L * random.nextInt(141);
            orders.add(new Order("o" + k, "p" + k, sell ? Side.SELL : Side.BUY, 500 + random.nextInt(3000), price,
                    GridLocation.parse(location)));
        }
        return Market.of(new Book("2026-06-17T12:00+09:00", new WheelingSchedule(List.of(0L, 150L, 300L, 450L)),
                orders));
    }

    private static long[] surplusAndVolume(Market m, List<Allocation> allocations) {
        long surplus = 0;
        long volume = 0;
        for (Allocation a : allocations) {
            surplus += m.surplus(a.buy(), a.sell()) * a.wh();
            volume += a.wh();
        }
        return new long[] {surplus, volume};
    }

    @Test
    void relaxedAndExactClassesGiveTheSameOptimumOnLargerBooks() {
        for (int size : new int[] {200, 1500}) {
            Market m = realisticMarket(size, size);
            for (boolean volumeFirst : new boolean[] {false, true}) {
                long[] relaxed = surplusAndVolume(m, PairFlow.optimise(m, PairClasses.relaxed(m), volumeFirst));
                long[] exact = surplusAndVolume(m, PairFlow.optimise(m, PairClasses.exact(m), volumeFirst));
                assertEquals(relaxed[0], exact[0], "surplus, size " + size + ", volumeFirst " + volumeFirst);
                assertEquals(relaxed[1], exact[1], "volume, size " + size + ", volumeFirst " + volumeFirst);
            }
        }
    }
}
