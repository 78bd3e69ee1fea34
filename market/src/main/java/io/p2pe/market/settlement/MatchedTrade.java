package io.p2pe.market.settlement;

import java.util.Comparator;
import java.util.Objects;

/**
 * A cleared trade with the participants behind its orders.
 *
 * @param wh energy, Wh
 * @param price what the seller receives per kWh, ticks (0.01 JPY/kWh)
 * @param wheelingFee network fee per kWh paid by the buyer on top of {@code price}, ticks
 */
public record MatchedTrade(String buyOrderId, String sellOrderId, String buyer, String seller, long wh, long price,
                           long wheelingFee) {
    /** The order every rule that needs one uses: by buy order id, then sell order id. */
    public static final Comparator<MatchedTrade> ORDER =
            Comparator.comparing(MatchedTrade::buyOrderId).thenComparing(MatchedTrade::sellOrderId);

    public MatchedTrade {
        Objects.requireNonNull(buyOrderId, "buyOrderId");
        Objects.requireNonNull(sellOrderId, "sellOrderId");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(seller, "seller");
        if (wh <= 0) {
            throw new IllegalArgumentException("trade " + buyOrderId + "/" + sellOrderId + " has wh " + wh);
        }
    }
}
