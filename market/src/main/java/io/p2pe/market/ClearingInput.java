package io.p2pe.market;

import java.util.List;
import java.util.Objects;

/**
 * A slot's book and how to clear it; the in-memory form of the offline clearing input.
 *
 * @param slot the slot as written in the input, e.g. {@code 2026-06-17T12:00+09:00}
 * @param objective required for {@link Mechanism#OPTIMAL} only, otherwise null
 * @param wheeling null when the input has no wheeling schedule (every fee is 0)
 */
public record ClearingInput(String slot, Mechanism mechanism, Objective objective,
                            WheelingSchedule wheeling, List<Order> orders) {
    public ClearingInput {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(mechanism, "mechanism");
        orders = List.copyOf(Objects.requireNonNull(orders, "orders"));
    }

    /** The schedule in force: the given one, or {@link WheelingSchedule#FREE}. */
    public WheelingSchedule effectiveWheeling() {
        return wheeling == null ? WheelingSchedule.FREE : wheeling;
    }
}
