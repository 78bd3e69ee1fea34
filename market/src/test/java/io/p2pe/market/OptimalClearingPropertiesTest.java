package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * OPTIMAL on random books against the independent {@link OptimalReference}: the objective values
 * (primary and secondary) equal the optimum, every trade is a feasible pair at the rules' price and
 * fee, limits hold, fills equal trades, and the output is byte-identical under shuffles.
 */
class OptimalClearingPropertiesTest {

    @Provide
    Arbitrary<OptimalBooks.Case> tiny() {
        return OptimalBooks.cases(3, 4);
    }

    @Provide
    Arbitrary<OptimalBooks.Case> small() {
        return OptimalBooks.cases(12, 1_000_000_000L);
    }

    @Provide
    Arbitrary<Objective> flowObjectives() {
        return net.jqwik.api.Arbitraries.of(Objective.MAX_WELFARE, Objective.MAX_VOLUME);
    }

    private static ClearingResult clear(OptimalBooks.Case c, Objective objective) throws InvalidInputException {
        return Clearing.clear(c.input(objective));
    }

    @Property(tries = 400)
    void flowObjectivesMatchBruteForce(@ForAll("tiny") OptimalBooks.Case c, @ForAll("flowObjectives") Objective objective)
            throws InvalidInputException {
        ClearingResult result = clear(c, objective);
        OptimalReference.Value got = OptimalReference.evaluate(c.effectiveWheeling(), c.orders(), result.trades());
        OptimalReference.Value best = OptimalReference.bruteForce(objective, c.effectiveWheeling(), c.orders());
        assertEquals(best.surplus(), got.surplus(), "surplus");
        assertEquals(best.volume(), got.volume(), "volume");
    }

    /** Tiny books with wide spreads, where the smallest rate is usually positive. */
    @Provide
    Arbitrary<OptimalBooks.Case> tinyWideSpreads() {
        return OptimalBooks.cases(3, 4, 4, 14, -4, 4);
    }

    @Property(tries = 400)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void minSurplusMatchesBruteForce(@ForAll("tiny") OptimalBooks.Case c) throws InvalidInputException {
        checkMinSurplusAgainstBruteForce(c);
        // Both branches are exercised: t* = 0 (the flows) and t* > 0 (the exact search).
        Statistics.label("smallest rate").coverage(check -> {
            check.check("positive").percentage(p -> p >= 5);
            check.check("zero").percentage(p -> p >= 5);
        });
    }

    @Property(tries = 300)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void minSurplusMatchesBruteForceWhereTheFloorIsPositive(@ForAll("tinyWideSpreads") OptimalBooks.Case c)
            throws InvalidInputException {
        checkMinSurplusAgainstBruteForce(c);
        Statistics.label("smallest rate").coverage(check -> check.check("positive").percentage(p -> p >= 25));
    }

    private static void checkMinSurplusAgainstBruteForce(OptimalBooks.Case c) throws InvalidInputException {
        ClearingResult result = clear(c, Objective.MAX_MIN_SURPLUS);
        OptimalReference.Value got = OptimalReference.evaluate(c.effectiveWheeling(), c.orders(), result.trades());
        OptimalReference.Value best = OptimalReference.bruteForce(Objective.MAX_MIN_SURPLUS, c.effectiveWheeling(),
                c.orders());
        assertEquals(best.rate() == null ? null : 0, got.rate() == null ? null : got.rate().compareTo(best.rate()),
                "smallest surplus rate " + got.rate() + " vs best " + best.rate());
        assertEquals(best.surplus(), got.surplus(), "surplus");
        Statistics.label("smallest rate").collect(best.rate() == null ? "no order can trade"
                : best.rate().num() == 0 ? "zero" : "positive");
    }

    @Property(tries = 300)
    void flowObjectivesMatchPairwiseFlow(@ForAll("small") OptimalBooks.Case c, @ForAll("flowObjectives") Objective objective)
            throws InvalidInputException {
        ClearingResult result = clear(c, objective);
        OptimalReference.Value got = OptimalReference.evaluate(c.effectiveWheeling(), c.orders(), result.trades());
        OptimalReference.Value best = OptimalReference.pairwiseFlow(objective, c.effectiveWheeling(), c.orders());
        assertEquals(best.surplus(), got.surplus(), "surplus");
        assertEquals(best.volume(), got.volume(), "volume");
        assertEquals(got.surplus(), result.surplus());
        assertEquals(got.volume(), result.volumeWh());
        assertNull(result.clearingPrice());
        TreeMap<String, Long> filled = new TreeMap<>();
        c.orders().forEach(o -> filled.put(o.id(), 0L));
        for (Trade t : result.trades()) {
            filled.merge(t.buyOrderId(), t.wh(), Long::sum);
            filled.merge(t.sellOrderId(), t.wh(), Long::sum);
        }
        List<Fill> expected = new ArrayList<>();
        filled.forEach((id, wh) -> expected.add(new Fill(id, wh)));
        assertEquals(expected, result.fills(), "fills are the trades' sums, one per order, by id");
    }

    @Property(tries = 200)
    void outputIsByteIdenticalUnderShuffles(@ForAll("small") OptimalBooks.Case c, @ForAll("flowObjectives") Objective objective,
                                            @ForAll Random random) throws InvalidInputException {
        String expected = MarketJson.writeResult(clear(c, objective));
        List<Order> shuffled = new ArrayList<>(c.orders());
        Collections.shuffle(shuffled, random);
        assertEquals(expected, MarketJson.writeResult(clear(new OptimalBooks.Case(c.wheeling(), shuffled), objective)));
    }

    @Property(tries = 200)
    void minSurplusOutputIsByteIdenticalUnderShuffles(@ForAll("tiny") OptimalBooks.Case c, @ForAll Random random)
            throws InvalidInputException {
        String expected = MarketJson.writeResult(clear(c, Objective.MAX_MIN_SURPLUS));
        List<Order> shuffled = new ArrayList<>(c.orders());
        Collections.shuffle(shuffled, random);
        assertEquals(expected,
                MarketJson.writeResult(clear(new OptimalBooks.Case(c.wheeling(), shuffled), Objective.MAX_MIN_SURPLUS)));
    }
}
