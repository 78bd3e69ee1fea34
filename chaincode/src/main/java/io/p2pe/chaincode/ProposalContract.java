package io.p2pe.chaincode;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Slot;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.Ranking;
import io.p2pe.market.proposal.Score;
import io.p2pe.market.proposal.ScoredProposal;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.SlotState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Proposal-based clearing of OPTIMAL slots (docs/market-rules.md "Proposals", docs/chaincode.md).
 * From the slot's closing until {@code proposalWindowMinutes} after its gate closure (market time),
 * identities with the {@code solver} role propose matchings for the slot's main book; each is
 * checked and scored exactly against the closed book and kept under the solver's own key, so
 * solvers never conflict, and a solver may replace its proposal only with a better one. After the
 * window {@code FinalizeClearing} (or {@code slot:ClearSlot}, the same transaction) re-scores every
 * proposal together with the engine's own result, and the best wins (ties by the draw key).
 */
@Contract(name = Contracts.Proposal.NAME, info = @Info(title = "p2pe proposal-based clearing", version = "1.0.0"))
public final class ProposalContract extends P2peContract {
    /** The label of the engine's own result among the candidates. */
    static final String BUILT_IN = "built-in";

    /** A score as stored and returned: {@code minSurplusRate} as {@code "7/3"} or null. */
    public record ScoreView(String objective, String minSurplusRate, long surplus, long volumeWh) {
        static ScoreView of(Score s) {
            return new ScoreView(s.objective().name(), s.minSurplusRate() == null ? null : s.minSurplusRate().toString(),
                    s.surplus(), s.volumeWh());
        }
    }

    /**
     * A solver's proposal for a slot, under {@code proposal~<slot>~<msp>~<client id>}.
     *
     * @param proposal the canonical text (docs/market-rules.md); its SHA-256 is {@code proposalDigest}
     */
    public record ProposalRecord(String slot, String slotKey, String solver, String solverMsp, String inputDigest,
                                 String proposalDigest, String drawKey, ScoreView score, int tradeCount,
                                 String submittedAt, String txId, String proposal) {
        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slot", slot);
            m.put("solver", solver);
            m.put("solverMsp", solverMsp);
            m.put("inputDigest", inputDigest);
            m.put("proposalDigest", proposalDigest);
            m.put("drawKey", drawKey);
            m.put("score", score);
            m.put("tradeCount", tradeCount);
            m.put("submittedAt", submittedAt);
            m.put("txId", txId);
            return m;
        }
    }

    /** One candidate of a finalized competition; {@code solver} is {@value #BUILT_IN} for the engine. */
    public record Entry(String solver, String solverMsp, String proposalDigest, String drawKey, ScoreView score,
                        int tradeCount) {
    }

    /**
     * The outcome of a slot's competition, under {@code proposaloutcome~<slot>}.
     *
     * @param builtIn the engine's own candidate, null when the engine refused the book (then
     *     {@code builtInRefusal} says why, e.g. BEYOND_LIMITS)
     * @param runnerUp the second-ranked candidate, null when there was only one
     */
    public record Outcome(String slot, String segment, String inputDigest, int candidates, Entry winner, Entry runnerUp,
                          Entry builtIn, String builtInRefusal, String finalizedAt, String txId) {
        Map<String, Object> eventSummary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidates", candidates);
            m.put("winner", winner.solver());
            m.put("winnerMsp", winner.solverMsp());
            m.put("winnerScore", winner.score());
            m.put("runnerUpScore", runnerUp == null ? null : runnerUp.score());
            m.put("builtInScore", builtIn == null ? null : builtIn.score());
            return m;
        }
    }

    /** The main segment's result and the competition that chose it. */
    record Competition(ClearingResult result, Outcome outcome) {
    }

    /**
     * Submits or improves the caller's proposal for a closed OPTIMAL slot, during its window.
     * Reads the slot, the clock, the slot's orders and the caller's own proposal key; writes only
     * that key. Proposing the same proposal again returns the stored record and writes nothing.
     *
     * @param proposal {@code {"slot", "inputDigest", "trades": [{"buyOrderId", "sellOrderId", "wh"}]}}
     * @return the stored record without the proposal text
     */
    @Transaction(name = Contracts.Proposal.PROPOSE_CLEARING, intent = Transaction.TYPE.SUBMIT)
    public String proposeClearing(Context ctx, String slot, String proposal) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.has(Role.SOLVER, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "ProposeClearing needs role solver (from an MSP the config allows for it); "
                    + "caller is " + caller.describe());
        }
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = requireProposable(stub, config, s, "ProposeClearing");
        ProposalScorer scorer = scorer(mainBook(stub, state, config, "ProposeClearing"));
        ScoredProposal scored;
        try {
            Proposal parsed = ProposalJson.read(proposal);
            scored = scorer.score(parsed);
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
        String key = Keys.proposal(s.sortKey(), caller.mspId(), caller.clientId());
        ProposalRecord existing = Ledger.get(stub, key, ProposalRecord.class);
        if (existing != null) {
            if (existing.proposalDigest().equals(scored.proposalDigest())) {
                return Json.write(existing.summary());
            }
            ScoredProposal previous = rescore(scorer, existing);
            if (Ranking.BEST_FIRST.compare(scored, previous) >= 0) {
                throw Refusal.of(ErrorCode.PROPOSAL_NOT_BETTER, "ProposeClearing: the caller's proposal for slot " + slot
                        + " scores " + Json.write(existing.score()) + "; the new one scores "
                        + Json.write(ScoreView.of(scored.score())) + " and would not rank above it"
                        + " (a solver may only replace its proposal with a better one)");
            }
        }
        ProposalRecord record = new ProposalRecord(state.slot(), s.sortKey(), caller.clientId(), caller.mspId(),
                scorer.inputDigest(), scored.proposalDigest(), scored.drawKey(), ScoreView.of(scored.score()),
                scored.trades().size(), Tx.timestamp(stub), stub.getTxId(), ProposalJson.canonical(scored.proposal()));
        Ledger.put(stub, key, record);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("slot", record.slot());
        event.put("solverMsp", record.solverMsp());
        event.put("proposalDigest", record.proposalDigest());
        event.put("score", record.score());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.PROPOSAL_SUBMITTED, event);
        return Json.write(record.summary());
    }

    /**
     * Finalizes an OPTIMAL slot after its proposal window: the same transaction as
     * {@code slot:ClearSlot}, by the same callers (operator, participant/retailer, solver).
     *
     * @return as {@code slot:GetClearingResult}
     */
    @Transaction(name = Contracts.Proposal.FINALIZE_CLEARING, intent = Transaction.TYPE.SUBMIT)
    public String finalizeClearing(Context ctx, String slot) {
        return SlotContract.clear(ctx, slot, "FinalizeClearing");
    }

    /**
     * The book proposals for a closed OPTIMAL slot are scored against (its main segment), for
     * solvers, the operator and auditors: {@code {"slot", "status", "windowEnds", "inputDigest",
     * "input"}}, {@code input} being the canonical clearing input text ({@code p2pe market clear}
     * and {@code p2pe market score} read it).
     */
    @Transaction(name = Contracts.Proposal.GET_PROPOSAL_BOOK, intent = Transaction.TYPE.EVALUATE)
    public String getProposalBook(Context ctx, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.has(Role.SOLVER, config) && !caller.isOverseer(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetProposalBook is for solvers, the operator and auditors; caller is "
                    + caller.describe());
        }
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = requireOptimalClosed(stub, s, "GetProposalBook");
        ClearingInput main = mainBook(stub, state, config, "GetProposalBook");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("slot", state.slot());
        out.put("status", state.status());
        out.put("windowEnds", Slots.iso(windowEnd(state)));
        out.put("inputDigest", MarketJson.inputDigest(main));
        out.put("input", MarketJson.writeInput(main));
        return Json.write(out);
    }

    /**
     * A slot's proposals with their scores, and the competition's outcome once finalized, for audit:
     * {@code {"slot", "status", "windowEnds", "proposals": [...], "outcome": {...} | null}}. Any
     * caller with an accepted role.
     */
    @Transaction(name = Contracts.Proposal.GET_PROPOSALS, intent = Transaction.TYPE.EVALUATE)
    public String getProposals(Context ctx, String slot) {
        ChaincodeStub stub = ctx.getStub();
        Caller caller = Caller.of(ctx);
        MarketConfig config = ConfigContract.require(stub);
        if (!caller.hasAcceptedRole(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "GetProposals needs a p2pe role; caller is " + caller.describe());
        }
        Slot s = Slots.parse(slot, config, "slot");
        SlotState state = requireOptimalClosed(stub, s, "GetProposals");
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (ProposalRecord r : Ledger.all(stub, Keys.prefix(Keys.PROPOSAL, s.sortKey()), ProposalRecord.class, config,
                "GetProposals", "the proposals of slot " + state.slot())) {
            proposals.add(r.summary());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("slot", state.slot());
        out.put("status", state.status());
        out.put("windowEnds", Slots.iso(windowEnd(state)));
        out.put("proposals", proposals);
        out.put("outcome", Ledger.get(stub, Keys.proposalOutcome(s.sortKey()), Outcome.class));
        return Json.write(out);
    }

    // ------------------------------------------------------------------ rules shared with ClearSlot

    /** Gate closure plus the slot's proposal window (frozen in its terms at closing). */
    static Instant windowEnd(SlotState state) {
        return Instant.parse(state.gateClosure()).plusSeconds(60L * state.terms().proposalWindow());
    }

    /** Finalizing an OPTIMAL slot with a proposal window waits for the window's end (market time). */
    static void requireWindowEnded(ChaincodeStub stub, MarketConfig config, SlotState state, String tx) {
        if (state.terms().mechanism() != Mechanism.OPTIMAL || state.terms().proposalWindow() == 0) {
            return;
        }
        MarketTime now = MarketTime.now(stub, config, tx);
        Instant end = windowEnd(state);
        if (now.isBefore(end)) {
            throw Refusal.of(ErrorCode.PROPOSAL_WINDOW_OPEN, tx + ": the proposal window of slot " + state.slot()
                    + " is open until " + Slots.iso(end) + "; the market time is " + now);
        }
    }

    private static SlotState requireOptimalClosed(ChaincodeStub stub, Slot s, String tx) {
        SlotState state = SlotContract.state(stub, s.sortKey());
        if (state == null) {
            throw Refusal.of(ErrorCode.SLOT_OPEN, tx + ": slot " + s + " is not closed yet (slot:CloseSlot closes it)");
        }
        if (state.terms().mechanism() != Mechanism.OPTIMAL) {
            throw Refusal.of(ErrorCode.WRONG_MECHANISM, tx + ": slot " + s + " is cleared by " + state.terms().mechanism()
                    + "; only OPTIMAL slots take proposals");
        }
        return state;
    }

    private static SlotState requireProposable(ChaincodeStub stub, MarketConfig config, Slot s, String tx) {
        SlotState state = requireOptimalClosed(stub, s, tx);
        if (state.status() != SlotState.Status.CLOSED) {
            throw Refusal.of(ErrorCode.PROPOSAL_WINDOW_CLOSED, tx + ": slot " + s + " is " + state.status()
                    + " already; proposals are taken only while it is CLOSED");
        }
        if (state.terms().proposalWindow() == 0) {
            throw Refusal.of(ErrorCode.PROPOSAL_WINDOW_CLOSED, tx + ": slot " + s + " was closed with no proposal window "
                    + "(proposalWindowMinutes 0)");
        }
        MarketTime now = MarketTime.now(stub, config, tx);
        Instant end = windowEnd(state);
        if (!now.isBefore(end)) {
            throw Refusal.of(ErrorCode.PROPOSAL_WINDOW_CLOSED, tx + ": the proposal window of slot " + s + " ended at "
                    + Slots.iso(end) + "; the market time is " + now);
        }
        return state;
    }

    /** The slot's main book, the one proposals compete for. */
    static ClearingInput mainBook(ChaincodeStub stub, SlotState state, MarketConfig config, String tx) {
        return SlotContract.books(state, SlotContract.openOrders(stub, state, config, tx)).main();
    }

    private static ProposalScorer scorer(ClearingInput main) {
        try {
            return ProposalScorer.of(main);
        } catch (InvalidInputException e) {
            throw Refusal.of(e);
        }
    }

    /** A stored proposal scored again against the book; it was valid when stored and the book is frozen. */
    private static ScoredProposal rescore(ProposalScorer scorer, ProposalRecord r) {
        try {
            return scorer.score(ProposalJson.read(r.proposal()));
        } catch (InvalidInputException e) {
            throw Refusal.of(ErrorCode.INVARIANT_VIOLATION, "stored proposal " + r.proposalDigest() + " of " + r.solverMsp()
                    + " no longer scores against slot " + r.slot() + "'s frozen book: " + e.getMessage());
        }
    }

    private record Candidate(String solver, String solverMsp, ScoredProposal scored) {
        Entry entry() {
            return new Entry(solver, solverMsp, scored.proposalDigest(), scored.drawKey(), ScoreView.of(scored.score()),
                    scored.trades().size());
        }
    }

    /**
     * The main book's result: every stored proposal re-scored, with the engine's own result
     * competing; the best by score, then the smallest draw key. When the engine refuses the book
     * as beyond its limits (BEYOND_LIMITS) the proposals still compete; with none, the refusal stands.
     */
    static Competition compete(ChaincodeStub stub, SlotState state, ClearingInput main, MarketConfig config, String tx) {
        ProposalScorer scorer = scorer(main);
        List<Candidate> candidates = new ArrayList<>();
        Entry builtIn = null;
        String builtInRefusal = null;
        InvalidInputException refusal = null;
        try {
            ScoredProposal engine = scorer.score(Clearing.clear(main));
            Candidate c = new Candidate(BUILT_IN, null, engine);
            candidates.add(c);
            builtIn = c.entry();
        } catch (InvalidInputException e) {
            if (e.code() != MarketErrorCode.BEYOND_LIMITS) {
                throw Refusal.of(e);
            }
            refusal = e;
            builtInRefusal = e.getMessage();
        }
        for (ProposalRecord r : Ledger.all(stub, Keys.prefix(Keys.PROPOSAL, state.slotKey()), ProposalRecord.class, config,
                tx, "the proposals of slot " + state.slot())) {
            candidates.add(new Candidate(r.solver(), r.solverMsp(), rescore(scorer, r)));
        }
        if (candidates.isEmpty()) {
            throw Refusal.of(refusal);
        }
        candidates.sort((a, b) -> Ranking.BEST_FIRST.compare(a.scored(), b.scored()));
        Candidate winner = candidates.get(0);
        Outcome outcome = new Outcome(state.slot(), SlotContract.SEGMENT_MAIN, scorer.inputDigest(), candidates.size(),
                winner.entry(), candidates.size() > 1 ? candidates.get(1).entry() : null, builtIn, builtInRefusal,
                Tx.timestamp(stub), stub.getTxId());
        return new Competition(scorer.result(winner.scored()), outcome);
    }
}
