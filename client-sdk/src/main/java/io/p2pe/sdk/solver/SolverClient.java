package io.p2pe.sdk.solver;

import io.p2pe.market.Slot;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.P2peException;

/**
 * A solver's transactions (role {@code solver}): read a closed OPTIMAL slot's book, propose a
 * matching during the slot's proposal window, list the slot's proposals, finalize it afterwards.
 * Obtain it with {@link io.p2pe.sdk.P2peConnection#solver()}.
 *
 * <pre>{@code
 * SolverClient solver = connection.solver();
 * ProposalBook book = solver.book(slot);
 * List<ProposedTrade> trades = method.propose(book.input());
 * SubmittedProposal mine = solver.propose(slot, new Proposal(book.slot(), book.inputDigest(), trades));
 * }</pre>
 */
public interface SolverClient {

    /**
     * The slot's book.
     *
     * @throws io.p2pe.sdk.EndorsementRejectedException {@code SLOT_OPEN} before it is closed,
     *     {@code WRONG_MECHANISM} for a slot that is not OPTIMAL
     */
    ProposalBook book(Slot slot) throws P2peException;

    /**
     * Proposes (or improves) the connected solver's matching for the slot.
     *
     * @throws io.p2pe.sdk.EndorsementRejectedException with the proposal's refusal code
     *     ({@code OVERFILLED}, {@code INFEASIBLE_PAIR}, …), {@code PROPOSAL_WINDOW_CLOSED}, or
     *     {@code PROPOSAL_NOT_BETTER} when it does not rank above the solver's stored one
     */
    SubmittedProposal propose(Slot slot, Proposal proposal) throws P2peException;

    /** The slot's proposals and, once finalized, the outcome. */
    SlotProposals proposals(Slot slot) throws P2peException;

    /**
     * Finalizes the slot after its window: the best proposal or the engine's result becomes its
     * clearing. Like {@link io.p2pe.sdk.OperatorClient#clearSlot} it then publishes the rest of the
     * result's pieces and reads the clearing back. Repeating it returns the stored result.
     *
     * @throws io.p2pe.sdk.EndorsementRejectedException {@code PROPOSAL_WINDOW_OPEN} before the window ended
     */
    ClearingRecord finalizeClearing(Slot slot) throws P2peException;
}
