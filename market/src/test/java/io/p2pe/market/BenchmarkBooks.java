package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic synthetic midday books for benchmarks: about 60 % PV sellers and 40 % EV, battery and
 * household buyers spread over the feeders of a few Tokyo wards, prices on a 0.10 JPY/kWh grid
 * (so price levels hold many orders and rationing is exercised). Seeded, so every run clears the
 * same book.
 */
final class BenchmarkBooks {
    static final String SLOT = "2026-06-17T12:00+09:00";
    static final WheelingSchedule WHEELING = new WheelingSchedule(List.of(0L, 150L, 300L, 450L));
    private static final String[] WARDS = {"setagaya", "meguro", "suginami", "shibuya", "nerima"};

    private BenchmarkBooks() {
    }

    static ClearingInput input(Mechanism mechanism, Objective objective, int size) {
        Random random = new Random(20260617L + size);
        List<Order> orders = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            boolean sell = random.nextInt(10) < 6;
            String location = "tokyo/" + WARDS[random.nextInt(WARDS.length)] + "/district-" + random.nextInt(20)
                    + "/feeder-" + random.nextInt(8);
            // Sellers ask 7–16 JPY/kWh for 0.5–3 kWh; buyers bid 12–26 JPY/kWh for 0.5–4 kWh.
            long price = sell ? 700 + 10L * random.nextInt(91) : 1200 + 10L * random.nextInt(141);
            long wh = sell ? 500 + random.nextInt(2501) : 500 + random.nextInt(3501);
            String id = String.format("o-%07d", i);
            orders.add(new Order(id, "RetailerMSP:home-" + i, sell ? Side.SELL : Side.BUY, wh, price,
                    GridLocation.parse(location)));
        }
        return new ClearingInput(SLOT, mechanism, objective, WHEELING, orders);
    }
}
