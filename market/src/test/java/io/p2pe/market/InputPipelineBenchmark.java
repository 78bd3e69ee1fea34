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
 * The per-slot work around the mechanism, step by step, to show where {@link ClearingBenchmark}'s
 * end-to-end time goes. Independent of the mechanism. Run as described in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InputPipelineBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    public int orders;

    private ClearingInput input;
    private String json;
    private ClearingResult result;

    @Setup(Level.Trial)
    public void setUp() throws InvalidInputException {
        input = BenchmarkBooks.input(Mechanism.UNIFORM_PRICE, null, orders);
        json = MarketJson.writeInput(input);
        result = Clearing.clear(input);
    }

    /** Parse the JSON input document (what the CLI does before clearing). */
    @Benchmark
    public ClearingInput readInput() throws InvalidInputException {
        return MarketJson.readInput(json);
    }

    /** Check every market rule. */
    @Benchmark
    public ClearingInput validate() throws InvalidInputException {
        InputValidator.validate(input);
        return input;
    }

    /** Tie-break keys (SHA-256 per order) and the two sorted sides. */
    @Benchmark
    public Book book() {
        return new Book(input.slot(), input.effectiveWheeling(), input.orders());
    }

    /** SHA-256 of the canonical input. */
    @Benchmark
    public String inputDigest() {
        return MarketJson.inputDigest(input);
    }

    /** The output document. */
    @Benchmark
    public String writeResult() {
        return MarketJson.writeResult(result);
    }
}
