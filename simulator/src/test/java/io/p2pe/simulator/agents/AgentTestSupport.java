package io.p2pe.simulator.agents;

import io.p2pe.market.Mechanism;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ClockMode;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.SlotContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A market like the Higashi-Fuji scenario's (retail 26.20, buy-back 8.50 JPY/kWh) and helpers. */
final class AgentTestSupport {
    static final long RETAIL = 2620;
    static final long BUY_BACK = 850;
    static final MarketSettings MARKET = new MarketSettings(1, Mechanism.UNIFORM_PRICE, null, 30, 60, 7, "Asia/Tokyo", ClockMode.TIMESTAMP,
            -1_000_000, 10_000_000, null, RETAIL, BUY_BACK, 450, List.of("solar", "wind"), Map.of(), 0, 100_000, 65_536, 4_194_304, 100,
            "2027-05-01T00:00:00Z", "op", "tx");

    private AgentTestSupport() {
    }

    static Slot slot(int index) {
        OffsetDateTime midnight = OffsetDateTime.of(2027, 5, 20, 0, 0, 0, 0, ZoneOffset.ofHours(9));
        return new Slot(midnight.plusMinutes(30L * index), 30);
    }

    static SlotContext ctx(String agent, int index) {
        Slot s = slot(index);
        return new SlotContext(agent, s, MARKET.gateClosure(s), Instant.parse("2027-05-19T00:00:00Z"),
                "RetailerOrgMSP:" + agent, MARKET, List.of());
    }

    /** A flat profile: every slot expects and gets {@code load} and {@code pv}. */
    static DayProfile flat(long load, long pv) {
        long[] l = new long[SolarModel.SLOTS_PER_DAY];
        long[] p = new long[SolarModel.SLOTS_PER_DAY];
        Arrays.fill(l, load);
        Arrays.fill(p, pv);
        return new DayProfile(l, l, p, p);
    }

    /** Fills every order of {@code orders} completely. */
    static Map<String, Long> fillAll(List<OrderRequest> orders) {
        Map<String, Long> fills = new TreeMap<>();
        orders.forEach(o -> fills.put(o.clientOrderId(), o.wh()));
        return fills;
    }
}
