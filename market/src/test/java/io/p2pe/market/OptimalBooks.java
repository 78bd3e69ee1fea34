package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random books with locations and wheeling schedules for the OPTIMAL property tests: locations of
 * different depths sharing prefixes (including none), schedules that rise with distance, that
 * fall somewhere, or no schedule; prices narrow enough that fees decide which pairs are feasible
 * and zero-surplus pairs are common.
 */
final class OptimalBooks {
    private OptimalBooks() {
    }

    /** A book and its schedule ({@code wheeling} null: no schedule). */
    record Case(WheelingSchedule wheeling, List<Order> orders) {
        WheelingSchedule effectiveWheeling() {
            return wheeling == null ? WheelingSchedule.FREE : wheeling;
        }

        ClearingInput input(Objective objective) {
            return new ClearingInput(Books.SLOT, Mechanism.OPTIMAL, objective, wheeling, orders);
        }

        Book book() {
            return new Book(Books.SLOT, effectiveWheeling(), orders);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("levels=" + (wheeling == null ? "none" : wheeling.levels()));
            for (Order o : orders) {
                sb.append("\n  ").append(o.id()).append(' ').append(o.side()).append(" wh=").append(o.wh())
                        .append(" price=").append(o.price()).append(" at '").append(o.location()).append('\'');
            }
            return sb.toString();
        }
    }

    private record Spec(Side side, long wh, long price, String location) {
    }

    static final List<String> LOCATIONS = List.of("", "tokyo", "tokyo/setagaya", "tokyo/setagaya/seijo/feeder-3",
            "tokyo/setagaya/seijo/feeder-4", "tokyo/setagaya/kita/feeder-1", "tokyo/minato/feeder-1", "osaka/kita",
            "osaka/kita/feeder-1");

    static Arbitrary<WheelingSchedule> schedules() {
        Arbitrary<Long> fee = Arbitraries.of(0L, 1L, 2L, 3L, 5L);
        Arbitrary<WheelingSchedule> rising = fee.list().ofMinSize(1).ofMaxSize(5).map(steps -> {
            List<Long> levels = new ArrayList<>();
            long sum = 0;
            for (long s : steps) {
                sum += s;
                levels.add(sum);
            }
            return new WheelingSchedule(levels);
        });
        Arbitrary<WheelingSchedule> any = Arbitraries.longs().between(0, 8).list().ofMinSize(1).ofMaxSize(5)
                .map(WheelingSchedule::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, rising),
                net.jqwik.api.Tuple.of(3, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    }

    /** Books of up to {@code maxPerSide} orders a side with Wh in {@code [1, maxWh]}. */
    static Arbitrary<Case> cases(int maxPerSide, long maxWh) {
        return cases(maxPerSide, maxWh, -2, 12, -4, 8);
    }

    /** As {@link #cases(int, long)} with BUY and SELL limits in the given ranges. */
    static Arbitrary<Case> cases(int maxPerSide, long maxWh, long buyLow, long buyHigh, long sellLow, long sellHigh) {
        Arbitrary<Long> wh = maxWh <= 12 ? Arbitraries.longs().between(1, maxWh)
                : Arbitraries.oneOf(Arbitraries.longs().between(1, 12), Arbitraries.longs().between(1, maxWh),
                        Arbitraries.just(maxWh));
        Arbitrary<Spec> buy = Combinators.combine(wh, Arbitraries.longs().between(buyLow, buyHigh), Arbitraries.of(LOCATIONS))
                .as((w, p, l) -> new Spec(Side.BUY, w, p, l));
        Arbitrary<Spec> sell = Combinators.combine(wh, Arbitraries.longs().between(sellLow, sellHigh), Arbitraries.of(LOCATIONS))
                .as((w, p, l) -> new Spec(Side.SELL, w, p, l));
        return Combinators.combine(schedules(), buy.list().ofMaxSize(maxPerSide), sell.list().ofMaxSize(maxPerSide))
                .as((schedule, buys, sells) -> {
                    List<Spec> specs = new ArrayList<>(buys);
                    specs.addAll(sells);
                    List<Order> orders = new ArrayList<>();
                    for (int k = 0; k < specs.size(); k++) {
                        Spec s = specs.get(k);
                        String participant = "p:" + s.side().name().toLowerCase(Locale.ROOT) + "-" + k;
                        orders.add(new Order("o" + k, participant, s.side(), s.wh(), s.price(),
                                GridLocation.parse(s.location())));
                    }
                    return new Case(schedule, orders);
                });
    }
}
