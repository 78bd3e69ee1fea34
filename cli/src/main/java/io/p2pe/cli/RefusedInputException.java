package io.p2pe.cli;

/**
 * Input the command cannot use, found at the CLI's edge (e.g. an unreadable file). Like
 * {@link io.p2pe.market.InvalidInputException} it exits with status 2 and one stderr line, so
 * its message must be one line.
 */
public final class RefusedInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedInputException(String message) {
        super(message);
    }
}
