package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.CallerInfo;
import io.p2pe.sdk.Deadlines;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.RetryPolicy;
import io.p2pe.sdk.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Placing, reading and cancelling orders from identities of two orgs (RetailerOrg home-001 and
 * home-002, ExchangeOrg biz-001) through their own orgs' gateways, idempotency and retries
 * without duplicates, the sealed book, and the chaincode's refusals as the gateway reports them.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIT {
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection biz;
    private MarketSettings market;
    private Slot slot;

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
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, auditor, home1, home2, biz);
    }

    private String cid(String name) {
        return "oit-" + RUN + "-" + name;
    }

    @Test
    void ordersFromTwoOrgsSyncAndAsync() throws Exception {
        OrderRecord buy = home1.participant().submitOrder(OrderRequest.buy(cid("b1"), slot, 1_500, 2_150));
        OrderRecord sell = biz.participant().submitOrderAsync(
                OrderRequest.sell(cid("s1"), slot, 1_000, 1_200).withSourceType("solar")).get(60, TimeUnit.SECONDS);

        assertEquals("RetailerOrgMSP:home-001", buy.participant());
        assertEquals("ExchangeOrgMSP:biz-001", sell.participant());
        assertEquals(home1.participant().participantId(), buy.participant());
        assertEquals(List.of(OrderRecord.Status.OPEN, OrderRecord.Status.OPEN), List.of(buy.status(), sell.status()));
        assertEquals(Side.BUY, buy.side());
        assertEquals(1_500, buy.wh());
        assertEquals("solar", sell.sourceType());
        assertEquals(slot.toString(), buy.slot());
        assertNull(buy.filledWh());

        assertEquals(buy, home1.participant().order(buy.orderId()));
        assertTrue(home1.participant().myOrders(slot).contains(buy));
        assertTrue(home1.participant().myOrdersAsync(slot).get(30, TimeUnit.SECONDS).contains(buy));
        assertTrue(home1.participant().myOrders().contains(buy), "myOrders() lists every slot's orders");
        assertFalse(home1.participant().myOrders(slot).contains(sell), "another participant's order");
        assertEquals(List.of(sell), biz.participant().myOrders(slot));
    }

    @Test
    void resubmissionReturnsTheFirstOrderAndConcurrentRetriesCreateOne() throws Exception {
        OrderRequest request = OrderRequest.buy(cid("idem"), slot, 700, 2_000);
        OrderRecord first = home2.participant().submitOrder(request);
        assertEquals(first, home2.participant().submitOrder(request));

        OrderRequest racing = OrderRequest.buy(cid("race"), slot, 300, 2_000);
        List<CompletableFuture<OrderRecord>> futures = IntStream.range(0, 4)
                .mapToObj(i -> home2.participant().submitOrderAsync(racing)).toList();
        List<OrderRecord> results = futures.stream().map(CompletableFuture::join).distinct().toList();
        assertEquals(1, results.size(), results.toString());

        assertEquals("DUPLICATE_CLIENT_ORDER_ID",
                refusal(() -> home2.participant().submitOrder(OrderRequest.buy(cid("idem"), slot, 701, 2_000))));
        List<OrderRecord> mine = home2.participant().myOrders(slot);
        assertEquals(1, mine.stream().filter(o -> o.clientOrderId().equals(cid("idem"))).count(), mine.toString());
        assertEquals(1, mine.stream().filter(o -> o.clientOrderId().equals(cid("race"))).count(), mine.toString());
    }

    @Test
    void aRetriedCommitStatusAsksAboutTheSameTransaction() throws Exception {
        OrderRequest request = OrderRequest.buy(cid("slow"), slot, 450, 2_000);
        // A commit-status deadline that only an already committed transaction can meet: the first
        // status calls fail, a later one (after the backoff) finds the transaction committed.
        try (P2peConnection impatient = ItNetwork.connect(RETAILER, "home-002", b -> b
                .deadlines(Deadlines.DEFAULT.withCommitStatus(Duration.ofMillis(1)))
                .retryPolicy(new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(2), 2.0)))) {
            OrderRecord placed = impatient.participant().submitOrder(request);
            List<OrderRecord> mine = home2.participant().myOrders(slot).stream()
                    .filter(o -> o.clientOrderId().equals(request.clientOrderId())).toList();
            assertEquals(List.of(placed), mine);
        }
    }

    @Test
    void retriesAfterAnUnknownOutcomeCreateNoDuplicate() throws Exception {
        OrderRequest request = OrderRequest.buy(cid("lost"), slot, 400, 2_000);
        // Commit status never known in time (1 ms deadline, 1 ms backoff): the SDK gives up on the
        // first transaction's status and endorses the idempotent submission again, so two
        // transactions for one clientOrderId are in flight when it reports an unknown outcome.
        try (P2peConnection impatient = ItNetwork.connect(RETAILER, "home-002", b -> b
                .deadlines(Deadlines.DEFAULT.withCommitStatus(Duration.ofMillis(1)))
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 1.0)))) {
            TransportException e = assertThrows(TransportException.class,
                    () -> impatient.participant().submitOrder(request));
            assertTrue(e.outcomeUnknown(), e.getMessage());
        }
        OrderRecord placed = home2.participant().submitOrder(request);
        List<OrderRecord> mine = home2.participant().myOrders(slot).stream()
                .filter(o -> o.clientOrderId().equals(request.clientOrderId())).toList();
        assertEquals(List.of(placed), mine);
    }

    @Test
    void cancelOnlyByTheOwnerAndOnlyOnce() throws Exception {
        OrderRecord order = home1.participant().submitOrder(OrderRequest.buy(cid("c1"), slot, 200, 1_900));
        assertEquals("FORBIDDEN", refusal(() -> home2.participant().cancelOrder(order.orderId())));
        assertEquals("FORBIDDEN", refusal(() -> biz.participant().cancelOrder(order.orderId())));

        OrderRecord cancelled = home1.participant().cancelOrder(order.orderId());
        assertEquals(OrderRecord.Status.CANCELLED, cancelled.status());
        assertEquals(order.orderId(), cancelled.orderId());
        assertEquals("INVALID_STATE", refusal(() -> home1.participant().cancelOrder(order.orderId())));
        assertEquals(OrderRecord.Status.CANCELLED, home1.participant().order(order.orderId()).status());

        OrderRecord other = home1.participant().submitOrder(OrderRequest.buy(cid("c2"), slot, 200, 1_900));
        assertEquals(OrderRecord.Status.CANCELLED, home1.participant().cancelOrderAsync(other.orderId()).get(60, TimeUnit.SECONDS)
                .status());
        assertEquals("NOT_FOUND", refusal(() -> home1.participant().cancelOrder(slot.sortKey() + "-" + "0".repeat(40))));
    }

    @Test
    void theBookIsSealedToParticipantsUntilGateClosure() throws Exception {
        OrderRecord order = biz.participant().submitOrder(
                OrderRequest.sell(cid("s-book"), market.next(slot), 100, 1_000).withSourceType("solar"));
        assertEquals("FORBIDDEN", refusal(() -> home1.participant().slotBook(market.next(slot))));
        assertEquals("FORBIDDEN", refusal(() -> biz.participant().slotBook(market.next(slot))));
        assertTrue(auditor.participant().slotBook(market.next(slot)).contains(order));
        assertTrue(operator.participant().slotBookAsync(market.next(slot)).get(30, TimeUnit.SECONDS).contains(order));
        assertEquals(SlotState.Status.OPEN, home1.participant().slot(market.next(slot)).status());
    }

    @Test
    void refusalsCarryTheChaincodeCodeThroughTheGateway() throws Exception {
        Slot s = market.next(market.next(slot));
        home1.participant().submitOrder(OrderRequest.buy(cid("side"), s, 100, 2_000));
        // Wrong role: participants are not operators, auditors do not trade, only meters read meters.
        assertEquals("FORBIDDEN", refusal(() -> home1.operator().configureMarket(MarketConfigRequest.builder().build())));
        assertEquals("FORBIDDEN", refusal(() -> biz.operator().suspendParticipant("RetailerOrgMSP:home-001", "no")));
        assertEquals("FORBIDDEN", refusal(() -> auditor.participant().submitOrder(OrderRequest.buy(cid("aud"), s, 1, 1))));
        assertEquals("FORBIDDEN", refusal(() -> operator.operator().recordMeterReading(
                new MeterReadingRequest("RetailerOrgMSP:home-001", s, 1, 0, "m-home-001"))));
        // A participant may not close a slot early, nor clear it before its gate closure.
        assertEquals("SLOT_OPEN", refusal(() -> home1.operator().closeSlot(s)));
        assertEquals("SLOT_OPEN", refusal(() -> operator.operator().clearSlot(s)));
        // One side per participant and slot.
        assertEquals("BOTH_SIDES", refusal(() -> home1.participant().submitOrder(OrderRequest.sell(cid("side2"), s, 100, 1_000))));
        // Values the client accepts but the market does not.
        assertEquals("INVALID_FORMAT", refusal(() -> home1.participant().submitOrder(
                OrderRequest.buy(cid("src"), s, 100, 2_000).withSourceType("Solar Panel"))));
        Slot tooFar = market.slotAt(market.gateClosure(s).plus(Duration.ofDays(ItNetwork.ORDER_WINDOW_DAYS + 30)));
        assertEquals("OUT_OF_RANGE", refusal(() -> home1.participant().submitOrder(OrderRequest.buy(cid("far"), tooFar, 100, 2_000))));
        assertEquals("NOT_FOUND", refusal(() -> home1.participant().clearingResult(s)));
        assertEquals("NOT_FOUND", refusal(() -> home1.participant().settlement(s)));
    }

    @Test
    void whoAmIReadsRoleAndParticipantFromTheCertificate() throws Exception {
        CallerInfo me = home1.participant().whoAmI();
        assertEquals("RetailerOrgMSP", me.mspId());
        assertEquals("participant", me.role());
        assertTrue(me.roleAccepted());
        assertEquals("RetailerOrgMSP:home-001", me.participantId());
        assertEquals(Participant.Status.ACTIVE, me.participant().status());

        CallerInfo op = operator.participant().whoAmI();
        assertEquals("operator", op.role());
        assertTrue(op.roleAccepted());
        assertNull(operator.participant().participantId());

        try (P2peConnection meter = ItNetwork.connect(GRID, "meter")) {
            CallerInfo m = meter.participant().whoAmI();
            assertEquals("GridOrgMSP", m.mspId());
            assertEquals("meter", m.role());
            assertNotEquals(op.clientId(), m.clientId());
        }
    }
}
