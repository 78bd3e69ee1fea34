package io.p2pe.market.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Objective;
import io.p2pe.market.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Winner selection: higher score first; equal scores by the draw key; canonical text and digests. */
class RankingTest {
    private final ClearingInput book = ProposalValidationTest.book(Objective.MAX_VOLUME);
    private final ProposalScorer scorer = ProposalValidationTest.scorer(book);

    private ScoredProposal score(ProposedTrade... trades) throws InvalidInputException {
        return scorer.score(new Proposal(book.slot(), scorer.inputDigest(), List.of(trades)));
    }

    @Test
    void theCanonicalTextSortsTradesAndFixesFieldOrder() {
        Proposal p = new Proposal("2026-06-17T12:00+09:00", "d",
                List.of(new ProposedTrade("b2", "s1", 5), new ProposedTrade("b1", "s2", 7), new ProposedTrade("b1", "s1", 1)));
        assertEquals("{\"slot\":\"2026-06-17T12:00+09:00\",\"inputDigest\":\"d\",\"trades\":["
                + "{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\",\"wh\":1},{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s2\",\"wh\":7},"
                + "{\"buyOrderId\":\"b2\",\"sellOrderId\":\"s1\",\"wh\":5}]}", ProposalJson.canonical(p));
        assertEquals(io.p2pe.market.TieBreak.sha256Hex(ProposalJson.canonical(p).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                ProposalJson.digest(p));
        assertEquals(io.p2pe.market.TieBreak.sha256Hex("d|abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                ProposalJson.drawKey("d", "abc"));
    }

    @Test
    void aBetterProposalBeatsTheBuiltInAndTheWinnerBecomesTheResult() throws InvalidInputException {
        ClearingInput welfare = ProposalValidationTest.book(Objective.MAX_WELFARE);
        ProposalScorer s = ProposalScorer.of(welfare);
        ScoredProposal builtIn = s.score(Clearing.clear(welfare));
        ScoredProposal worse = s.score(new Proposal(welfare.slot(), s.inputDigest(), List.of(new ProposedTrade("b1", "s1", 1))));
        assertTrue(worse.score().compareTo(builtIn.score()) < 0);
        assertEquals(builtIn, Ranking.best(List.of(worse, builtIn)));
        assertEquals(builtIn, Ranking.best(List.of(builtIn, worse)));
        ClearingResult r = s.result(worse);
        assertEquals(List.of(new Trade("b1", "s1", 1, 2250, 0)), r.trades());
        assertEquals(1, r.volumeWh());
        assertEquals(500, r.surplus());
        assertEquals(List.of(1L, 0L, 1L, 0L), r.fills().stream().map(f -> f.filledWh()).toList());
    }

    @Test
    void equalScoresAreDecidedByTheSmallestDrawKeyWhateverTheOrder() throws InvalidInputException {
        // MAX_VOLUME: 500 Wh either way, and the same surplus, from two different matchings.
        ScoredProposal a = score(new ProposedTrade("b1", "s1", 300), new ProposedTrade("b2", "s1", 200));
        ScoredProposal b = score(new ProposedTrade("b1", "s1", 300), new ProposedTrade("b2", "s1", 200),
                new ProposedTrade("b2", "s2", 0 + 1));
        ScoredProposal c = score(new ProposedTrade("b1", "s1", 301), new ProposedTrade("b2", "s1", 199));
        assertEquals(0, a.score().compareTo(new Score(Objective.MAX_VOLUME, a.score().surplus(), 500, null)));
        assertNotEquals(a.score(), c.score()); // surplus differs (b2-s1 pays a fee)
        ScoredProposal twin = score(new ProposedTrade("b2", "s1", 200), new ProposedTrade("b1", "s1", 300));
        assertEquals(a.drawKey(), twin.drawKey());
        // Two proposals with the same score but different digests: the draw decides.
        ScoredProposal d = score(new ProposedTrade("b1", "s1", 500));
        ScoredProposal e = score(new ProposedTrade("b1", "s1", 400), new ProposedTrade("b2", "s1", 0 + 100));
        ScoredProposal f = score(new ProposedTrade("b1", "s1", 450), new ProposedTrade("b2", "s2", 50));
        List<ScoredProposal> all = new ArrayList<>(List.of(a, b, c, d, e, f));
        ScoredProposal winner = Ranking.best(all);
        for (int k = 0; k < 6; k++) {
            Collections.rotate(all, 1);
            assertEquals(winner, Ranking.best(all));
            assertEquals(Ranking.ranked(all), Ranking.ranked(List.of(a, b, c, d, e, f)));
        }
        for (ScoredProposal p : all) {
            int cmp = p.score().compareTo(winner.score());
            assertTrue(cmp < 0 || (cmp == 0 && p.drawKey().compareTo(winner.drawKey()) >= 0));
        }
        // Equal-score pair decided by the draw key alone.
        ScoredProposal first = d.drawKey().compareTo(e.drawKey()) < 0 ? d : e;
        if (d.score().equals(e.score())) {
            assertEquals(first, Ranking.best(List.of(d, e)));
            assertEquals(first, Ranking.best(List.of(e, d)));
        }
    }

    @Test
    void scoresOfDifferentObjectivesDoNotCompare() {
        assertThrows(IllegalArgumentException.class, () -> new Score(Objective.MAX_WELFARE, 1, 1, null)
                .compareTo(new Score(Objective.MAX_VOLUME, 1, 1, null)));
    }

    @Test
    void minSurplusScoresCompareTheRateFirstExactly() {
        Score low = new Score(Objective.MAX_MIN_SURPLUS, 1_000_000, 10, new SurplusRate(1, 3));
        Score high = new Score(Objective.MAX_MIN_SURPLUS, 1, 1, new SurplusRate(333_333_334, 1_000_000_000));
        assertTrue(high.compareTo(low) > 0);
        assertEquals(0, new SurplusRate(2, 6).compareTo(new SurplusRate(1, 3)));
        assertEquals("1/3", new SurplusRate(2, 6).toString());
        assertEquals(new SurplusRate(7, 3), SurplusRate.parse("7/3"));
        assertEquals(new SurplusRate(5, 1), SurplusRate.parse("5"));
        // 128-bit products: 1.1e16 × 1e9 does not fit a long.
        SurplusRate a = new SurplusRate(11_000_000_000_000_000L, 999_999_999);
        SurplusRate b = new SurplusRate(11_000_000_000_000_001L, 999_999_999);
        assertTrue(a.compareTo(b) < 0 && b.compareTo(a) > 0);
    }
}
