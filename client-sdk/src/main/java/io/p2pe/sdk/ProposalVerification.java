package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ProposedTrade;
import io.p2pe.market.proposal.Ranking;
import io.p2pe.market.proposal.ScoredProposal;
import java.util.ArrayList;
import java.util.List;

/**
 * An auditor's check of an OPTIMAL clearing that a solver's proposal won: the stored result must
 * be the exact result of its own trades taken as a proposal (valid, with the prices, fees, fills and
 * totals the rules imply), and it must rank at least as high as the engine's own result, which
 * always competed.
 */
final class ProposalVerification {
    private ProposalVerification() {
    }

    /** Either the verified result, or (result null) what is wrong. */
    record Check(ClearingResult result, String problem) {
    }

    static Check check(ClearingInput input, String storedResult, ClearingResult engine) {
        try {
            ProposalScorer scorer = ProposalScorer.of(input);
            JsonNode stored = Json.MAPPER.readTree(storedResult);
            List<ProposedTrade> trades = new ArrayList<>();
            for (JsonNode t : stored.path("trades")) {
                trades.add(new ProposedTrade(t.path("buyOrderId").asText(), t.path("sellOrderId").asText(),
                        t.path("wh").asLong()));
            }
            ScoredProposal won = scorer.score(new Proposal(input.slot(), scorer.inputDigest(), trades));
            ClearingResult result = scorer.result(won);
            if (!MarketJson.writeResult(result).equals(storedResult)) {
                return new Check(null, "the stored result is neither the engine's nor the exact result of its own trades");
            }
            if (engine != null && Ranking.BEST_FIRST.compare(won, scorer.score(engine)) > 0) {
                return new Check(null, "the stored result ranks below the engine's own result, which competed");
            }
            return new Check(result, null);
        } catch (InvalidInputException e) {
            return new Check(null, "the stored result's trades are not a valid proposal: " + e.getMessage());
        } catch (java.io.IOException e) {
            return new Check(null, "the stored result is not JSON: " + e.getMessage());
        }
    }
}
