package io.p2pe.simulator.agents;

import static io.p2pe.simulator.agents.AgentTestSupport.RETAIL;
import static io.p2pe.simulator.agents.AgentTestSupport.ctx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p2pe.sdk.OrderRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An enrolled EV's charger in DR slots. The commuter (8.8 kWh, 1.5 kWh per slot, half charged,
 * 90 % target before leaving work at slot 35) needs 7,920 − 4,400 = 3,520 Wh: three slots.
 */
class EvResponseTest {
    private static final EvSpec COMMUTER = new EvSpec(8_800, 3_000, 2_000, 500, 900, 400, 15, 17, 35, 37);

    @Test
    void aDownSlotBidsOnlyWhatTheTripNeedsAndAnUpSlotAFullSlotAtRetail() {
        EvAgent plain = new EvAgent("ev-01", COMMUTER, 300);
        assertEquals(1, plain.ordersFor(ctx("ev-01", 20)).size(), "without an event it bids a slot's charge");
        EvAgent enrolled = new EvAgent("ev-01", COMMUTER, 300);
        enrolled.respond(20, 22, true);
        enrolled.respond(24, 24, false);
        // Slot 20: 15 slots left before departure, 14 after this one could deliver 21 kWh: must-charge 0, no bid.
        assertEquals(List.of(), enrolled.ordersFor(ctx("ev-01", 20)));
        List<OrderRequest> up = enrolled.ordersFor(ctx("ev-01", 24));
        assertEquals(1, up.size());
        assertEquals(1_500, up.get(0).wh());
        assertEquals(RETAIL, up.get(0).price());
    }
}
