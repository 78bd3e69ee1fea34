package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * OPTIMAL at 1k–10k orders on {@link BenchmarkBooks} books (four-level locations, wheeling
 * {@code [0, 150, 300, 450]}). For MAX_MIN_SURPLUS two BUYs that can only share one 1 Wh SELL are
 * added, so the smallest rate is 0 and the large-book path is measured: classes, the covering flow
 * that proves {@code t* = 0}, then the MAX_WELFARE flow (books whose smallest rate is positive:
 * {@link OptimalMinSurplusBenchmark}, {@link OptimalMinSurplusExactBenchmark}). Run with {@code mvn -B -pl
 * market -Pbench test-compile exec:exec} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OptimalClearingBenchmark {

    @Param({"MAX_WELFARE", "MAX_VOLUME", "MAX_MIN_SURPLUS"})
    public String objective;

    @Param({"1000", "5000", "10000"})
    public int orders;

    private ClearingInput input;
    private Book book;
    private ClearingMechanism engine;

    @Setup(Level.Trial)
    public void setUp() {
        Objective o = Objective.valueOf(objective);
        ClearingInput base = BenchmarkBooks.input(Mechanism.OPTIMAL, o, orders);
        List<Order> list = new ArrayList<>(base.orders());
        if (o == Objective.MAX_MIN_SURPLUS) {
            GridLocation corner = GridLocation.parse("tokyo/nerima/district-99/feeder-0");
            list.add(new Order("floor-s", "RetailerMSP:floor-s", Side.SELL, 1, 700, corner));
            list.add(new Order("floor-b1", "RetailerMSP:floor-b1", Side.BUY, 1, 702, corner));
            list.add(new Order("floor-b2", "RetailerMSP:floor-b2", Side.BUY, 1, 702, corner));
        }
        input = new ClearingInput(base.slot(), base.mechanism(), o, base.wheeling(), list);
        book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        engine = Clearing.mechanismFor(input);
    }

    /** The mechanism alone, on a book already keyed and sorted. */
    @Benchmark
    public ClearingMechanism.Outcome mechanismOnly() {
        return engine.clear(book);
    }

    /** Validation, keys and sorting, the mechanism, fills and digest, as the chaincode does per slot. */
    @Benchmark
    public ClearingResult endToEnd() throws InvalidInputException {
        return Clearing.clear(input);
    }
}
