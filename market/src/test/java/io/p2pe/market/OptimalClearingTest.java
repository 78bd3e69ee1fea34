package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of OPTIMAL, end to end through {@link Clearing}. */
class OptimalClearingTest {
    private static final WheelingSchedule LEVELS = new WheelingSchedule(List.of(0L, 150L, 300L, 450L));
    private static final String SEIJO_3 = "tokyo/setagaya/seijo/feeder-3";
    private static final String SEIJO_4 = "tokyo/setagaya/seijo/feeder-4";
    private static final String KINUTA_1 = "tokyo/setagaya/kinuta/feeder-1";
    private static final String MINATO_1 = "tokyo/minato/shiba/feeder-1";
    private static final String OSAKA_1 = "osaka/kita/umeda/feeder-1";

    private static Order buy(String id, long wh, long price, String location) {
        return new Order(id, "p-" + id, Side.BUY, wh, price, GridLocation.parse(location));
    }

    private static Order sell(String id, long wh, long price, String location) {
        return new Order(id, "p-" + id, Side.SELL, wh, price, GridLocation.parse(location));
    }

    private static ClearingResult clear(Objective objective, WheelingSchedule wheeling, Order... orders) {
        try {
            return Clearing.clear(new ClearingInput(Books.SLOT, Mechanism.OPTIMAL, objective, wheeling,
                    Arrays.asList(orders)));
        } catch (InvalidInputException e) {
            throw new AssertionError(e);
        }
    }

    private static Trade trade(String buy, String sell, long wh, long price, long fee) {
        return new Trade(buy, sell, wh, price, fee);
    }

    @Test
    void feeGrowsWithGridDistanceAndPricesTheMidpointNetOfIt() {
        // One BUY at 2000 and four SELLs at 1000 at distance 0, 1, 2 and 4 (capped to level 3).
        ClearingResult r = clear(Objective.MAX_VOLUME, LEVELS,
                buy("b", 40, 2000, SEIJO_3),
                sell("s0", 10, 1000, SEIJO_3),
                sell("s1", 10, 1000, SEIJO_4),
                sell("s2", 10, 1000, KINUTA_1),
                sell("s4", 10, 1000, OSAKA_1));
        assertEquals(List.of(
                trade("b", "s0", 10, 1500, 0),
                trade("b", "s1", 10, 1000 + 850 / 2, 150),
                trade("b", "s2", 10, 1350, 300),
                trade("b", "s4", 10, 1000 + 550 / 2, 450)), r.trades());
        assertNull(r.clearingPrice());
        assertEquals(40, r.volumeWh());
        assertEquals(10 * (1000 + 850 + 700 + 550), r.surplus());
    }

    @Test
    void aFeeThatEatsTheSpreadMakesThePairInfeasible() {
        // Same feeder: spread 100 ≥ fee 0. Another region: 1700 + 450 > 2000.
        ClearingResult r = clear(Objective.MAX_VOLUME, LEVELS,
                buy("b", 10, 2000, SEIJO_3),
                sell("near", 5, 1900, SEIJO_3),
                sell("far", 10, 1700, OSAKA_1));
        assertEquals(List.of(trade("b", "near", 5, 1950, 0)), r.trades());
    }

    @Test
    void oddSurplusGoesToTheBuyer() {
        ClearingResult r = clear(Objective.MAX_WELFARE, LEVELS,
                buy("b", 10, 1301, SEIJO_3),
                sell("s", 10, 1000, SEIJO_4));
        // s = 1301 − 1000 − 150 = 151: the seller gets 1000 + 75, the buyer pays 1075 + 150 = 1225.
        assertEquals(List.of(trade("b", "s", 10, 1075, 150)), r.trades());
        assertEquals(1510, r.surplus());
    }

    @Test
    void missingLocationIsAtDistanceOfTheOtherPathsLength() {
        // Distance from "" to a four-segment path is 4 → level 3; to "tokyo" it is 1.
        ClearingResult r = clear(Objective.MAX_VOLUME, LEVELS,
                buy("b", 20, 2000, ""),
                sell("s1", 10, 1000, SEIJO_3),
                sell("s2", 10, 1000, "tokyo"));
        assertEquals(List.of(trade("b", "s1", 10, 1275, 450), trade("b", "s2", 10, 1425, 150)), r.trades());
    }

    @Test
    void welfareAndVolumeDisagreeOnTheClassicCross() {
        Order[] book = {
            buy("b-high", 1, 100, ""), buy("b-low", 1, 60, ""),
            sell("s-cheap", 1, 50, ""), sell("s-dear", 1, 90, "")};
        ClearingResult welfare = clear(Objective.MAX_WELFARE, null, book);
        assertEquals(List.of(trade("b-high", "s-cheap", 1, 75, 0)), welfare.trades());
        assertEquals(50, welfare.surplus());
        ClearingResult volume = clear(Objective.MAX_VOLUME, null, book);
        assertEquals(List.of(trade("b-high", "s-dear", 1, 95, 0), trade("b-low", "s-cheap", 1, 55, 0)),
                volume.trades());
        assertEquals(2, volume.volumeWh());
        assertEquals(20, volume.surplus());
    }

    @Test
    void welfareTakesZeroSurplusPairsForVolume() {
        // b–s1 has zero surplus: it adds no welfare but one more Wh, so MAX_WELFARE takes it.
        ClearingResult r = clear(Objective.MAX_WELFARE, LEVELS,
                buy("b", 2, 1150, SEIJO_3),
                sell("s0", 1, 1000, SEIJO_3),
                sell("s1", 1, 1000, SEIJO_4));
        assertEquals(List.of(trade("b", "s0", 1, 1075, 0), trade("b", "s1", 1, 1000, 150)), r.trades());
        assertEquals(150, r.surplus());
        assertEquals(2, r.volumeWh());
    }

    @Test
    void volumePrefersMoreSurplusAmongEqualVolumes() {
        // Either SELL gives 10 Wh; the near one has no fee, so more surplus.
        ClearingResult r = clear(Objective.MAX_VOLUME, LEVELS,
                buy("b", 10, 2000, SEIJO_3),
                sell("far", 10, 1000, KINUTA_1),
                sell("near", 10, 1000, SEIJO_3));
        assertEquals(List.of(trade("b", "near", 10, 1500, 0)), r.trades());
    }

    @Test
    void oneSidedEmptyAndInfeasibleBooksTradeNothing() {
        for (Objective objective : Objective.values()) {
            assertEquals(List.of(), clear(objective, LEVELS).trades());
            assertEquals(List.of(), clear(objective, LEVELS, buy("b1", 10, 2000, SEIJO_3), buy("b2", 5, 100, "")).trades());
            assertEquals(List.of(), clear(objective, LEVELS, sell("s1", 10, 2000, SEIJO_3)).trades());
            ClearingResult none = clear(objective, LEVELS, buy("b", 10, 1000, SEIJO_3), sell("s", 10, 900, MINATO_1));
            assertEquals(List.of(), none.trades());
            assertEquals(0, none.volumeWh());
            assertEquals(List.of(new Fill("b", 0), new Fill("s", 0)), none.fills());
        }
    }

    @Test
    void fallingScheduleUsesTheExactFeeOfEachDistance() {
        // Fees fall with distance: 300 at distance 1, 100 at 2 and beyond.
        WheelingSchedule falling = new WheelingSchedule(List.of(0L, 300L, 100L));
        ClearingResult r = clear(Objective.MAX_VOLUME, falling,
                buy("b", 30, 1250, SEIJO_3),
                sell("d1", 10, 1000, SEIJO_4),
                sell("d2", 10, 1000, KINUTA_1),
                sell("d4", 10, 1000, OSAKA_1));
        // d1 is infeasible (1000 + 300 > 1250); d2 and d4 pay 100.
        assertEquals(List.of(trade("b", "d2", 10, 1075, 100), trade("b", "d4", 10, 1075, 100)), r.trades());
    }

    @Test
    void equalOrdersAreFilledBySmallerTieBreakKeyFirst() {
        // Two interchangeable SELLs, room for one: the smaller key is filled.
        List<String> byKey = Books.byKey("s-a", "s-b");
        Order[] book = {buy("b", 10, 2000, SEIJO_3), sell("s-a", 10, 1000, SEIJO_3), sell("s-b", 10, 1000, SEIJO_3)};
        for (Objective objective : List.of(Objective.MAX_WELFARE, Objective.MAX_VOLUME)) {
            assertEquals(List.of(trade("b", byKey.get(0), 10, 1500, 0)), clear(objective, LEVELS, book).trades(),
                    objective.name());
        }
        // Raising the floor instead splits the BUY evenly: both SELLs at rate 250.
        assertEquals(List.of(trade("b", "s-a", 5, 1500, 0), trade("b", "s-b", 5, 1500, 0)),
                clear(Objective.MAX_MIN_SURPLUS, LEVELS, book).trades());
    }

    @Test
    void minSurplusWithZeroMinimumIsTheWelfareAllocation() {
        // b-flat can only trade at zero surplus, so the smallest rate is 0 whatever happens;
        // then the most surplus (and, as tie-break, volume) is the MAX_WELFARE allocation.
        Order[] book = {
            buy("b-flat", 10, 1000, SEIJO_3), buy("b", 10, 2000, SEIJO_3),
            sell("s1", 10, 1000, SEIJO_3), sell("s2", 5, 1000, SEIJO_3)};
        ClearingResult minSurplus = clear(Objective.MAX_MIN_SURPLUS, LEVELS, book);
        assertEquals(clear(Objective.MAX_WELFARE, LEVELS, book).trades(), minSurplus.trades());
        assertEquals(10_000, minSurplus.surplus());
        assertEquals(15, minSurplus.volumeWh());
    }

    @Test
    void minSurplusWithTooLittleSupplyForEveryoneIsTheWelfareAllocation() {
        // One SELL of 1 Wh cannot give both BUYs a Wh: the smallest rate is 0.
        Order[] book = {buy("b1", 10, 2000, ""), buy("b2", 10, 1500, ""), sell("s", 1, 1000, "")};
        ClearingResult r = clear(Objective.MAX_MIN_SURPLUS, null, book);
        assertEquals(List.of(trade("b1", "s", 1, 1500, 0)), r.trades());
    }

    @Test
    void minSurplusRaisesTheFloorExactly() {
        // s (10 Wh at 0) to b1 (limit 10) or b2 (limit 20): per Wh b1 gets 5, b2 gets 10, the
        // SELL 5 or 10. Rates b1 = 5·x1/10, b2 = 10·x2/10. The LP optimum x1 = 20/3, x2 = 10/3 is
        // fractional; the best integral floor is 3 (x1 ≥ 6, x2 ≥ 3), and then the most surplus
        // gives b2 the last Wh: x1 = 6, x2 = 4 (surplus 140; rates 3, 4 and 7).
        ClearingResult r = clear(Objective.MAX_MIN_SURPLUS, null,
                buy("b1", 10, 10, ""), buy("b2", 10, 20, ""), sell("s", 10, 0, ""));
        assertEquals(List.of(trade("b1", "s", 6, 5, 0), trade("b2", "s", 4, 10, 0)), r.trades());
        assertEquals(140, r.surplus());
        // MAX_WELFARE would give everything to b2 and leave b1 at rate 0.
        assertEquals(List.of(trade("b2", "s", 10, 10, 0)),
                clear(Objective.MAX_WELFARE, null, buy("b1", 10, 10, ""), buy("b2", 10, 20, ""),
                        sell("s", 10, 0, "")).trades());
    }

    @Test
    void minSurplusWithWheelingSharesTheSurplusNetOfFees() {
        // s (at 1000, 10 Wh) near b-near (limit 1300, fee 0) and far from b-far (limit 1600, fee
        // 300): both pairs have surplus 300 per kWh, so each Wh gives 150 to each side; the floor
        // is raised by splitting 5/5 (each BUY at rate 75, the SELL at 150).
        ClearingResult r = clear(Objective.MAX_MIN_SURPLUS, LEVELS,
                buy("b-near", 10, 1300, SEIJO_3), buy("b-far", 10, 1600, KINUTA_1), sell("s", 10, 1000, SEIJO_3));
        assertEquals(List.of(trade("b-far", "s", 5, 1150, 300), trade("b-near", "s", 5, 1150, 0)), r.trades());
    }

    @Test
    void minSurplusAnswersLargeBooksWithAPositiveFloor() {
        List<Order> orders = new ArrayList<>(BenchmarkBooks.input(Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, 200)
                .orders());
        Book book = new Book(BenchmarkBooks.SLOT, BenchmarkBooks.WHEELING, orders);
        List<Trade> trades = new OptimalClearing(Objective.MAX_MIN_SURPLUS).clear(book).trades();
        assertTrue(MinSurplusLp.minRate(book, trades).num() > 0, "every order that can trade gets a positive rate");
    }

    @Test
    void settlesTheExampleBookOfTheRepository() {
        // examples/book-optimal.json: every trade feasible at its pair's fee, nobody over-filled.
        Order[] book = {
            sell("s-home-001", 2400, 800, SEIJO_3), sell("s-home-002", 1800, 900, SEIJO_3),
            sell("s-home-003", 2200, 1000, SEIJO_4), sell("s-home-004", 1500, 1100, KINUTA_1),
            sell("s-school-01", 6000, 950, "tokyo/setagaya/kamimachi/feeder-5"),
            buy("b-ev-101", 3500, 2200, SEIJO_3), buy("b-ev-103", 3200, 1900, KINUTA_1),
            buy("b-shop-401", 5000, 1800, "tokyo/setagaya/sangenjaya/feeder-6"),
            buy("b-retail-01", 10000, 700, "tokyo/setagaya")};
        // (MAX_MIN_SURPLUS has a positive floor here and takes the exact search about a second.)
        for (Objective objective : List.of(Objective.MAX_WELFARE, Objective.MAX_VOLUME)) {
            ClearingResult r = clear(objective, LEVELS, book);
            OptimalReference.Value v = OptimalReference.evaluate(LEVELS, Arrays.asList(book), r.trades());
            assertEquals(v.surplus(), r.surplus());
            assertEquals(v.volume(), r.volumeWh());
        }
    }
}
