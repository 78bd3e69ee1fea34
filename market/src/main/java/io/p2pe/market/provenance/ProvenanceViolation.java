package io.p2pe.market.provenance;

/** An attribution that breaks the no-double-counting invariant; the message names the participant. */
public final class ProvenanceViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final String participant;

    public ProvenanceViolation(String participant, String message) {
        super(message);
        this.participant = participant;
    }

    public String participant() {
        return participant;
    }
}
