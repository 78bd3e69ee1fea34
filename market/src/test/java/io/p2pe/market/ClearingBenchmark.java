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
 * Clearing time and allocation per book size. Run with {@code mvn -B -pl market -Pbench
 * test-compile exec:exec} (see docs/benchmarks.md).
 *
 * <p>{@code mechanism} names what {@link Clearing} would run: a {@link Mechanism}, or for OPTIMAL
 * {@code OPTIMAL:<Objective>}. Adding a mechanism or objective to the comparison is one more value
 * in its {@code @Param} list (or a sibling class with its own sizes, for slower mechanisms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClearingBenchmark {

    @Param({"UNIFORM_PRICE", "PAY_AS_BID"})
    public String mechanism;

    @Param({"1000", "10000", "100000", "1000000"})
    public int orders;

    private ClearingInput input;
    private Book book;
    private ClearingMechanism engine;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = mechanism.split(":", 2);
        Objective objective = parts.length > 1 ? Objective.valueOf(parts[1]) : null;
        input = BenchmarkBooks.input(Mechanism.valueOf(parts[0]), objective, orders);
        book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        engine = Clearing.mechanismFor(input);
    }

    /** The mechanism alone, on a book already keyed and sorted. */
    @Benchmark
    public ClearingMechanism.Outcome mechanismOnly() {
        return engine.clear(book);
    }

    /**
     * Everything the chaincode or CLI does per slot: validate, key and sort the book (SHA-256 per
     * order), clear, assemble fills, and digest the canonical input.
     */
    @Benchmark
    public ClearingResult endToEnd() throws InvalidInputException {
        return Clearing.clear(input);
    }
}
