package io.p2pe.market;

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
 * OPTIMAL MAX_MIN_SURPLUS on small {@link BenchmarkBooks} books whose smallest surplus rate is
 * positive, i.e. the exact integer search ({@code optimal.MinSurplus}), which books of up to 24
 * tradable orders get before the target search ({@link OptimalMinSurplusBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OptimalMinSurplusExactBenchmark {

    @Param({"6", "10"})
    public int orders;

    private Book book;
    private ClearingMechanism engine;

    @Setup(Level.Trial)
    public void setUp() {
        ClearingInput input = BenchmarkBooks.input(Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, orders);
        book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        engine = Clearing.mechanismFor(input);
    }

    @Benchmark
    public ClearingMechanism.Outcome mechanismOnly() {
        return engine.clear(book);
    }
}
