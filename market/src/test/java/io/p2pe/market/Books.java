package io.p2pe.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders for test books. */
final class Books {
    static final String SLOT = "2026-06-17T12:00+09:00";

    private Books() {
    }

    static Order buy(String id, long wh, long price) {
        return new Order(id, "p-" + id, Side.BUY, wh, price, GridLocation.NONE);
    }

    static Order sell(String id, long wh, long price) {
        return new Order(id, "p-" + id, Side.SELL, wh, price, GridLocation.NONE);
    }

    static ClearingInput input(Mechanism mechanism, Order... orders) {
        return new ClearingInput(SLOT, mechanism, null, null, Arrays.asList(orders));
    }

    static ClearingInput input(Mechanism mechanism, List<Order> orders) {
        return new ClearingInput(SLOT, mechanism, null, null, orders);
    }

    static Book book(List<Order> orders) {
        return new Book(SLOT, WheelingSchedule.FREE, orders);
    }

    static ClearingResult clear(Mechanism mechanism, Order... orders) {
        try {
            return Clearing.clear(input(mechanism, orders));
        } catch (InvalidInputException e) {
            throw new AssertionError(e);
        }
    }

    static long filled(ClearingResult result, String orderId) {
        return result.fills().stream().filter(f -> f.orderId().equals(orderId)).findFirst()
                .orElseThrow().filledWh();
    }

    static String key(String id) {
        return TieBreak.key(SLOT, id);
    }

    /** Ids sorted by tie-break key, smallest first. */
    static List<String> byKey(String... ids) {
        List<String> sorted = new ArrayList<>(Arrays.asList(ids));
        sorted.sort((a, b) -> key(a).compareTo(key(b)));
        return sorted;
    }
}
