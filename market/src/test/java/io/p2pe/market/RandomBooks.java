package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random valid books for property tests: many ties (narrow prices, small Wh, shared participants
 * on one side), sometimes huge Wh and wide or negative prices.
 */
final class RandomBooks {
    private RandomBooks() {
    }

    private record Spec(Side side, long wh, long price, int participant, String location) {
    }

    static Arbitrary<List<Order>> books() {
        return Arbitraries.oneOf(books(narrowPrices(), 30), books(widePrices(), 30));
    }

    private static Arbitrary<Long> narrowPrices() {
        return Arbitraries.longs().between(-15, 15);
    }

    private static Arbitrary<Long> widePrices() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(InputValidator.MIN_PRICE, InputValidator.MAX_PRICE),
                Arbitraries.of(InputValidator.MIN_PRICE, InputValidator.MAX_PRICE, 0L, -1L, 1L));
    }

    private static Arbitrary<Long> volumes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, 12)),
                Tuple.of(2, Arbitraries.longs().between(1, 10_000)),
                Tuple.of(1, Arbitraries.longs().between(InputValidator.MAX_WH - 5, InputValidator.MAX_WH)));
    }

    private static Arbitrary<String> locations() {
        return Arbitraries.of("", "tokyo", "tokyo/setagaya", "tokyo/setagaya/seijo/feeder-3",
                "tokyo/setagaya/seijo/feeder-4", "tokyo/minato/feeder-1", "osaka/kita");
    }

    private static Arbitrary<List<Order>> books(Arbitrary<Long> prices, int maxOrders) {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.of(Side.class), volumes(), prices,
                Arbitraries.integers().between(0, 3), locations()).as(Spec::new);
        return spec.list().ofMaxSize(maxOrders).map(RandomBooks::toOrders);
    }

    private static List<Order> toOrders(List<Spec> specs) {
        List<Order> orders = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            // A participant name carries its side, so the book never has both sides for one.
            String participant = "RetailerMSP:" + s.side().name().toLowerCase(Locale.ROOT) + "-" + s.participant();
            orders.add(new Order("o" + i, participant, s.side(), s.wh(), s.price(), GridLocation.parse(s.location())));
        }
        return orders;
    }
}
