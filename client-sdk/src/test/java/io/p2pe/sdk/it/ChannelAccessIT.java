package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The channel ACLs of network/configtx/configtx.yaml, seen by a household: blocks carry every
 * write set (others' orders before gate closure, meter readings, money), so a client certificate
 * gets no block from qscc and no full or private-data block from the deliver service; it does get
 * filtered blocks and the chaincode events of the gateway, which the SDK's event subscriptions
 * use. An org admin (a peer-org administrator) still reads blocks.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelAccessIT {
    private Adversary household;
    private Adversary meter;
    private Adversary admin;
    private P2peConnection home1;
    private OrderRecord order;

    @BeforeAll
    void setUp() throws Exception {
        P2peConnection operator = ItNetwork.connect(EXCHANGE, "operator");
        try {
            MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
            ItNetwork.ensureTraders(operator.operator());
            home1 = ItNetwork.connect(RETAILER, "home-001");
            Slot slot = ItNetwork.futureSlot(market);
            order = home1.participant().submitOrder(OrderRequest.buy("cai-" + RUN, slot, 100, 2_000));
        } finally {
            operator.close();
        }
        household = Adversary.of(RETAILER, "home-001");
        meter = Adversary.of(GRID, "meter");
        admin = Adversary.of(RETAILER, "Admin");
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(household, meter, admin, home1);
    }

    private static String qscc(Adversary who, String function, String arg) throws GatewayException {
        byte[] r = who.network().getContract("qscc").evaluateTransaction(function, who.channelName(), arg);
        return r.length + " bytes";
    }

    @Test
    void householdGetsNoBlockOrTransactionFromQscc() {
        for (String[] call : new String[][] {{"GetBlockByNumber", "0"}, {"GetTransactionByID", order.submitTxId()},
                {"GetBlockByTxID", order.submitTxId()}}) {
            GatewayException e = assertThrows(GatewayException.class, () -> qscc(household, call[0], call[1]),
                    "qscc " + call[0] + " by a household");
            assertTrue(Adversary.details(e).contains("access denied"), call[0] + ": " + Adversary.details(e));
        }
        // Client certificates of other orgs too (the meter device of GridOrg).
        GatewayException e = assertThrows(GatewayException.class,
                () -> qscc(meter, "GetTransactionByID", order.submitTxId()));
        assertTrue(Adversary.details(e).contains("access denied"), Adversary.details(e));
    }

    @Test
    void orgAdminReadsBlocksAndTransactions() throws Exception {
        assertTrue(qscc(admin, "GetBlockByNumber", "0").endsWith("bytes"));
        assertTrue(qscc(admin, "GetTransactionByID", order.submitTxId()).endsWith("bytes"));
        try (CloseableIterator<Block> blocks = admin.network().newBlockEventsRequest().startBlock(0).build()
                .getEvents(o -> o.withDeadlineAfter(20, TimeUnit.SECONDS))) {
            assertEquals(0, blocks.next().getHeader().getNumber());
        }
    }

    /** What the deliver stream ends with when it hands out nothing; fails if it hands out an event. */
    private static String refusalOf(java.util.function.Supplier<CloseableIterator<?>> stream) {
        try (CloseableIterator<?> events = stream.get()) {
            Object first = events.next();
            throw new AssertionError("a household received " + first.getClass().getSimpleName());
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            return String.valueOf(e);
        }
    }

    @Test
    void householdGetsNoFullBlocksFromTheDeliverService() {
        String full = refusalOf(() -> household.network().newBlockEventsRequest().startBlock(0).build()
                .getEvents(o -> o.withDeadlineAfter(20, TimeUnit.SECONDS)));
        assertTrue(full.contains("FORBIDDEN"), full);
        String privateData = refusalOf(() -> household.network().newBlockAndPrivateDataEventsRequest().startBlock(0)
                .build().getEvents(o -> o.withDeadlineAfter(20, TimeUnit.SECONDS)));
        assertTrue(privateData.contains("FORBIDDEN"), privateData);
    }

    @Test
    void householdGetsFilteredBlocksAndChaincodeEvents() throws Exception {
        try (CloseableIterator<FilteredBlock> blocks = household.network().newFilteredBlockEventsRequest()
                .startBlock(0).build().getEvents(o -> o.withDeadlineAfter(20, TimeUnit.SECONDS))) {
            assertEquals(0, blocks.next().getNumber());
        }
        // The event of its own order, from the block the SDK reported it committed in.
        try (CloseableIterator<ChaincodeEvent> events = household.network().newChaincodeEventsRequest(
                home1.config().chaincode()).startBlock(0).build()
                .getEvents(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))) {
            ChaincodeEvent e;
            do {
                e = events.next();
            } while (!e.getTransactionId().equals(order.submitTxId()));
            assertEquals(order.submitTxId(), e.getTransactionId());
        }
    }
}
