package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static io.p2pe.sdk.it.ItNetwork.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.MarketJson;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ClearingVerification;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A clearing whose result is stored in more pieces than one transaction writes, on the real
 * network: with pieces of 256 bytes, one per transaction, ClearSlot stores the first piece, the
 * SDK's clearSlot publishes the rest through slot:PublishClearing, and the auditor re-runs the
 * engine on the input the ledger rebuilds from the orders and gets the stored result byte for byte.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClearingPublicationIT {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection home2;
    private P2peConnection biz;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        home2 = ItNetwork.connect(RETAILER, "home-002");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, auditor, home1, home2, biz);
    }

    private static String cid(String name) {
        return "cpub-" + RUN + "-" + name;
    }

    @Test
    void aResultInManyPiecesIsPublishedAndVerifiable() throws Exception {
        Slot slot = ItNetwork.futureSlot(market);
        OrderRecord buy1 = home1.participant().submitOrder(OrderRequest.buy(cid("b1"), slot, 1_500, 2_150));
        home2.participant().submitOrder(OrderRequest.buy(cid("b2"), slot, 700, 1_900));
        biz.participant().submitOrder(OrderRequest.sell(cid("s1"), slot, 1_000, 1_200).withSourceType("solar"));
        operator.operator().closeSlot(slot);
        MarketSettings small = operator.operator().configureMarket(MarketConfigRequest.from(market)
                .clearingChunkBytes(256).clearingChunksPerTx(1).build());
        ClearingRecord c;
        try {
            assertEquals(256, small.clearingChunkBytes());
            // The raw transaction: ClearSlot answers with the slot state and stores one piece.
            SlotState cleared;
            try (Adversary raw = Adversary.of(EXCHANGE, "operator")) {
                cleared = JSON.readValue(raw.submit(Contracts.Slot.NAME, Contracts.Slot.CLEAR_SLOT, slot.toString()),
                        SlotState.class);
            }
            int pieces = cleared.clearing().resultChunks();
            assertTrue(pieces >= 3, "three orders' result in 256-byte pieces: " + pieces);
            assertEquals(1, cleared.clearing().resultChunksPublished());
            assertEquals("CLEARING_INCOMPLETE", refusal(() -> home1.participant().clearingResult(slot)));
            assertEquals("CLEARING_INCOMPLETE", refusal(() -> home1.participant().order(buy1.orderId())));
            // The SDK publishes the other pieces, one transaction each, and reads the clearing back.
            c = operator.operator().clearSlot(slot);
            assertEquals(pieces, c.clearing().resultChunksPublished());
        } finally {
            operator.operator().configureMarket(MarketConfigRequest.from(market).build());
        }
        assertEquals(1_000, c.clearing().volumeWh());
        assertEquals(c, home1.participant().clearingResult(slot));
        long bytes = c.clearing().segments().get(0).resultBytes();
        assertEquals(bytes, c.segments().get(0).result().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertEquals(c.clearing().segments().get(0).inputDigest(),
                MarketJson.inputDigest(MarketJson.readInput(c.segments().get(0).input())));
        ClearingVerification v = auditor.audit().verifyClearing(slot);
        assertTrue(v.verified(), v.problems().toString());
        assertTrue(v.segments().stream().allMatch(ClearingVerification.SegmentCheck::resultIdentical));
        assertEquals(1_000L, home1.participant().order(buy1.orderId()).filledWh());
        assertEquals(List.of(SlotState.Status.CLEARED), List.of(auditor.participant().slot(slot).status()));
    }
}
