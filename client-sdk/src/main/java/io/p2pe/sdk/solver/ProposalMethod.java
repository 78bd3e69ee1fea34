package io.p2pe.sdk.solver;

import io.p2pe.market.ClearingInput;
import io.p2pe.market.proposal.ProposedTrade;
import java.util.List;

/**
 * How a solver finds a matching for a closed OPTIMAL slot's book. Any algorithm may be used, also
 * floating point and randomness (seeded, if runs are to be repeatable): the ledger re-checks and
 * re-scores every proposal exactly (docs/market-rules.md, "Proposals"), so a method can only
 * lose by proposing something invalid or worse than the engine's own result.
 */
@FunctionalInterface
public interface ProposalMethod {
    /**
     * @param book the slot's closed book as the ledger clears it (mechanism OPTIMAL, with its
     *     objective and wheeling schedule)
     * @return the trades to propose, in any order; each (BUY, SELL) pair at most once
     */
    List<ProposedTrade> propose(ClearingInput book);
}
