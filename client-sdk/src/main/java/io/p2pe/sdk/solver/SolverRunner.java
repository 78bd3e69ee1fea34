package io.p2pe.sdk.solver;

import io.p2pe.market.Slot;
import io.p2pe.market.proposal.Proposal;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.EventSubscription;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peEventListener;
import io.p2pe.sdk.P2peException;
import io.p2pe.sdk.SlotEvent;
import io.p2pe.protocol.ErrorCode;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A solver that watches slots close and proposes a matching for each OPTIMAL slot while its
 * proposal window is open: on every {@code SlotClosed} event (delivered in ledger order, with
 * the checkpoint of {@link EventOptions}, so a restarted runner resumes where it stopped) it reads
 * the slot's book, asks its {@link ProposalMethod} for trades and submits them. Slots of other
 * mechanisms, or whose window has passed, are skipped; a method or ledger failure is reported to
 * the {@link Listener} and the runner carries on with the next slot.
 *
 * <pre>{@code
 * SolverRunner runner = SolverRunner.builder(connection, ProposalMethods.greedy(7))
 *         .events(EventOptions.builder().checkpointFile(Path.of("solver.checkpoint")).build())
 *         .listener(new SolverRunner.Listener() {
 *             public void onProposed(Slot slot, SubmittedProposal p) { log(slot, p.score()); }
 *         })
 *         .build();
 * runner.start();
 * }</pre>
 */
public final class SolverRunner implements AutoCloseable {
    /** Refusals that mean "nothing to do for this slot", not a failure. */
    private static final Set<ErrorCode> SKIP_CODES = EnumSet.of(ErrorCode.WRONG_MECHANISM,
            ErrorCode.PROPOSAL_WINDOW_CLOSED, ErrorCode.PROPOSAL_NOT_BETTER);

    /** What happened to each slot; called on the event thread. */
    public interface Listener {
        /** The proposal was stored. */
        default void onProposed(Slot slot, SubmittedProposal proposal) {
        }

        /** Nothing was proposed: not an OPTIMAL slot, the window has passed, or not better than before. */
        default void onSkipped(Slot slot, String reason) {
        }

        /** The method or the ledger failed for this slot. */
        default void onFailed(Slot slot, Exception failure) {
        }
    }

    private final P2peConnection connection;
    private final ProposalMethod method;
    private final EventOptions events;
    private final Listener listener;
    private EventSubscription subscription;

    private SolverRunner(Builder b) {
        this.connection = b.connection;
        this.method = b.method;
        this.events = b.events;
        this.listener = b.listener;
    }

    public static Builder builder(P2peConnection connection, ProposalMethod method) {
        return new Builder(connection, method);
    }

    public static final class Builder {
        private final P2peConnection connection;
        private final ProposalMethod method;
        private EventOptions events = EventOptions.defaults();
        private Listener listener = new Listener() {
        };

        private Builder(P2peConnection connection, ProposalMethod method) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.method = Objects.requireNonNull(method, "method");
        }

        /** Where the event stream starts and its checkpoint. */
        public Builder events(EventOptions value) {
            this.events = Objects.requireNonNull(value, "events");
            return this;
        }

        public Builder listener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public SolverRunner build() {
            return new SolverRunner(this);
        }
    }

    /**
     * Starts watching. The slot length for parsing event slots comes from the market configuration.
     *
     * @throws ConfigurationException if the checkpoint file cannot be opened
     * @throws P2peException if the market configuration cannot be read
     */
    public synchronized void start() throws P2peException {
        if (subscription != null) {
            throw new IllegalStateException("already started");
        }
        int slotLength = connection.participant().marketSettings().slotLengthMinutes();
        subscription = connection.events().subscribe(new P2peEventListener() {
            @Override
            public void onSlotClosed(SlotEvent e) {
                Slot slot = Slot.parse(e.slot(), slotLength);
                try {
                    solve(slot).ifPresent(p -> listener.onProposed(slot, p));
                } catch (EndorsementRejectedException r) {
                    if (r.errorCode().filter(SKIP_CODES::contains).isPresent()) {
                        listener.onSkipped(slot, r.getMessage());
                    } else {
                        listener.onFailed(slot, r);
                    }
                } catch (P2peException | RuntimeException failure) {
                    listener.onFailed(slot, failure);
                }
            }
        }, events);
    }

    /**
     * Proposes for one slot now: reads its book, runs the method, submits. Empty when the book is
     * closed for proposals already (not CLOSED any more).
     *
     * @throws EndorsementRejectedException the ledger's refusal (e.g. {@code WRONG_MECHANISM},
     *     {@code PROPOSAL_WINDOW_CLOSED}, or the proposal's own refusal code)
     */
    public Optional<SubmittedProposal> solve(Slot slot) throws P2peException {
        SolverClient solver = connection.solver();
        ProposalBook book = solver.book(slot);
        if (!"CLOSED".equals(book.status())) {
            return Optional.empty();
        }
        List<io.p2pe.market.proposal.ProposedTrade> trades = method.propose(book.input());
        return Optional.of(solver.propose(slot, new Proposal(book.slot(), book.inputDigest(), trades)));
    }

    /** Stops watching (the checkpoint keeps the last slot handled). */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
