package io.p2pe.sdk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.EventSubscription;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MyTrade;
import io.p2pe.sdk.OrderRecord;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peEventListener;
import io.p2pe.sdk.ParticipantRegistration;
import io.p2pe.sdk.SlotEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The SDK against a real multi-org network ({@code P2PE_NETWORK_DIR}): orders from two orgs,
 * clearing, refusals through the gateway, idempotent retries, events with resume.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeIT {
    private P2peConnection operator;
    private P2peConnection home1;
    private P2peConnection biz;
    private P2peConnection auditor;
    private MarketSettings market;
    private Slot slot;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L);

    private static P2peConnection connect(String org, String identity) throws Exception {
        Path dir = Path.of(System.getenv("P2PE_NETWORK_DIR"));
        return P2peConnection.connect(P2peConfig.fromProfile(dir.resolve("profiles").resolve(org + ".json"), identity));
    }

    @BeforeAll
    void setUp() throws Exception {
        operator = connect("exchangeorg", "operator");
        home1 = connect("retailerorg", "home-001");
        biz = connect("exchangeorg", "biz-001");
        auditor = connect("exchangeorg", "auditor");
        market = operator.operator().configureMarket(io.p2pe.sdk.MarketConfigRequest.builder().build());
        operator.operator().ensureParticipant(ParticipantRegistration.of("home-001", "HOUSEHOLD")
                .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-3"));
        operator.operator().ensureParticipant(ParticipantRegistration.of("biz-001", "BUSINESS")
                .withMspId("ExchangeOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-1").withPv(50_000, "solar"));
        // A slot well ahead of the wall clock: the gate is open, the operator closes it early.
        slot = market.firstOpenSlot(Instant.now().plusSeconds(3 * 3600));
    }

    @AfterAll
    void tearDown() {
        for (P2peConnection c : new P2peConnection[] {operator, home1, biz, auditor}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void ordersFromTwoOrgsAreIdempotentOnClientOrderId() throws Exception {
        OrderRequest buy = OrderRequest.buy("it-" + run + "-b", slot, 1_500, 2_150);
        OrderRecord first = home1.participant().submitOrder(buy);
        OrderRecord again = home1.participant().submitOrder(buy);
        CompletableFuture<OrderRecord> async = home1.participant().submitOrderAsync(buy);
        assertEquals(first, again);
        assertEquals(first, async.get(60, TimeUnit.SECONDS));
        assertEquals(1, home1.participant().myOrders(slot).size());

        OrderRecord sell = biz.participant().submitOrder(
                OrderRequest.sell("it-" + run + "-s", slot, 1_000, 1_200).withSourceType("solar"));
        assertEquals("ExchangeOrgMSP:biz-001", sell.participant());
        assertEquals("OPEN", sell.status());
    }

    @Test
    @Order(2)
    void refusalsCarryTheChaincodeCode() throws Exception {
        EndorsementRejectedException bothSides = assertThrows(EndorsementRejectedException.class,
                () -> home1.participant().submitOrder(OrderRequest.sell("it-" + run + "-x", slot, 100, 1_000)));
        assertEquals("BOTH_SIDES", bothSides.errorCode().orElse(bothSides.getMessage()));
        EndorsementRejectedException forbidden = assertThrows(EndorsementRejectedException.class,
                () -> home1.operator().closeSlot(slot));
        assertEquals("FORBIDDEN", forbidden.errorCode().orElse(forbidden.getMessage()));
        EndorsementRejectedException sealed = assertThrows(EndorsementRejectedException.class,
                () -> home1.participant().slotBook(slot));
        assertEquals("FORBIDDEN", sealed.errorCode().orElse(sealed.getMessage()));
        EndorsementRejectedException price = assertThrows(EndorsementRejectedException.class,
                () -> home1.participant().submitOrder(OrderRequest.buy("it-" + run + "-p", slot, 1, 10_000_000)
                        .withRenewableOnly(true).withSourceType("solar")));
        assertTrue(price.getMessage().contains("sourceType") || price.getMessage().contains("price"), price.getMessage());
    }

    @Test
    @Order(3)
    void closeClearEventsAndResume() throws Exception {
        Path checkpoint = Files.createTempDirectory("p2pe-it").resolve("events.cp");
        List<SlotEvent> cleared = Collections.synchronizedList(new ArrayList<>());
        P2peEventListener listener = new P2peEventListener() {
            @Override
            public void onSlotCleared(SlotEvent e) {
                cleared.add(e);
            }
        };
        long startBlock;
        try (EventSubscription sub = auditor.events().subscribe(listener,
                EventOptions.builder().checkpointFile(checkpoint).build())) {
            operator.operator().closeSlot(slot);
            EndorsementRejectedException closed = assertThrows(EndorsementRejectedException.class,
                    () -> home1.participant().submitOrder(OrderRequest.buy("it-" + run + "-late", slot, 10, 2_000)));
            assertEquals("SLOT_CLOSED", closed.errorCode().orElse(closed.getMessage()));
            ClearingRecord c = operator.operator().clearSlot(slot);
            assertEquals(c, operator.operator().clearSlot(slot));
            assertEquals(1_000, c.clearing().volumeWh());
            startBlock = waitFor(cleared, 1).get(0).blockNumber();
        }
        List<MyTrade> trades = home1.participant().myTrades(slot);
        assertEquals(1, trades.size());
        assertEquals(1_000, trades.get(0).wh());
        assertEquals(2, home1.participant().slotBook(slot).size());
        assertTrue(auditor.audit().verifyClearing(slot).verified());

        // A restarted subscriber with the same checkpoint sees nothing again.
        List<SlotEvent> again = Collections.synchronizedList(new ArrayList<>());
        try (EventSubscription sub = auditor.events().subscribe(new P2peEventListener() {
            @Override
            public void onSlotCleared(SlotEvent e) {
                again.add(e);
            }
        }, EventOptions.builder().checkpointFile(checkpoint).build())) {
            Thread.sleep(3_000);
        }
        assertTrue(again.stream().noneMatch(e -> e.blockNumber() <= startBlock), again.toString());
    }

    private static <T> List<T> waitFor(List<T> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (list.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(list.size() >= n, "expected " + n + " events, got " + list.size());
        return list;
    }
}
