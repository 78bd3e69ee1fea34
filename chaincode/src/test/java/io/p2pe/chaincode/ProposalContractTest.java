package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.GRID_SOLVER;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.RETAILER_SOLVER;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.MarketJson;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ProposedTrade;
import io.p2pe.market.proposal.Ranking;
import io.p2pe.market.proposal.ScoredProposal;
import io.p2pe.market.proposal.SurplusRate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProposalContractTest {
    /** SLOT's gate closes at 02:00Z; a 30-minute window ends at 02:30Z. */
    private static final Instant AFTER_GATE = Instant.parse("2026-06-17T02:05:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-06-17T02:30:00Z");
    private static final String OPTIMAL = "{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"proposalWindowMinutes\":30}";

    /** The standard book under MAX_WELFARE: 3000 Wh from s-home1 and s-home3 go to the two BUYs, in many equal ways. */
    private static final class Market {
        final TestNet net;
        final String sell1;
        final String sell3;
        final String buy2;
        final String buyBiz;

        Market(String config) {
            net = new TestNet().configured(config).withParticipants();
            sell1 = net.order(HOME1, "s-1", "SELL", 2000, 1500).get("orderId").asText();
            sell3 = net.order(HOME3, "s-1", "SELL", 1000, 1700).get("orderId").asText();
            net.order(RETAILER, "s-1", "SELL", 5000, 2600);
            buy2 = net.order(HOME2, "b-1", "BUY", 1800, 2200).get("orderId").asText();
            buyBiz = net.order(BIZ1, "b-1", "BUY", 1500, 1900).get("orderId").asText();
        }

        Market() {
            this(OPTIMAL);
        }

        Market closed() {
            net.now = AFTER_GATE;
            net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
            return this;
        }

        JsonNode book(TestIdentity who) {
            return json(net.evaluate(who, c -> net.proposals.getProposalBook(c, SLOT)));
        }

        String digest() {
            return book(AUDITOR).get("inputDigest").asText();
        }

        ClearingInput input() throws Exception {
            return MarketJson.readInput(book(AUDITOR).get("input").asText());
        }

        String proposal(ProposedTrade... trades) {
            return ProposalJson.canonical(new Proposal(SLOT, digest(), List.of(trades)));
        }

        JsonNode propose(TestIdentity solver, String proposalJson) {
            return json(net.submit(solver, c -> net.proposals.proposeClearing(c, SLOT, proposalJson)));
        }

        JsonNode proposals() {
            return json(net.evaluate(AUDITOR, c -> net.proposals.getProposals(c, SLOT)));
        }
    }

    private static ProposedTrade t(String buy, String sell, long wh) {
        return new ProposedTrade(buy, sell, wh);
    }

    @Test
    void theBookSolversSeeIsTheClosedMainBook() throws Exception {
        Market m = new Market().closed();
        JsonNode book = m.book(GRID_SOLVER);
        assertEquals("CLOSED", book.get("status").asText());
        assertEquals("2026-06-17T02:30:00Z", book.get("windowEnds").asText());
        ClearingInput input = m.input();
        assertEquals(5, input.orders().size());
        assertEquals(MarketJson.inputDigest(input), book.get("inputDigest").asText());
        m.book(OPERATOR);
        m.book(AUDITOR);
        m.net.refused(ErrorCode.FORBIDDEN, HOME1, c -> m.net.proposals.getProposalBook(c, SLOT));
    }

    @Test
    void equalScoresAreResolvedByTheDrawTheSameOnEveryRun() throws Exception {
        String winner = null;
        for (int run = 0; run < 2; run++) {
            Market m = new Market().closed();
            // Both proposals have the engine's score (surplus and volume of the optimum), from other pairings.
            String a = m.proposal(t(m.buy2, m.sell3, 1000), t(m.buy2, m.sell1, 800), t(m.buyBiz, m.sell1, 1200));
            String b = m.proposal(t(m.buy2, m.sell1, 1000), t(m.buy2, m.sell3, 800), t(m.buyBiz, m.sell1, 1000),
                    t(m.buyBiz, m.sell3, 200));
            m.propose(GRID_SOLVER, a);
            m.propose(RETAILER_SOLVER, b);
            m.net.now = WINDOW_END;
            m.net.submit(HOME2, c -> m.net.proposals.finalizeClearing(c, SLOT));
            JsonNode cleared = json(m.net.evaluate(HOME2, c -> m.net.slots.getClearingResult(c, SLOT)));
            assertEquals("CLEARED", cleared.get("status").asText());
            JsonNode outcome = m.proposals().get("outcome");
            assertEquals(3, outcome.get("candidates").asInt());
            // Expected: the smallest draw key, recomputed here from the proposals' canonical texts.
            ClearingInput input = m.input();
            ProposalScorer scorer = ProposalScorer.of(input);
            ScoredProposal builtIn = scorer.score(Clearing.clear(input));
            ScoredProposal sa = scorer.score(ProposalJson.read(a));
            ScoredProposal sb = scorer.score(ProposalJson.read(b));
            assertEquals(builtIn.score(), sa.score());
            assertEquals(builtIn.score(), sb.score());
            ScoredProposal best = Ranking.best(List.of(builtIn, sa, sb));
            assertEquals(best.drawKey(), outcome.get("winner").get("drawKey").asText());
            String label = best == builtIn ? ProposalContract.BUILT_IN
                    : best == sa ? GRID_SOLVER.mspId() : RETAILER_SOLVER.mspId();
            assertEquals(label, best == builtIn ? outcome.get("winner").get("solver").asText()
                    : outcome.get("winner").get("solverMsp").asText());
            assertEquals(Ranking.ranked(List.of(builtIn, sa, sb)).get(1).drawKey(),
                    outcome.get("runnerUp").get("drawKey").asText());
            // The stored result is the winner's, exactly as the engine writes results.
            String result = cleared.get("segments").get(0).get("result").asText();
            assertEquals(MarketJson.writeResult(scorer.result(best)), result);
            JsonNode event = m.net.lastEventPayload();
            assertEquals("SlotCleared", m.net.lastEvent().getEventName());
            assertEquals(3, event.get("proposals").get("candidates").asInt());
            if (winner == null) {
                winner = result;
            }
            assertEquals(winner, result, "the same winner on every run");
        }
    }

    @Test
    void aSolversProposalWinsWhereTheEngineCannotClearAndTheSlotSettles() throws Exception {
        // MAX_MIN_SURPLUS with 30 orders that can trade: beyond the exact search of the engine. Pairing
        // each BUY with one SELL fully gives every order the best rate possible (1000 ticks per kWh).
        TestNet net = new TestNet().configured("{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_MIN_SURPLUS\","
                + "\"proposalWindowMinutes\":30}");
        List<String> buys = new ArrayList<>();
        List<String> sells = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            String id = String.format("home-%03d", 100 + k);
            net.register(RETAILER_ADMIN, "{\"participant\":\"" + id + "\",\"kind\":\"HOUSEHOLD\"}");
            TestIdentity who = TestIdentity.client("RetailerOrgMSP", id, "participant", id);
            boolean buy = k % 2 == 0;
            String orderId = net.order(who, "o", buy ? "BUY" : "SELL", 1000, buy ? 3000 : 1000).get("orderId").asText();
            (buy ? buys : sells).add(orderId);
        }
        net.now = AFTER_GATE;
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        JsonNode book = json(net.evaluate(GRID_SOLVER, c -> net.proposals.getProposalBook(c, SLOT)));
        List<ProposedTrade> trades = new ArrayList<>();
        for (int k = 0; k < 15; k++) {
            trades.add(t(buys.get(k), sells.get(k), 1000));
        }
        String proposal = ProposalJson.canonical(new Proposal(SLOT, book.get("inputDigest").asText(), trades));
        JsonNode stored = json(net.submit(GRID_SOLVER, c -> net.proposals.proposeClearing(c, SLOT, proposal)));
        assertEquals("1000", stored.get("score").get("minSurplusRate").asText());
        net.now = WINDOW_END;
        json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT)));
        JsonNode outcome = json(net.evaluate(AUDITOR, c -> net.proposals.getProposals(c, SLOT))).get("outcome");
        JsonNode builtIn = outcome.get("builtIn");
        if (builtIn.isNull()) {
            // Today's exact engine refuses the book: the solver's proposal clears the slot.
            assertTrue(outcome.get("builtInRefusal").asText().contains("MAX_MIN_SURPLUS"), outcome.toString());
            assertEquals(1, outcome.get("candidates").asInt());
            assertEquals("GridOrgMSP", outcome.get("winner").get("solverMsp").asText());
        } else {
            // An engine that clears it can at best tie with this optimum; then the draw decides.
            assertEquals(2, outcome.get("candidates").asInt());
            SurplusRate engineRate = SurplusRate.parse(builtIn.get("score").get("minSurplusRate").asText());
            assertTrue(engineRate.compareTo(new SurplusRate(1000, 1)) <= 0, engineRate.toString());
            if (engineRate.compareTo(new SurplusRate(1000, 1)) < 0) {
                assertEquals("GridOrgMSP", outcome.get("winner").get("solverMsp").asText());
            }
        }
        JsonNode slot = json(net.evaluate(AUDITOR, c -> net.slots.getSlot(c, SLOT)));
        assertEquals("CLEARED", slot.get("status").asText());
        assertEquals(15_000, slot.get("clearing").get("volumeWh").asLong());
    }

    @Test
    void proposalsAfterTheWindowAreRefusedAndFinalizationBeforeItIsRefused() {
        Market m = new Market();
        String early = m.net.refused(ErrorCode.SLOT_OPEN, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, "{}"));
        assertTrue(early.contains("not closed yet"), early);
        m.closed();
        String p = m.proposal(t(m.buy2, m.sell1, 100));
        String open = m.net.refused(ErrorCode.PROPOSAL_WINDOW_OPEN, HOME2, c -> m.net.proposals.finalizeClearing(c, SLOT));
        assertEquals("FinalizeClearing: the proposal window of slot " + SLOT + " is open until 2026-06-17T02:30:00Z; "
                + "the market time is the transaction timestamp 2026-06-17T02:05:00Z", open);
        m.net.refused(ErrorCode.PROPOSAL_WINDOW_OPEN, OPERATOR, c -> m.net.slots.clearSlot(c, SLOT));
        m.net.now = WINDOW_END.minusSeconds(1);
        m.propose(GRID_SOLVER, p);
        m.net.now = WINDOW_END;
        String late = m.net.refused(ErrorCode.PROPOSAL_WINDOW_CLOSED, RETAILER_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, p));
        assertEquals("ProposeClearing: the proposal window of slot " + SLOT + " ended at 2026-06-17T02:30:00Z; "
                + "the market time is the transaction timestamp 2026-06-17T02:30:00Z", late);
        m.net.submit(GRID_SOLVER, c -> m.net.proposals.finalizeClearing(c, SLOT));
        m.net.refused(ErrorCode.PROPOSAL_WINDOW_CLOSED, RETAILER_SOLVER, c -> m.net.proposals.proposeClearing(c, SLOT, p));
        // Finalizing again is a no-op, like ClearSlot.
        m.net.submit(OPERATOR, c -> m.net.proposals.finalizeClearing(c, SLOT));
        assertTrue(m.net.lastWrites.isEmpty());
    }

    @Test
    void twoSolversProposingInOneBlockDoNotConflict() {
        Market m = new Market().closed();
        String a = m.proposal(t(m.buy2, m.sell1, 100));
        String b = m.proposal(t(m.buyBiz, m.sell3, 100));
        m.propose(GRID_SOLVER, a);
        Set<String> writesA = m.net.lastWrites.keySet();
        Set<String> readsA = m.net.lastReads;
        List<String> rangesA = m.net.lastRanges;
        m.propose(RETAILER_SOLVER, b);
        Set<String> writesB = m.net.lastWrites.keySet();
        assertEquals(1, writesA.size());
        assertEquals(1, writesB.size());
        assertFalse(writesA.equals(writesB));
        // Both valid in one block: neither reads (by key or by range) what the other writes.
        for (String w : writesB) {
            assertFalse(readsA.contains(w), w);
            for (String range : rangesA) {
                String[] ends = range.split("\\.\\.", 2);
                assertFalse(w.compareTo(ends[0]) >= 0 && w.compareTo(ends[1]) < 0, w + " in " + range);
            }
        }
        for (String w : writesA) {
            assertFalse(m.net.lastReads.contains(w), w);
            for (String range : m.net.lastRanges) {
                String[] ends = range.split("\\.\\.", 2);
                assertFalse(w.compareTo(ends[0]) >= 0 && w.compareTo(ends[1]) < 0, w + " in " + range);
            }
        }
        assertEquals(2, m.proposals().get("proposals").size());
    }

    @Test
    void aSolverReplacesItsProposalOnlyWithABetterOne() {
        Market m = new Market().closed();
        String small = m.proposal(t(m.buy2, m.sell1, 100));
        String bigger = m.proposal(t(m.buy2, m.sell1, 500));
        m.propose(GRID_SOLVER, bigger);
        assertEquals("ProposalSubmitted", m.net.lastEvent().getEventName());
        String worse = m.net.refused(ErrorCode.PROPOSAL_NOT_BETTER, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, small));
        assertTrue(worse.contains("would not rank above it"), worse);
        m.propose(GRID_SOLVER, bigger);
        assertTrue(m.net.lastWrites.isEmpty(), "the same proposal again writes nothing");
        String best = m.proposal(t(m.buy2, m.sell1, 1800), t(m.buyBiz, m.sell1, 200), t(m.buyBiz, m.sell3, 1000));
        JsonNode replaced = m.propose(GRID_SOLVER, best);
        assertEquals(Set.of(Keys.proposal(SLOT_KEY, "GridOrgMSP", replaced.get("solver").asText())),
                m.net.lastWrites.keySet());
        JsonNode list = m.proposals().get("proposals");
        assertEquals(1, list.size());
        assertEquals(3000, list.get(0).get("score").get("volumeWh").asLong());
        // Another solver's worse proposal is kept: it competes on its own key.
        m.propose(RETAILER_SOLVER, small);
        assertEquals(2, m.proposals().get("proposals").size());
    }

    @Test
    void invalidProposalsAreRefusedWithTheEnginesCodes() {
        Market m = new Market().closed();
        String over = m.net.refused(ErrorCode.OVERFILLED, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, m.proposal(t(m.buy2, m.sell3, 1001))));
        assertEquals("order " + m.sell3 + ": field 'wh' is 1000 Wh, but the proposal's trades with this order sum to 1001 Wh", over);
        m.net.refused(ErrorCode.PROPOSAL_MISMATCH, GRID_SOLVER, c -> m.net.proposals.proposeClearing(c, SLOT,
                ProposalJson.canonical(new Proposal(SLOT, "0".repeat(64), List.of()))));
        m.net.refused(ErrorCode.WRONG_SIDE, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, m.proposal(t(m.sell1, m.sell3, 1))));
        m.net.refused(ErrorCode.UNKNOWN_ORDER, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, m.proposal(t("nobody", m.sell3, 1))));
        m.net.refused(ErrorCode.MALFORMED_INPUT, GRID_SOLVER, c -> m.net.proposals.proposeClearing(c, SLOT, "{"));
        m.net.refused(ErrorCode.OUT_OF_RANGE, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, m.proposal(t(m.buy2, m.sell3, 0))));
        // BIZ1 bids 1900, the retailer asks 2600.
        String retailerSell = null;
        try {
            retailerSell = m.input().orders().stream().filter(o -> o.price() == 2600).findFirst().orElseThrow().id();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String rs = retailerSell;
        m.net.refused(ErrorCode.INFEASIBLE_PAIR, GRID_SOLVER,
                c -> m.net.proposals.proposeClearing(c, SLOT, m.proposal(t(m.buyBiz, rs, 1))));
        m.net.refused(ErrorCode.DUPLICATE_PAIR, GRID_SOLVER, c -> m.net.proposals.proposeClearing(c, SLOT,
                "{\"slot\":\"" + SLOT + "\",\"inputDigest\":\"" + m.digest() + "\",\"trades\":[{\"buyOrderId\":\""
                        + m.buy2 + "\",\"sellOrderId\":\"" + m.sell1 + "\",\"wh\":1},{\"buyOrderId\":\"" + m.buy2
                        + "\",\"sellOrderId\":\"" + m.sell1 + "\",\"wh\":2}]}"));
        assertEquals(0, m.proposals().get("proposals").size());
    }

    @Test
    void onlySolversOfAllowedMspsMayPropose() {
        Market m = new Market("{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"proposalWindowMinutes\":30,"
                + "\"roleMsps\":{\"operator\":[\"ExchangeOrgMSP\"],\"meter\":[\"GridOrgMSP\"],\"auditor\":[\"ExchangeOrgMSP\"],"
                + "\"participant\":[\"ExchangeOrgMSP\",\"RetailerOrgMSP\"],\"retailer\":[\"RetailerOrgMSP\"],"
                + "\"aggregator\":[\"RetailerOrgMSP\"],\"solver\":[\"RetailerOrgMSP\"]}}")
                .closed();
        String p = m.proposal(t(m.buy2, m.sell1, 100));
        String forbidden = m.net.refused(ErrorCode.FORBIDDEN, GRID_SOLVER, c -> m.net.proposals.proposeClearing(c, SLOT, p));
        assertTrue(forbidden.startsWith("ProposeClearing needs role solver"), forbidden);
        m.net.refused(ErrorCode.FORBIDDEN, HOME1, c -> m.net.proposals.proposeClearing(c, SLOT, p));
        m.net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> m.net.proposals.proposeClearing(c, SLOT, p));
        m.net.refused(ErrorCode.FORBIDDEN, GRID_SOLVER, c -> m.net.proposals.getProposalBook(c, SLOT));
        m.propose(RETAILER_SOLVER, p);
    }

    @Test
    void slotsOfOtherMechanismsOrWithoutAWindowTakeNoProposals() {
        Market uniform = new Market("{}").closed();
        uniform.net.refused(ErrorCode.WRONG_MECHANISM, GRID_SOLVER,
                c -> uniform.net.proposals.proposeClearing(c, SLOT, "{}"));
        Market noWindow = new Market("{\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\"}").closed();
        String p = noWindow.proposal(t(noWindow.buy2, noWindow.sell1, 100));
        noWindow.net.refused(ErrorCode.PROPOSAL_WINDOW_CLOSED, GRID_SOLVER,
                c -> noWindow.net.proposals.proposeClearing(c, SLOT, p));
        // Without a window ClearSlot clears at once with the engine, and records the one-candidate outcome.
        noWindow.net.submit(HOME2, c -> noWindow.net.slots.clearSlot(c, SLOT));
        JsonNode outcome = noWindow.proposals().get("outcome");
        assertEquals(ProposalContract.BUILT_IN, outcome.get("winner").get("solver").asText());
        assertNull(outcome.get("runnerUp").isNull() ? null : outcome.get("runnerUp"));
    }
}
