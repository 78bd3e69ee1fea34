package io.p2pe.market;

import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ScoredProposal;
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
 * Checking and scoring one proposal on {@link BenchmarkBooks} books of 1k–100k orders; the
 * proposal is the MAX_WELFARE optimum's trades (valid for every objective), as JSON text the way
 * ProposeClearing receives it. {@code score}: parse and score against an indexed book (the cost per
 * proposal at finalization); {@code indexAndScore}: also index the book ({@link ProposalScorer#of}:
 * validation, sorting, the input digest and, for MAX_MIN_SURPLUS, which orders can trade), which is
 * what one ProposeClearing does besides reading the ledger. Run with {@code mvn -B -pl market
 * -Pbench test-compile exec:exec -Djmh.args="ProposalScoringBenchmark"} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProposalScoringBenchmark {

    @Param({"MAX_WELFARE", "MAX_MIN_SURPLUS"})
    public String objective;

    @Param({"1000", "10000", "100000"})
    public int orders;

    private ClearingInput input;
    private ProposalScorer scorer;
    private String proposal;

    @Setup(Level.Trial)
    public void setUp() throws InvalidInputException {
        ClearingInput welfare = BenchmarkBooks.input(Mechanism.OPTIMAL, Objective.MAX_WELFARE, orders);
        input = new ClearingInput(welfare.slot(), welfare.mechanism(), Objective.valueOf(objective), welfare.wheeling(),
                welfare.orders());
        scorer = ProposalScorer.of(input);
        ClearingResult optimum = Clearing.clear(welfare);
        proposal = ProposalJson.canonical(new io.p2pe.market.proposal.Proposal(input.slot(), scorer.inputDigest(),
                ProposalScorer.proposalOf(optimum).trades()));
    }

    @Benchmark
    public ScoredProposal score() throws InvalidInputException {
        return scorer.score(ProposalJson.read(proposal));
    }

    @Benchmark
    public ScoredProposal indexAndScore() throws InvalidInputException {
        return ProposalScorer.of(input).score(ProposalJson.read(proposal));
    }
}
