package io.p2pe.market.proposal;

import io.p2pe.market.ClearingInput;
import io.p2pe.market.GridLocation;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.WheelingSchedule;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random OPTIMAL books for the proposal properties: locations of different depths sharing
 * prefixes, schedules that rise or fall with distance (or none), prices narrow enough that fees
 * decide feasibility. Participants carry their side, so books are always valid.
 */
final class ProposalBooks {
    static final String SLOT = "2026-06-17T12:00+09:00";
    static final List<String> LOCATIONS = List.of("", "tokyo", "tokyo/setagaya", "tokyo/setagaya/seijo/feeder-3",
            "tokyo/setagaya/seijo/feeder-4", "tokyo/minato/feeder-1", "osaka/kita");

    private ProposalBooks() {
    }

    private record Spec(Side side, long wh, long price, int participant, String location) {
    }

    static Arbitrary<WheelingSchedule> schedules() {
        return Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.of(0L, 1L, 2L, 3L, 5L).list().ofMinSize(1).ofMaxSize(5).map(WheelingSchedule::new));
    }

    /** Books of up to {@code maxOrders} orders with Wh in {@code 1..maxWh}. */
    static Arbitrary<ClearingInput> books(int maxOrders, long maxWh, Objective objective) {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.of(Side.class), Arbitraries.longs().between(1, maxWh),
                Arbitraries.longs().between(-4, 8), Arbitraries.integers().between(0, 4),
                Arbitraries.of(LOCATIONS)).as(Spec::new);
        return Combinators.combine(schedules(), spec.list().ofMaxSize(maxOrders))
                .as((wheeling, specs) -> new ClearingInput(SLOT, Mechanism.OPTIMAL, objective, wheeling, orders(specs)));
    }

    private static List<Order> orders(List<Spec> specs) {
        List<Order> orders = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) {
            Spec s = specs.get(k);
            String participant = (s.side() == Side.BUY ? "home-" : "pv-") + s.participant();
            orders.add(new Order((s.side() == Side.BUY ? "b" : "s") + k, participant, s.side(), s.wh(), s.price(),
                    GridLocation.parse(s.location())));
        }
        return orders;
    }
}
