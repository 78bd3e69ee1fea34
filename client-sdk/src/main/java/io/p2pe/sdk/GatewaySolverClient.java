package io.p2pe.sdk;

import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Slot;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.market.proposal.ProposalJson;
import io.p2pe.sdk.solver.ProposalBook;
import io.p2pe.sdk.solver.SlotProposals;
import io.p2pe.sdk.solver.SolverClient;
import io.p2pe.sdk.solver.SubmittedProposal;
import java.time.Instant;
import java.util.Objects;

final class GatewaySolverClient implements SolverClient {
    private final ClientSupport support;

    GatewaySolverClient(ClientSupport support) {
        this.support = support;
    }

    /** GetProposalBook's answer; the input text is parsed into the engine's type. */
    record BookJson(String slot, String status, String windowEnds, String inputDigest, String input) {
    }

    @Override
    public ProposalBook book(Slot slot) throws P2peException {
        BookJson b = support.evaluate(BookJson.class, "proposal", "GetProposalBook", slot.toString());
        try {
            return new ProposalBook(b.slot(), b.status(), Instant.parse(b.windowEnds()), b.inputDigest(),
                    MarketJson.readInput(b.input()));
        } catch (InvalidInputException e) {
            throw new UnexpectedResponseException("proposal:GetProposalBook returned a book the engine cannot read: "
                    + e.getMessage(), null, e);
        }
    }

    @Override
    public SubmittedProposal propose(Slot slot, Proposal proposal) throws P2peException {
        Objects.requireNonNull(proposal, "proposal");
        // Proposing the same proposal again is a no-op in the chaincode, so a retry is harmless.
        return support.submit(SubmittedProposal.class, Ledger.Idempotency.IDEMPOTENT, "proposal", "ProposeClearing",
                slot.toString(), ProposalJson.canonical(proposal));
    }

    @Override
    public SlotProposals proposals(Slot slot) throws P2peException {
        return support.evaluate(SlotProposals.class, "proposal", "GetProposals", slot.toString());
    }

    @Override
    public ClearingRecord finalizeClearing(Slot slot) throws P2peException {
        return ClearingPublication.complete(support, support.submit(io.p2pe.protocol.SlotState.class,
                Ledger.Idempotency.IDEMPOTENT, "proposal", "FinalizeClearing", slot.toString()));
    }
}
