package io.p2pe.sdk;

import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An order to place in one slot. {@code clientOrderId} makes submission idempotent: submitting
 * the same request again (after a timeout, a crash, a retry) returns the order already placed and
 * never creates a second one. Reusing an id with different content is refused
 * ({@code DUPLICATE_CLIENT_ORDER_ID}).
 *
 * <pre>{@code
 * OrderRequest sell = OrderRequest.sell("pv-20260617T0300Z-0", slot, 2_000, 1_200)
 *         .withSourceType("solar");
 * OrderRequest buy = OrderRequest.buy("ev-20260617T0300Z-0", slot, 1_500, 2_150)
 *         .withRenewableOnly(true);
 * }</pre>
 *
 * @param clientOrderId 1–64 characters of {@code [A-Za-z0-9._:-]}, unique per participant
 * @param slot the delivery slot
 * @param side BUY or SELL
 * @param wh energy, 1 … 1,000,000,000 Wh
 * @param price limit in ticks of 0.01 JPY/kWh (BUY: most it pays all-in, SELL: least it accepts)
 * @param sourceType for a SELL, the generation source (e.g. {@code solar}); null when not stated
 * @param renewableOnly for a BUY, accept only renewable sources
 */
public record OrderRequest(String clientOrderId, Slot slot, Side side, long wh, long price, String sourceType,
                           boolean renewableOnly) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public OrderRequest {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(side, "side");
        if (!ID.matcher(clientOrderId).matches()) {
            throw new IllegalArgumentException("field 'clientOrderId' must be 1-64 characters of [A-Za-z0-9._:-], got \""
                    + clientOrderId + "\"");
        }
        if (wh < 1 || wh > 1_000_000_000L) {
            throw new IllegalArgumentException("field 'wh' must be between 1 and 1000000000, got " + wh);
        }
        if (price < -1_000_000L || price > 10_000_000L) {
            throw new IllegalArgumentException("field 'price' must be between -1000000 and 10000000, got " + price);
        }
    }

    /** A BUY of {@code wh} at most {@code price} ticks per kWh. */
    public static OrderRequest buy(String clientOrderId, Slot slot, long wh, long price) {
        return new OrderRequest(clientOrderId, slot, Side.BUY, wh, price, null, false);
    }

    /** A SELL of {@code wh} at least {@code price} ticks per kWh. */
    public static OrderRequest sell(String clientOrderId, Slot slot, long wh, long price) {
        return new OrderRequest(clientOrderId, slot, Side.SELL, wh, price, null, false);
    }

    /** This order stating its generation source (for a SELL). */
    public OrderRequest withSourceType(String value) {
        return new OrderRequest(clientOrderId, slot, side, wh, price, Objects.requireNonNull(value, "sourceType"),
                renewableOnly);
    }

    /** This order accepting only renewable sources, or any (for a BUY). */
    public OrderRequest withRenewableOnly(boolean value) {
        return new OrderRequest(clientOrderId, slot, side, wh, price, sourceType, value);
    }
}
