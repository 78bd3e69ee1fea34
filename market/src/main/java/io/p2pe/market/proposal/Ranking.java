package io.p2pe.market.proposal;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which competing proposals for one slot win: higher {@link Score} first; among equal
 * scores the smaller {@link ScoredProposal#drawKey()} (a draw no solver can steer without changing
 * its proposal, and fixed by the slot's inputs, so every peer and every run picks the same).
 */
public final class Ranking {
    /** Best first. Two proposals with equal draw keys are the same proposal. */
    public static final Comparator<ScoredProposal> BEST_FIRST =
            Comparator.comparing(ScoredProposal::score, Comparator.reverseOrder())
                    .thenComparing(ScoredProposal::drawKey);

    private Ranking() {
    }

    /** The winner of a non-empty list. */
    public static ScoredProposal best(List<ScoredProposal> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        ScoredProposal best = candidates.get(0);
        for (ScoredProposal c : candidates) {
            if (BEST_FIRST.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }

    /** The candidates best first (a new list). */
    public static List<ScoredProposal> ranked(List<ScoredProposal> candidates) {
        return candidates.stream().sorted(BEST_FIRST).toList();
    }
}
