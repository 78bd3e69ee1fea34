package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.AgentRunner;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.SlotContext;
import io.p2pe.sdk.TradingAgent;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A simple agent run by {@link AgentRunner} for home-002: one BUY per upcoming slot, with client
 * order ids derived from the slot, so that repeated rounds and a restarted runner never place an
 * order twice. The runner's clock is set just before the gate closure of this test's slots.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentRunnerIT {
    /** Buys 200 Wh at 19.00 JPY/kWh in every slot it is asked about. */
    private static final TradingAgent BUYER = ctx -> List.of(OrderRequest.buy(ctx.clientOrderId(0), ctx.slot(), 200, 1_900));

    private P2peConnection operator;
    private P2peConnection home2;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, home2);
    }

    private Clock tenMinutesBeforeGateClosureOf(Slot slot) {
        return Clock.fixed(market.gateClosure(slot).minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    }

    private List<OrderRecord> ordersOfAgent(Slot slot, String agent) throws Exception {
        return home2.participant().myOrders(slot).stream().filter(o -> o.clientOrderId().startsWith(agent + "-")).toList();
    }

    @Test
    void runOncePlacesOneOrderPerSlotAndNeverAgain() throws Exception {
        Slot first = ItNetwork.futureSlot(market);
        Slot second = market.next(first);
        String agent = "ag1-" + RUN;
        AgentRunner runner = AgentRunner.builder(home2.participant(), agent, BUYER)
                .clock(tenMinutesBeforeGateClosureOf(first)).horizonSlots(2).build();
        List<AgentRunner.SlotRound> rounds = runner.runOnce();
        assertEquals(List.of(first, second), rounds.stream().map(AgentRunner.SlotRound::slot).toList());
        for (AgentRunner.SlotRound r : rounds) {
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            assertEquals(1, r.placed().size());
            assertEquals(200, r.placed().get(0).wh());
        }
        assertTrue(runner.runOnce().isEmpty(), "slots already handled are not asked about again");

        // A restarted runner asks the agent again and gets the orders already placed back.
        AgentRunner restarted = AgentRunner.builder(home2.participant(), agent, BUYER)
                .clock(tenMinutesBeforeGateClosureOf(first)).horizonSlots(2).build();
        List<AgentRunner.SlotRound> again = restarted.runOnce();
        assertEquals(rounds.get(0).placed(), again.get(0).placed());
        assertEquals(rounds.get(1).placed(), again.get(1).placed());
        assertEquals(rounds.get(0).placed(), ordersOfAgent(first, agent));
        assertEquals(rounds.get(1).placed(), ordersOfAgent(second, agent));
    }

    @Test
    void aStartedRunnerTradesOnItsOwnAndTheAgentSeesItsOrders() throws Exception {
        Slot slot = ItNetwork.futureSlot(market);
        String agent = "ag2-" + RUN;
        List<SlotContext> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        TradingAgent recording = ctx -> {
            asked.add(ctx);
            return BUYER.ordersFor(ctx);
        };
        try (AgentRunner runner = AgentRunner.builder(home2.participant(), agent, recording)
                .clock(tenMinutesBeforeGateClosureOf(slot)).horizonSlots(1).period(Duration.ofMillis(500)).start()) {
            ItNetwork.await("the started runner's order in " + slot, () -> {
                try {
                    return ordersOfAgent(slot, agent).size() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // A round run here once the order is placed (rounds are serialized, so the runner's
            // own round has finished): the handled slot is skipped, not asked about again.
            assertEquals(List.of(), runner.runOnce());
        }
        assertEquals(slot, asked.get(0).slot());
        assertEquals("RetailerOrgMSP:home-002", asked.get(0).participantId());
        assertEquals(market.gateClosure(slot), asked.get(0).gateClosure());
        assertEquals(1, asked.size(), "a handled slot is not asked about again: " + asked);
    }
}
