package io.p2pe.simulator.agents;

import static io.p2pe.simulator.agents.AgentTestSupport.BUY_BACK;
import static io.p2pe.simulator.agents.AgentTestSupport.RETAIL;
import static io.p2pe.simulator.agents.AgentTestSupport.ctx;
import static io.p2pe.simulator.agents.AgentTestSupport.fillAll;
import static io.p2pe.simulator.agents.AgentTestSupport.flat;
import static io.p2pe.simulator.agents.AgentTestSupport.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Side;
import io.p2pe.sdk.OrderRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentDecisionTest {
    private static final Pricing PRICING = new Pricing(300, 700);

    @Test
    void pvProsumerSellsNinetyPercentOfItsSurplusAsSolarAtItsAsk() {
        PvProsumerAgent a = new PvProsumerAgent("home-01", flat(300, 1_300), PRICING);
        List<OrderRequest> orders = a.ordersFor(ctx("home-01", 24));
        assertEquals(1, orders.size());
        OrderRequest o = orders.get(0);
        assertEquals(Side.SELL, o.side());
        assertEquals(900, o.wh());
        assertEquals(BUY_BACK + (RETAIL - BUY_BACK) * 300 / 1000, o.price());
        assertNull(o.sourceType(), "GridOrg attests the source; orders state none");
        assertEquals("home-01-" + slot(24).sortKey() + "-0", o.clientOrderId());
    }

    @Test
    void pvProsumerBuysItsDeficitAtItsBidAndItsMeterSeesTheNet() {
        PvProsumerAgent a = new PvProsumerAgent("home-01", flat(600, 100), PRICING);
        List<OrderRequest> orders = a.ordersFor(ctx("home-01", 40));
        assertEquals(List.of(OrderRequest.buy("home-01-" + slot(40).sortKey() + "-0", slot(40), 500,
                BUY_BACK + (RETAIL - BUY_BACK) * 700 / 1000)), orders);
        SlotDelivery d = a.deliver(slot(40), Map.of(orders.get(0).clientOrderId(), 200L));
        assertEquals(500, d.importedWh());
        assertEquals(0, d.exportedWh());
        assertEquals(200, d.boughtWh());
    }

    @Test
    void tinyImbalancesPlaceNoOrder() {
        assertTrue(new PvProsumerAgent("h", flat(500, 480), PRICING).ordersFor(ctx("h", 20)).isEmpty());
    }

    private static BatteryAgent battery(int socPermille, boolean environmentFirst, long load, long pv) {
        return new BatteryAgent("bat-01", flat(load, pv), new BatterySpec(10_000, 3_000, socPermille, 100),
                PriceLadder.DEFAULT, environmentFirst, PRICING);
    }

    private static long storageBidPrice(BatteryAgent a, int t) {
        return a.ordersFor(ctx("bat-01", t)).stream().filter(o -> o.clientOrderId().endsWith("-1"))
                .mapToLong(OrderRequest::price).findFirst().orElse(-1);
    }

    @Test
    void batteryPaysByStateOfCharge() {
        assertEquals(2000, storageBidPrice(battery(150, false, 0, 0), 24));
        assertEquals(1500, storageBidPrice(battery(500, false, 0, 0), 24));
        assertEquals(1000, storageBidPrice(battery(750, false, 0, 0), 24));
        assertEquals(-1, storageBidPrice(battery(900, false, 0, 0), 24));
    }

    @Test
    void environmentFirstPaysFiveYenMoreForRenewableSupplyOnly() {
        List<OrderRequest> orders = battery(500, true, 0, 0).ordersFor(ctx("bat-01", 24));
        assertEquals(1, orders.size());
        assertEquals(2000, orders.get(0).price());
        assertTrue(orders.get(0).renewableOnly());
    }

    @Test
    void batteryStoresItsOwnSurplusBeforeSellingIt() {
        // 2,000 Wh surplus, 1,500 Wh/slot of charging power: 500 left, 90 % of it offered.
        List<OrderRequest> orders = battery(500, false, 300, 2_300).ordersFor(ctx("bat-01", 24));
        assertEquals(1, orders.size());
        assertEquals(Side.SELL, orders.get(0).side());
        assertEquals(450, orders.get(0).wh());
    }

    @Test
    void batteryCoversTheEveningFromStorage() {
        BatteryAgent a = battery(800, false, 600, 0);
        assertTrue(a.ordersFor(ctx("bat-01", 38)).stream().noneMatch(o -> o.clientOrderId().endsWith("-0")),
                "no deficit bid while the battery covers the load");
        long before = a.socWh();
        SlotDelivery d = a.deliver(slot(38), Map.of());
        assertEquals(0, d.importedWh());
        assertEquals(600, d.storageDischargeWh());
        assertEquals(before - 632, a.socWh(), "600 Wh out at 95 % takes 632 Wh of charge");
    }

    @Test
    void batteryChargesWhatItBought() {
        BatteryAgent a = battery(300, false, 200, 0);
        List<OrderRequest> orders = a.ordersFor(ctx("bat-01", 24));
        SlotDelivery d = a.deliver(slot(24), fillAll(orders));
        assertEquals(d.boughtWh(), d.importedWh());
        assertEquals(d.boughtWh() - 200, d.storageChargeWh());
        assertTrue(a.socPermille() > 300);
    }

    private static final EvSpec COMMUTER = new EvSpec(8_800, 3_000, 2_000, 500, 900, 400, 15, 17, 35, 37);

    private static long evBid(EvAgent ev, int t) {
        List<OrderRequest> orders = ev.ordersFor(ctx("ev-01", t));
        return orders.isEmpty() ? -1 : orders.get(0).price();
    }

    @Test
    void evBidsCheaplyWithSlackAndUpToRetailWhenEverySlotIsNeeded() {
        EvAgent ev = new EvAgent("ev-01", COMMUTER, 300);
        long cheap = BUY_BACK + (RETAIL - BUY_BACK) * 300 / 1000;
        assertEquals(cheap, evBid(ev, 2), "at home with the morning target met: only cheap top-ups");
        for (int t = 0; t < 17; t++) {
            ev.ordersFor(ctx("ev-01", t));
            ev.deliver(slot(t), Map.of());
        }
        assertEquals(2_400, ev.socWh(), "4,400 Wh at midnight minus the 2,000 Wh trip");
        long early = evBid(ev, 17);
        assertTrue(early > cheap && early < RETAIL, "needs 5,520 Wh = 4 slots of 18: " + early);
        assertEquals(cheap + (RETAIL - cheap) * (4 * 1000 / 18) / 1000, early);
        // With nothing bought all day the must-charge brings it to 90 % by 17:30 anyway.
        for (int t = 17; t < 35; t++) {
            List<OrderRequest> orders = ev.ordersFor(ctx("ev-01", t));
            if (t == 31) {
                assertEquals(RETAIL, orders.get(0).price(), "4 slots left for 4 slots of charging");
            }
            ev.deliver(slot(t), Map.of());
        }
        assertEquals(7_920, ev.socWh());
    }

    @Test
    void evCannotTradeWhileDriving() {
        EvAgent ev = new EvAgent("ev-01", COMMUTER, 300);
        assertTrue(ev.ordersFor(ctx("ev-01", 15)).isEmpty());
        SlotDelivery d = ev.deliver(slot(15), Map.of());
        assertEquals(0, d.importedWh());
        assertEquals(3_400, ev.socWh());
    }

    @Test
    void evChargesWhatItBoughtAtWork() {
        EvAgent ev = new EvAgent("ev-01", COMMUTER, 300);
        List<OrderRequest> orders = ev.ordersFor(ctx("ev-01", 20));
        assertEquals(1_500, orders.get(0).wh());
        SlotDelivery d = ev.deliver(slot(20), fillAll(orders));
        assertEquals(1_500, d.evChargeWh());
        assertEquals(1_500, d.importedWh());
    }

    private static final FlexSpec FLEX = new FlexSpec(3_000, 1_000, 18, 44, 600);

    @Test
    void flexibleLoadOffersToRunOnlyInSurplusSlots() {
        FlexibleLoadAgent a = new FlexibleLoadAgent("dr-01", flat(400, 0), FLEX, Season.SPRING, PRICING, 450);
        assertFalse(a.isSurplusSlot(17));
        assertTrue(a.isSurplusSlot(23));
        List<OrderRequest> noon = a.ordersFor(ctx("dr-01", 23));
        assertEquals(2, noon.size());
        assertEquals(1_000, noon.get(1).wh());
        assertEquals(BUY_BACK + (RETAIL - BUY_BACK) * 450 / 1000, noon.get(1).price());
        assertEquals(1, a.ordersFor(ctx("dr-01", 40)).size());
    }

    @Test
    void flexibleLoadRunsWhatItGotAndTheRestBeforeTheDeadline() {
        FlexibleLoadAgent a = new FlexibleLoadAgent("dr-01", flat(400, 0), FLEX, Season.SPRING, PRICING, 450);
        List<OrderRequest> noon = a.ordersFor(ctx("dr-01", 23));
        SlotDelivery d = a.deliver(slot(23), Map.of(noon.get(1).clientOrderId(), 600L));
        assertEquals(600, d.flexibleWh());
        assertEquals(1_000, d.importedWh());
        long ran = 600;
        for (int t = 24; t < 48; t++) {
            a.ordersFor(ctx("dr-01", t));
            ran += a.deliver(slot(t), Map.of()).flexibleWh();
        }
        assertEquals(3_000, ran);
        assertEquals(0, a.remainingWh());
    }

    @Test
    void retailerSellsShortfallsAtRetailAndBuysSurplusAtBuyBack() {
        long[] net = new long[48];
        net[3] = 10_000;
        net[24] = -5_000;
        RetailerAgent r = new RetailerAgent("retailer", net);
        OrderRequest night = r.ordersFor(ctx("retailer", 3)).get(0);
        assertEquals(Side.SELL, night.side());
        assertEquals(12_000, night.wh());
        assertEquals(RETAIL, night.price());
        assertNull(night.sourceType(), "GridOrg attests the source; orders state none");
        OrderRequest noon = r.ordersFor(ctx("retailer", 24)).get(0);
        assertEquals(Side.BUY, noon.side());
        assertEquals(BUY_BACK, noon.price());
        SlotDelivery d = r.deliver(slot(24), Map.of(noon.clientOrderId(), 700L));
        assertEquals(700, d.importedWh());
        assertEquals(700, d.balancingWh());
    }

    @Test
    void deliveriesMustBalance() {
        assertThrows(IllegalArgumentException.class, () -> new SlotDelivery(100, 0, 0, 0, 50, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aWholeDayIsDeterministicGivenTheSeed() {
        assertEquals(runDay(11), runDay(11));
        assertFalse(runDay(11).equals(runDay(12)));
    }

    /** Every order and reading of a small mixed community over a day, each order half filled. */
    private static List<String> runDay(long seed) {
        ProfileGenerator g = new ProfileGenerator(Season.SUMMER, Weather.CLOUDY, seed);
        java.util.Random r = Seeds.random(seed, "pricing");
        List<SimulatedAgent> agents = List.of(
                new PvProsumerAgent("pv", g.site("pv", LoadShape.HOUSEHOLD, 10_000, 4_500), Pricing.draw(r, 100, 450,
                        550, 850)),
                new BatteryAgent("bat", g.site("bat", LoadShape.HOUSEHOLD, 11_000, 5_000),
                        new BatterySpec(9_800, 3_000, 400, 100), PriceLadder.DEFAULT, true, Pricing.draw(r, 100, 450,
                        550, 850)),
                new EvAgent("ev", COMMUTER, 300),
                new FlexibleLoadAgent("dr", g.site("dr", LoadShape.HOUSEHOLD, 9_000, 0), FLEX, Season.SUMMER,
                        Pricing.draw(r, 100, 450, 550, 850), 450));
        List<String> log = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            for (SimulatedAgent a : agents) {
                List<OrderRequest> orders = a.ordersFor(ctx(a.name(), t));
                Map<String, Long> fills = new java.util.TreeMap<>();
                orders.forEach(o -> fills.put(o.clientOrderId(), o.wh() / 2));
                log.add(orders.toString());
                log.add(a.deliver(slot(t), fills).toString());
            }
        }
        return log;
    }
}
