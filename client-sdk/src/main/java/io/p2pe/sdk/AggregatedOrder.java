package io.p2pe.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One order of an {@link OrderBatch}: the household it belongs to and the order itself. The
 * ledger stores it as the household's own order, exactly as if the household had placed it.
 *
 * @param participant the household's participant id, {@code <MSP id>:<local id>}; it must have
 *     authorised the submitting aggregator ({@link ParticipantClient#authorizeAggregator})
 * @param order the order; its {@code clientOrderId} is unique per household
 */
public record AggregatedOrder(String participant, OrderRequest order) {
    private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}:[A-Za-z0-9._-]{1,48}");

    public AggregatedOrder {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(order, "order");
        if (!PARTICIPANT_ID.matcher(participant).matches()) {
            throw new IllegalArgumentException("field 'participant' must be <MSP id>:<local id>, got \"" + participant
                    + "\"");
        }
    }
}
