package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.MarketJson;
import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ClearingVerification;
import io.p2pe.sdk.EventOptions;
import io.p2pe.sdk.EventSubscription;
import io.p2pe.sdk.LedgerEvent;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MyTrade;
import io.p2pe.sdk.OrderEvent;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.P2peEventListener;
import io.p2pe.sdk.SlotEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * One slot from orders of two orgs through closure and clearing: the operator closes the gate
 * early, late orders and cancellations are refused, clearing is repeatable without effect, the
 * book opens to participants, every participant sees its trades, an auditor re-runs the engine on
 * the input the ledger rebuilds from the orders; the typed events of all this, including a
 * subscriber that restarts from its checkpoint without missing or repeating an event; and a second
 * slot whose result is stored in many pieces.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClearingIT {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection biz;
    private MarketSettings market;
    private Slot slot;
    private Path checkpoint;
    /** Events of this test's slots, as the auditor's first subscription delivered them. */
    private final List<LedgerEvent> firstRun = Collections.synchronizedList(new ArrayList<>());
    private final List<SlotEvent> slotEvents = Collections.synchronizedList(new ArrayList<>());
    private final List<OrderEvent> home1Events = Collections.synchronizedList(new ArrayList<>());
    private EventSubscription auditorEvents;
    private EventSubscription home1OnlyMine;
    private OrderRecord buy1;
    private OrderRecord buy2;
    private OrderRecord sell;
    private OrderRecord cancelled;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        slot = ItNetwork.futureSlot(market);
        checkpoint = Files.createTempDirectory("p2pe-it").resolve("events.checkpoint");
        auditorEvents = auditor.events().subscribe(new P2peEventListener() {
            @Override
            public void onEvent(LedgerEvent e) {
                if (ofThisTest(e)) {
                    firstRun.add(e);
                }
            }

            @Override
            public void onSlotClosed(SlotEvent e) {
                slotEvents.add(e);
            }

            @Override
            public void onSlotCleared(SlotEvent e) {
                slotEvents.add(e);
            }
        }, EventOptions.builder().checkpointFile(checkpoint).build());
        home1OnlyMine = home1.events().subscribe(new P2peEventListener() {
            @Override
            public void onOrderSubmitted(OrderEvent e) {
                home1Events.add(e);
            }

            @Override
            public void onOrderCancelled(OrderEvent e) {
                home1Events.add(e);
            }
        }, EventOptions.builder().onlyMine(true).build());
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(auditorEvents, home1OnlyMine, operator, auditor, home1, home2, biz);
    }

    private boolean ofThisTest(LedgerEvent e) {
        String text = e.payloadText();
        return text.contains(slot.toString()) || text.contains("cit-" + RUN + "-");
    }

    private String cid(String name) {
        return "cit-" + RUN + "-" + name;
    }

    @Test
    @Order(1)
    void ordersOfTwoOrgs() throws Exception {
        buy1 = home1.participant().submitOrder(OrderRequest.buy(cid("b1"), slot, 1_500, 2_150));
        buy2 = home2.participant().submitOrderAsync(OrderRequest.buy(cid("b2"), slot, 500, 1_800)).get(60, TimeUnit.SECONDS);
        sell = biz.participant().submitOrder(OrderRequest.sell(cid("s1"), slot, 1_000, 1_200).withSourceType("solar"));
        OrderRecord extra = home1.participant().submitOrder(OrderRequest.buy(cid("b3"), slot, 100, 900));
        cancelled = home1.participant().cancelOrder(extra.orderId());
    }

    @Test
    @Order(2)
    void closingRefusesLateOrdersAndCancellations() throws Exception {
        SlotState closed = operator.operator().closeSlotAsync(slot).get(60, TimeUnit.SECONDS);
        assertEquals(SlotState.Status.CLOSED, closed.status());
        assertEquals(slot.toString(), closed.slot());
        assertEquals(closed, operator.operator().closeSlot(slot), "closing again changes nothing");
        assertEquals(SlotState.Status.CLOSED, home1.participant().slot(slot).status());
        assertEquals("SLOT_CLOSED", refusal(() -> home2.participant().submitOrder(OrderRequest.buy(cid("late"), slot, 10, 2_000))));
        assertEquals("SLOT_CLOSED", refusal(() -> home1.participant().cancelOrder(buy1.orderId())));
    }

    @Test
    @Order(3)
    void clearingIsRepeatableAndVerifiable() throws Exception {
        ClearingRecord c = operator.operator().clearSlot(slot);
        assertEquals(SlotState.Status.CLEARED, c.status());
        assertEquals(3, c.clearing().orderCount(), "open orders only: the cancelled one is not in the book");
        assertEquals(1_000, c.clearing().volumeWh());
        assertEquals(c, operator.operator().clearSlot(slot), "a repeated ClearSlot returns the stored result");
        assertEquals(c, operator.operator().clearSlotAsync(slot).get(60, TimeUnit.SECONDS));
        assertEquals(c, home1.participant().clearingResult(slot));
        assertEquals(c, biz.participant().clearingResultAsync(slot).get(30, TimeUnit.SECONDS));
        assertEquals(SlotState.Status.CLEARED, operator.operator().slot(slot).status());
        assertEquals(c.clearing(), operator.operator().slot(slot).clearing());

        ClearingVerification v = auditor.audit().verifyClearing(slot);
        assertTrue(v.verified(), v.problems().toString());
        assertEquals(c.clearing().clearTxId(), v.clearTxId());
        assertTrue(v.segments().stream().allMatch(ClearingVerification.SegmentCheck::resultIdentical));
    }

    @Test
    @Order(4)
    void afterClearingTheBookIsOpenAndEachSeesItsTrades() throws Exception {
        List<OrderRecord> book = home1.participant().slotBook(slot);
        assertEquals(book, biz.participant().slotBookAsync(slot).get(30, TimeUnit.SECONDS));
        Set<String> ids = new HashSet<>();
        book.forEach(o -> ids.add(o.orderId()));
        assertTrue(ids.containsAll(List.of(buy1.orderId(), buy2.orderId(), sell.orderId(), cancelled.orderId())), ids.toString());

        List<MyTrade> bought1 = home1.participant().myTrades(slot);
        List<MyTrade> bought2 = home2.participant().myTradesAsync(slot).get(30, TimeUnit.SECONDS);
        List<MyTrade> sold = biz.participant().myTrades(slot);
        long in = 0;
        for (MyTrade t : bought1) {
            assertEquals(Side.BUY, t.side());
            assertEquals(buy1.orderId(), t.orderId());
            assertEquals(sell.orderId(), t.counterpartyOrderId());
            in += t.wh();
        }
        for (MyTrade t : bought2) {
            in += t.wh();
        }
        long out = sold.stream().peek(t -> assertEquals(Side.SELL, t.side())).mapToLong(MyTrade::wh).sum();
        assertEquals(1_000, in);
        assertEquals(1_000, out);
        assertEquals(bought1.stream().mapToLong(MyTrade::wh).sum(), home1.participant().order(buy1.orderId()).filledWh());
        assertEquals(1_000L, biz.participant().order(sell.orderId()).filledWh());
    }

    @Test
    @Order(5)
    void eventsArriveTypedAndAResumedSubscriberNeitherMissesNorRepeats() throws Exception {
        ItNetwork.await("SlotClosed and SlotCleared of " + slot,
                () -> slotEvents.stream().filter(e -> e.slot().equals(slot.toString())).count() >= 2);
        SlotEvent cleared = slotEvents.stream().filter(e -> e.name().equals("SlotCleared") && e.slot().equals(slot.toString()))
                .findFirst().orElseThrow();
        assertEquals(1_000, cleared.volumeWh());
        assertEquals(3, cleared.orderCount());

        // onlyMine: home-001's own submissions and cancellation, nobody else's.
        ItNetwork.await("home-001's order events", () -> home1Events.stream()
                .filter(e -> e.slot().equals(slot.toString())).count() >= 3);
        assertTrue(home1Events.stream().allMatch(e -> e.participant().equals("RetailerOrgMSP:home-001")), home1Events.toString());
        assertTrue(home1Events.stream().anyMatch(e -> e.name().equals("OrderCancelled") && e.orderId().equals(cancelled.orderId())));

        // Stop the auditor's subscriber, let the ledger move on, restart it from the checkpoint.
        int seen = firstRun.size();
        auditorEvents.close();
        OrderRecord whileAway = home1.participant().submitOrder(OrderRequest.buy(cid("away"), market.next(slot), 100, 1_000));
        List<LedgerEvent> secondRun = Collections.synchronizedList(new ArrayList<>());
        try (EventSubscription again = auditor.events().subscribe(new P2peEventListener() {
            @Override
            public void onEvent(LedgerEvent e) {
                if (ofThisTest(e)) {
                    secondRun.add(e);
                }
            }
        }, EventOptions.builder().checkpointFile(checkpoint).build())) {
            ItNetwork.await("the event of the order placed while the subscriber was away",
                    () -> secondRun.stream().anyMatch(e -> e.transactionId().equals(whileAway.submitTxId())));
            assertTrue(again.isRunning());
        }
        assertEquals(seen, firstRun.size());
        Set<String> before = new HashSet<>();
        firstRun.forEach(e -> before.add(e.transactionId() + "/" + e.name()));
        for (LedgerEvent e : secondRun) {
            assertTrue(!before.contains(e.transactionId() + "/" + e.name()), "delivered again: " + e.name() + " " + e.transactionId());
        }
        // Before the restart: 4 submissions, 1 cancellation, closed, cleared; nothing of them missed.
        assertEquals(7, firstRun.size(), firstRun.stream().map(LedgerEvent::name).toList().toString());
    }

    /** Client order ids outside {@link #ofThisTest}: the events test has counted this class's events. */
    private static String pieceCid(String name) {
        return "cpub-" + RUN + "-" + name;
    }

    /**
     * A clearing whose result is stored in more pieces than one transaction writes: with pieces of
     * 256 bytes, one per transaction, ClearSlot stores the first piece, the SDK's clearSlot
     * publishes the rest through slot:PublishClearing, and the auditor re-runs the engine on the
     * input the ledger rebuilds from the orders and gets the stored result byte for byte.
     */
    @Test
    @Order(6)
    void aResultInManyPiecesIsPublishedAndVerifiable() throws Exception {
        Slot many = ItNetwork.futureSlot(market);
        OrderRecord buy1 = home1.participant().submitOrder(OrderRequest.buy(pieceCid("b1"), many, 1_500, 2_150));
        home2.participant().submitOrder(OrderRequest.buy(pieceCid("b2"), many, 700, 1_900));
        biz.participant().submitOrder(OrderRequest.sell(pieceCid("s1"), many, 1_000, 1_200).withSourceType("solar"));
        operator.operator().closeSlot(many);
        MarketSettings small = operator.operator().configureMarket(MarketConfigRequest.from(market)
                .clearingChunkBytes(256).clearingChunksPerTx(1).build());
        ClearingRecord c;
        try {
            assertEquals(256, small.clearingChunkBytes());
            // The raw transaction: ClearSlot answers with the slot state and stores one piece.
            SlotState cleared;
            try (Adversary raw = Adversary.of(EXCHANGE, "operator")) {
                cleared = JSON.readValue(raw.submit(Contracts.Slot.NAME, Contracts.Slot.CLEAR_SLOT, many.toString()),
                        SlotState.class);
            }
            int pieces = cleared.clearing().resultChunks();
            assertTrue(pieces >= 3, "three orders' result in 256-byte pieces: " + pieces);
            assertEquals(1, cleared.clearing().resultChunksPublished());
            assertEquals("CLEARING_INCOMPLETE", refusal(() -> home1.participant().clearingResult(many)));
            assertEquals("CLEARING_INCOMPLETE", refusal(() -> home1.participant().order(buy1.orderId())));
            // The SDK publishes the other pieces, one transaction each, and reads the clearing back.
            c = operator.operator().clearSlot(many);
            assertEquals(pieces, c.clearing().resultChunksPublished());
        } finally {
            operator.operator().configureMarket(MarketConfigRequest.from(market).build());
        }
        assertEquals(1_000, c.clearing().volumeWh());
        assertEquals(c, home1.participant().clearingResult(many));
        long bytes = c.clearing().segments().get(0).resultBytes();
        assertEquals(bytes, c.segments().get(0).result().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertEquals(c.clearing().segments().get(0).inputDigest(),
                MarketJson.inputDigest(MarketJson.readInput(c.segments().get(0).input())));
        ClearingVerification v = auditor.audit().verifyClearing(many);
        assertTrue(v.verified(), v.problems().toString());
        assertTrue(v.segments().stream().allMatch(ClearingVerification.SegmentCheck::resultIdentical));
        assertEquals(1_000L, home1.participant().order(buy1.orderId()).filledWh());
        assertEquals(SlotState.Status.CLEARED, auditor.participant().slot(many).status());
    }
}
