package io.p2pe.market;

import java.util.Objects;

/**
 * One limit order in a slot's book.
 *
 * @param id unique in the slot, 1–64 chars of {@code [A-Za-z0-9._:/-]}
 * @param participant the owner
 * @param side BUY or SELL
 * @param wh energy in watt-hours, 1 … 1,000,000,000
 * @param price limit in ticks of 0.01 JPY/kWh (BUY: most it pays all-in; SELL: least it accepts
 *     net), −1,000,000 … 10,000,000
 * @param location grid location, {@link GridLocation#NONE} when not given
 */
public record Order(String id, String participant, Side side, long wh, long price, GridLocation location) {
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(side, "side");
        location = location == null ? GridLocation.NONE : location;
    }
}
