package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.OrderBookMode;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.ClearingVerification;
import io.p2pe.sdk.MarketConfigRequest;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.SealedBookClient;
import io.p2pe.sdk.SealedOrders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The sealed book on the real network (docs/privacy.md): with {@code orderBook: SEALED}, GridOrg's
 * peer admin — another org than the households' — reads every block of its peer (qscc
 * GetBlockByNumber, and the peer CLI's {@code channel fetch}) and the book before closure, and
 * finds neither a sealed order's Wh nor its price; after closure a reveal with a wrong salt is
 * refused, RetailerOrg's reveal agent reveals, and ClearSlot clears the revealed book, which the
 * audit client re-runs byte for byte. The values are chosen to be found if they were there: the
 * reveal's own block holds them, which the same search finds.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
class SealedBookIT {
    /** Distinctive figures: a BUY of 2,345,678 Wh at 1,234,567 ticks, a SELL of the same Wh at 1,000,003. */
    private static final long WH = 2_345_678;
    private static final long BUY_PRICE = 1_234_567;
    private static final long SELL_PRICE = 1_000_003;

    @Test
    @Timeout(600)
    void anotherOrgsPeerAdminCannotReadASealedOrderBeforeClosureAndTheRevealedBookClears() throws Exception {
        try (P2peConnection operator = ItNetwork.connect(EXCHANGE, "operator");
             P2peConnection retailAdmin = ItNetwork.connect(RETAILER, "Admin")) {
            MarketSettings before = ItNetwork.ensureMarket(operator.operator(), operator);
            ItNetwork.ensureTraders(operator.operator());
            try {
                operator.operator().configureMarket(MarketConfigRequest.from(before).orderBook(OrderBookMode.SEALED)
                        .revealWindowSeconds(60).priceLimits(Math.min(before.priceFloor(), 0),
                                Math.max(before.priceCap(), BUY_PRICE)).build());
                sealedDay(operator, retailAdmin);
            } finally {
                operator.operator().configureMarket(MarketConfigRequest.from(before).build());
            }
        }
    }

    private void sealedDay(P2peConnection operator, P2peConnection retailAdmin) throws Exception {
        MarketSettings market = operator.participant().marketSettings();
        assertEquals(OrderBookMode.SEALED, market.orderBook());
        KeyPair key = SealedOrders.newSealingKeyPair();
        String keyId = "it-" + RUN;
        retailAdmin.sealedBook().setSealingKey(keyId, (ECPublicKey) key.getPublic());
        Slot slot = ItNetwork.futureSlot(market);
        OrderRecord buy;
        OrderRecord sell;
        try (P2peConnection home1 = ItNetwork.connect(RETAILER, "home-001");
             P2peConnection home2 = ItNetwork.connect(RETAILER, "home-002")) {
            buy = home1.participant().submitOrder(OrderRequest.buy("sb-" + RUN, slot, WH, BUY_PRICE));
            sell = home2.participant().submitOrder(OrderRequest.sell("ss-" + RUN, slot, WH, SELL_PRICE));
            // The SDK's salt is derived from the order: the same request again is a retry of the same order.
            assertEquals(buy.submitTxId(), home1.participant().submitOrder(OrderRequest.buy("sb-" + RUN, slot, WH,
                    BUY_PRICE)).submitTxId());
        }
        assertEquals(OrderRecord.Status.SEALED, buy.status());
        assertEquals(0, buy.wh());
        assertEquals(keyId, buy.sealed().keyId());

        // Before closure: GridOrg's peer admin reads every block of its peer.
        try (Adversary gridAdmin = Adversary.of(GRID, "Admin")) {
            long height = height(gridAdmin);
            assertTrue(height > 3, "blocks: " + height);
            for (long n = 0; n < height; n++) {
                String block = new String(gridAdmin.network().getContract("qscc").evaluateTransaction("GetBlockByNumber",
                        gridAdmin.channelName(), Long.toString(n)), StandardCharsets.ISO_8859_1);
                assertNotInClear(block, "block " + n + " (qscc, GridOrg admin)");
            }
            // The peer CLI as GridOrg's admin, the block of the sealed BUY.
            long buyBlock = blockOf(gridAdmin, buy.submitTxId());
            assertNotInClear(peerFetch("gridorg", gridAdmin.channelName(), buyBlock), "block " + buyBlock + " (peer channel fetch, GridOrg admin)");
            // The book as the chaincode answers it before closure: the operator may read it, and sees no figures.
            for (OrderRecord o : operator.participant().slotBook(slot)) {
                assertEquals(OrderRecord.Status.SEALED, o.status(), o.orderId());
                assertEquals(0, o.wh());
                assertEquals(0, o.price());
            }
            // GridOrg's admin gets no order by query before closure.
            GatewayException refused = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class,
                    () -> gridAdmin.contract("order").evaluateTransaction("GetOrder", buy.orderId()));
            assertTrue(Adversary.details(refused).contains("FORBIDDEN"), Adversary.details(refused));

            operator.operator().closeSlot(slot);
            // A reveal with a wrong salt is refused and reveals nothing.
            SealedOrders.Opened opened = SealedOrders.open(buy.sealed().ciphertext(), buy.orderId(), keyId,
                    key.getPrivate());
            assertEquals(BUY_PRICE, opened.price());
            String wrong = "{\"slot\":\"" + slot + "\",\"orders\":[{\"orderId\":\"" + buy.orderId() + "\",\"side\":\"BUY\","
                    + "\"wh\":" + WH + ",\"price\":" + BUY_PRICE + ",\"salt\":\"" + "00".repeat(32) + "\"}]}";
            try (Adversary retailer = Adversary.of(RETAILER, "Admin")) {
                EndorseException e = org.junit.jupiter.api.Assertions.assertThrows(EndorseException.class,
                        () -> retailer.contract("order").submitTransaction("RevealOrders", wrong));
                assertEquals(ErrorCode.HASH_MISMATCH.name(), Adversary.chaincodeCode(e), Adversary.details(e));
            }
            long heightBeforeReveal = height(gridAdmin);
            SealedBookClient.RevealReport report = retailAdmin.sealedBook().revealSlot(slot,
                    Map.of(keyId, key.getPrivate()));
            assertEquals(List.of(buy.orderId(), sell.orderId()).stream().sorted().toList(),
                    report.opened().stream().sorted().toList());
            assertEquals(List.of(), report.rejected());
            assertEquals(1, report.transactions());
            // The positive control: the reveal's block holds the figures, and the same search finds them.
            boolean found = false;
            for (long n = heightBeforeReveal; n < height(gridAdmin); n++) {
                found |= new String(gridAdmin.network().getContract("qscc").evaluateTransaction("GetBlockByNumber",
                        gridAdmin.channelName(), Long.toString(n)), StandardCharsets.ISO_8859_1)
                        .contains(Long.toString(BUY_PRICE));
            }
            assertTrue(found, "no block after the reveal holds the revealed price");
            OrderRecord revealed = operator.participant().order(buy.orderId());
            assertEquals(WH, revealed.wh());
            assertEquals(BUY_PRICE, revealed.price());
        }
        ClearingRecord cleared = clearAfterReveal(operator, slot);
        // UNIFORM_PRICE or PAY_AS_BID: one trade of the whole 2,345,678 Wh.
        assertEquals(WH, cleared.clearing().volumeWh());
        assertEquals(List.of(), cleared.clearing().unrevealedOrderIds());
        ClearingVerification v = operator.audit().verifyClearing(slot);
        assertTrue(v.verified(), v.problems().toString());
    }

    /**
     * ClearSlot once the operator's peer has the reveals: the reveal waited for RetailerOrg's peer
     * only, and a peer that has not committed it yet still counts sealed orders (REVEAL_WINDOW_OPEN).
     */
    private static ClearingRecord clearAfterReveal(P2peConnection operator, Slot slot) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return operator.operator().clearSlot(slot);
            } catch (io.p2pe.sdk.EndorsementRejectedException e) {
                if (e.errorCode().orElse(null) != ErrorCode.REVEAL_WINDOW_OPEN || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static void assertNotInClear(String bytes, String what) {
        for (long v : new long[] {WH, BUY_PRICE, SELL_PRICE}) {
            assertFalse(bytes.contains(Long.toString(v)), what + " holds " + v + " in clear");
        }
    }

    private static long height(Adversary who) throws Exception {
        return BlockchainInfo.parseFrom(who.network().getContract("qscc").evaluateTransaction("GetChainInfo",
                who.channelName())).getHeight();
    }

    private static long blockOf(Adversary who, String txId) throws Exception {
        byte[] b = who.network().getContract("qscc").evaluateTransaction("GetBlockByTxID", who.channelName(), txId);
        return org.hyperledger.fabric.protos.common.Block.parseFrom(b).getHeader().getNumber();
    }

    /** {@code peer channel fetch <n>} as ORG's Admin against ORG's peer (test-network-scripts/lib/common.sh peer_cli). */
    private static String peerFetch(String org, String channel, long number) throws Exception {
        Path out = Files.createTempFile("p2pe-sealed-block", ".pb");
        try {
            Path lib = Path.of("").toAbsolutePath().getParent().resolve("test-network-scripts/lib/common.sh");
            String script = ". \"$0\"; require_state; peer_cli \"$@\"";
            List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, lib.toString(), org, "channel", "fetch",
                    Long.toString(number), out.toString(), "-c", channel));
            ItNetwork.run(cmd, Map.of("NETWORK_HOME", ItNetwork.dir().toAbsolutePath().toString()), Duration.ofSeconds(60));
            byte[] bytes = Files.readAllBytes(out);
            assertTrue(bytes.length > 0, "peer channel fetch wrote nothing");
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
