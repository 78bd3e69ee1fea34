package io.p2pe.market;

import java.util.List;

/**
 * One way of clearing a validated book. Implementations are deterministic: the result depends
 * only on the book's contents (never on input order or hash iteration). Fills, volume and surplus
 * are derived from the trades by {@link Clearing}, so they always agree.
 */
public interface ClearingMechanism {

    /** The trades chosen and, for a uniform-price mechanism, the price. */
    record Outcome(Long clearingPrice, List<Trade> trades) {
        public Outcome {
            trades = List.copyOf(trades);
        }
    }

    Outcome clear(Book book);
}
