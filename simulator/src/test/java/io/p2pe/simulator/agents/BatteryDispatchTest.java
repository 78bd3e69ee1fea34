package io.p2pe.simulator.agents;

import static io.p2pe.simulator.agents.AgentTestSupport.flat;
import static io.p2pe.simulator.agents.AgentTestSupport.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A battery follows an aggregator's dispatch instead of its contracted position, within power and
 * reserve, and reports its day's cycles and deepest discharge. Battery: 10 kWh, 3 kW (1.5 kWh per
 * slot), 50 % charged, reserve 10 %; site: 1 kWh load, no PV, no P2P fills.
 */
class BatteryDispatchTest {
    private static BatteryAgent battery() {
        return new BatteryAgent("bat", flat(1_000, 0), new BatterySpec(10_000, 3_000, 500, 100), PriceLadder.DEFAULT,
                false, new Pricing(300, 700));
    }

    @Test
    void dischargeAndChargeAsInstructedWithinPowerAndReserve() {
        BatteryAgent b = battery();
        // Without an instruction the controller covers the 1 kWh load: 1000 Wh out of the battery
        // takes ⌈1000·100/95⌉ = 1053 Wh of charge; the meter reads 0.
        SlotDelivery own = b.deliver(slot(30), Map.of());
        assertEquals(0, own.importedWh());
        assertEquals(5_000 - 1_053, b.socWh());
        // DISCHARGE 1.2 kWh: the load takes 1 kWh and 200 Wh go out to the grid.
        b.instruct(35, -1_200);
        SlotDelivery out = b.deliver(slot(35), Map.of());
        assertEquals(200, out.exportedWh());
        assertEquals(3_947 - 1_264, b.socWh(), "⌈1200·100/95⌉ = 1264 Wh of charge");
        // DISCHARGE 5 kWh asks for more than the 1.5 kWh the power allows in a slot.
        b.instruct(36, -5_000);
        SlotDelivery capped = b.deliver(slot(36), Map.of());
        assertEquals(500, capped.exportedWh());
        assertEquals(2_683 - 1_579, b.socWh(), "⌈1500·100/95⌉ = 1579");
        // CHARGE 1 kWh from the grid on top of the 1 kWh load: the meter imports 2 kWh; 950 Wh are stored.
        b.instruct(40, 1_000);
        SlotDelivery in = b.deliver(slot(40), Map.of());
        assertEquals(2_000, in.importedWh());
        assertEquals(1_104 + 950, b.socWh());
        BatteryAgent.Usage u = b.usage();
        // Throughput at the cells: 1053 + 1264 + 1579 + 950 = 4846 Wh: 4846 / 20000 = 0.242 cycles;
        // lowest charge 1104 Wh: depth of discharge 1000 − ⌊1104·1000/10000⌋ = 1000 − 110 = 890 permille.
        assertEquals(4_846, u.throughputWh());
        assertEquals(242, u.cyclesPermille());
        assertEquals(1_104, u.minSocWh());
        assertEquals(5_000, u.maxSocWh());
        assertEquals(890, u.depthOfDischargePermille());
    }
}
