package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Side;
import io.p2pe.market.Slot;
import io.p2pe.protocol.AggregatorAuthorization;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderBatch;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Aggregated submission on the real network: RetailerOrg's households home-001 and home-002
 * authorise a fresh aggregator identity (role {@code aggregator}, RetailerOrg's CA, registered by
 * the operator), which submits their orders in one transaction through RetailerOrg's gateway; the
 * orders are the households' own; a retry returns them; after home-002 revokes, the aggregator's
 * batches and cancellations for it are refused.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AggregationIT {
    private static final String HOME_1 = "RetailerOrgMSP:home-001";
    private static final String HOME_2 = "RetailerOrgMSP:home-002";
    private P2peConnection operator;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection aggregator;
    private String aggregatorId;
    private Slot slot;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        String name = ItNetwork.enroll(RETAILER, "agg-" + RUN, "aggregator");
        operator.operator().ensureParticipant(ParticipantRegistration.of(name, "BUSINESS").withMspId("RetailerOrgMSP"));
        aggregatorId = "RetailerOrgMSP:" + name;
        aggregator = ItNetwork.connect(RETAILER, name);
        slot = ItNetwork.futureSlot(market);
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, home1, home2, aggregator);
    }

    private String cid(String name) {
        return "agit-" + RUN + "-" + name;
    }

    @Test
    void householdsAuthoriseAnAggregatorWhoseBatchStoresTheirOwnOrdersUntilRevoked() throws Exception {
        AggregatorAuthorization a1 = home1.participant().authorizeAggregator(aggregatorId);
        assertEquals(HOME_1, a1.participant());
        assertEquals(aggregatorId, a1.aggregator());
        home2.participant().authorizeAggregator(aggregatorId);
        assertEquals(aggregatorId, aggregator.aggregator().aggregatorId());

        OrderBatch batch = OrderBatch.builder()
                .add(HOME_1, OrderRequest.sell(cid("s1"), slot, 1_200, 1_500))
                .add(HOME_2, OrderRequest.buy(cid("b1"), slot, 800, 2_100))
                .add(HOME_1, OrderRequest.sell(cid("s2"), slot, 300, 1_600))
                .add(HOME_2, OrderRequest.buy(cid("b2"), slot, 500, 2_000))
                .build();
        List<OrderRecord> placed = aggregator.aggregator().submitOrders(batch);
        assertEquals(4, placed.size());
        assertEquals(List.of(HOME_1, HOME_2, HOME_1, HOME_2), placed.stream().map(OrderRecord::participant).toList());
        assertEquals(List.of(Side.SELL, Side.BUY, Side.SELL, Side.BUY), placed.stream().map(OrderRecord::side).toList());
        assertEquals(1, placed.stream().map(OrderRecord::submitTxId).distinct().count(), "one transaction");
        // Each household sees them as its own orders.
        List<String> mine = home1.participant().myOrders(slot).stream().map(OrderRecord::orderId).toList();
        assertTrue(mine.contains(placed.get(0).orderId()) && mine.contains(placed.get(2).orderId()), mine.toString());
        // A retry of the whole batch returns what the first stored.
        assertEquals(placed, aggregator.aggregator().submitOrders(batch));
        // The aggregator cancels for an authorising household.
        assertEquals(OrderRecord.Status.CANCELLED, aggregator.aggregator().cancelOrder(placed.get(3).orderId()).status());

        AggregatorAuthorization revoked = home2.participant().revokeAggregator(aggregatorId);
        assertEquals(HOME_2, revoked.participant());
        EndorsementRejectedException e = assertThrows(EndorsementRejectedException.class, () ->
                aggregator.aggregator().submitOrders(OrderBatch.builder()
                        .add(HOME_1, OrderRequest.sell(cid("s3"), slot, 100, 1_500))
                        .add(HOME_2, OrderRequest.buy(cid("b3"), slot, 100, 2_100))
                        .build()));
        assertEquals("FORBIDDEN", e.errorCode().orElseThrow().name(), e.getMessage());
        assertEquals(OptionalInt.of(1), OrderBatch.refusedIndex(e), e.getMessage());
        assertTrue(e.chaincodeMessage().contains(HOME_2 + " has not authorised aggregator " + aggregatorId),
                e.getMessage());
        assertEquals("FORBIDDEN", refusal(() -> aggregator.aggregator().cancelOrder(placed.get(1).orderId())));
        assertEquals("NOT_FOUND", refusal(() -> home2.participant().revokeAggregator(aggregatorId)));
        // Nothing of the refused batch was stored; home-002's order stays open and its own.
        assertEquals(2, home1.participant().myOrders(slot).stream()
                .filter(o -> o.clientOrderId().startsWith(cid(""))).count());
        assertEquals(OrderRecord.Status.OPEN, home2.participant().order(placed.get(1).orderId()).status());
        // home-001 still authorises it.
        assertEquals(HOME_1, aggregator.aggregator().submitOrders(OrderBatch.builder()
                .add(HOME_1, OrderRequest.sell(cid("s3"), slot, 100, 1_500)).build()).get(0).participant());
    }

    @Test
    void aParticipantIdentityIsNoAggregator() {
        assertEquals("FORBIDDEN", refusal(() -> home1.aggregator().submitOrders(OrderBatch.builder()
                .add(HOME_2, OrderRequest.buy(cid("x1"), slot, 100, 2_000)).build())));
    }
}
