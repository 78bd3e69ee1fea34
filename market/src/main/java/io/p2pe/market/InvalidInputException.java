package io.p2pe.market;

import java.util.Objects;

/**
 * Input refused by the market rules. The message is one line naming the order id (when the
 * problem is in an order) and the field, e.g. {@code order b1: field 'wh' must be between 1 and
 * 1000000000, got 0}. The chaincode and the offline CLI report identical messages.
 */
public final class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final MarketErrorCode code;
    private final String orderId;
    private final String field;

    public InvalidInputException(MarketErrorCode code, String orderId, String field, String problem) {
        this(format(orderId, field, problem), code, orderId, field);
    }

    private InvalidInputException(String message, MarketErrorCode code, String orderId, String field) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.orderId = orderId;
        this.field = field;
    }

    /**
     * A refusal of one trade of a proposal: {@code trade 3 (buy "b1", sell "s2"): field 'wh' must
     * be at least 1, got 0}; {@code index} is the trade's position in the proposal as given, the
     * ids are quoted because they need not be valid ids, {@link #field()} is {@code trades[3].wh}.
     */
    public static InvalidInputException inTrade(MarketErrorCode code, int index, String buyOrderId,
                                                String sellOrderId, String field, String problem) {
        String message = "trade " + index + " (buy " + MessageText.quote(buyOrderId) + ", sell "
                + MessageText.quote(sellOrderId) + "): field '" + field + "' " + problem;
        return new InvalidInputException(message, code, null, "trades[" + index + "]." + field);
    }

    private static String format(String orderId, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (orderId != null) {
            sb.append("order ").append(orderId).append(": ");
        }
        if (field != null) {
            sb.append("field '").append(field).append("' ");
        }
        sb.append(problem);
        return sb.toString();
    }

    public MarketErrorCode code() {
        return code;
    }

    /** The id of the offending order, or null when the problem is not in one order. */
    public String orderId() {
        return orderId;
    }

    /** The offending field (e.g. {@code wh}, {@code wheeling.levels}), or null. */
    public String field() {
        return field;
    }
}
