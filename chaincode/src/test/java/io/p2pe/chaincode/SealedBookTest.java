package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.BIZ1;
import static io.p2pe.chaincode.TestNet.EXCHANGE_ADMIN;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.HOME3;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.SLOT;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static io.p2pe.chaincode.TestNet.json;
import static io.p2pe.chaincode.TestNet.orderJson;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Clearing;
import io.p2pe.market.MarketJson;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.SealedOrderFormat;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/**
 * The sealed book (market config {@code orderBook: SEALED}, docs/privacy.md): SetSealingKey,
 * SubmitSealedOrder, RevealOrders and ClearSlot's reveal window, on the fake peer. The ciphertext
 * is opaque to the chaincode (the SDK's SealedOrdersTest covers its format): here it is a
 * well-formed v1 blob of zeros, and the commitments are computed with the protocol's format.
 */
class SealedBookTest {
    private static final String H1 = "RetailerOrgMSP:home-001";
    private static final String H2 = "RetailerOrgMSP:home-002";
    private static final String H3 = "RetailerOrgMSP:home-003";
    private static final String KEY_ID = "retail-2026-06";
    /** Gate closure of SLOT (12:00+09:00 = 03:00Z, lead 60 min) and the end of the 300 s reveal window. */
    private static final Instant GATE = Instant.parse("2026-06-17T02:00:00Z");
    private static final Instant REVEAL_END = Instant.parse("2026-06-17T02:05:00Z");

    private final TestNet net = sealedNet("");

    static TestNet sealedNet(String extraConfig) {
        TestNet n = new TestNet().configured("{\"priceFloor\":0,\"priceCap\":100000,\"orderBook\":\"SEALED\","
                + "\"revealWindowSeconds\":300" + extraConfig + "}").withParticipants();
        n.submit(RETAILER_ADMIN, c -> n.orders.setSealingKey(c, keyJson(KEY_ID, p256PublicKey())));
        return n;
    }

    static String keyJson(String keyId, String publicKey) {
        return "{\"keyId\":\"" + keyId + "\",\"publicKey\":\"" + publicKey + "\"}";
    }

    /** A fresh EC key's X.509 SubjectPublicKeyInfo, base64 (its value does not matter to the chaincode). */
    static String p256PublicKey() {
        return publicKey("secp256r1");
    }

    private static String publicKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The revealed content of one sealed order, with its salt (32 bytes of {@code saltByte}). */
    record Revealed(String orderId, String participant, String side, long wh, long price, boolean renewableOnly,
                    String sourceType, byte saltByte) {
        byte[] salt() {
            byte[] s = new byte[32];
            Arrays.fill(s, saltByte);
            return s;
        }

        String commitment() {
            return SealedOrderFormat.commitment(salt(), SealedOrderFormat.canonical(orderId, participant, SLOT, side, wh,
                    price, renewableOnly, sourceType));
        }

        String json() {
            return json(HexFormat.of().formatHex(salt()));
        }

        String json(String saltHex) {
            return "{\"orderId\":\"" + orderId + "\",\"side\":\"" + side + "\",\"wh\":" + wh + ",\"price\":" + price
                    + (renewableOnly ? ",\"renewableOnly\":true" : "")
                    + (sourceType == null ? "" : ",\"sourceType\":\"" + sourceType + "\"") + ",\"salt\":\"" + saltHex
                    + "\"}";
        }
    }

    static Revealed content(String participant, String clientOrderId, String side, long wh, long price) {
        return new Revealed(OrderContract.orderId(SLOT_KEY, participant, clientOrderId), participant, side, wh, price,
                false, null, (byte) clientOrderId.hashCode());
    }

    /** A well-formed v1 ciphertext: version byte 1 and zeros (the chaincode never decrypts). */
    static final String CIPHERTEXT = Base64.getEncoder().encodeToString(ciphertextBytes());

    private static byte[] ciphertextBytes() {
        byte[] b = new byte[OrderContract.MIN_CIPHERTEXT_BYTES + 40];
        b[0] = 1;
        return b;
    }

    static String sealedJson(String clientOrderId, String commitment, String keyId, String ciphertext) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"slot\":\"" + SLOT + "\",\"commitment\":\"" + commitment
                + "\",\"keyId\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}";
    }

    private Revealed seal(TestIdentity who, String participant, String clientOrderId, String side, long wh, long price) {
        Revealed r = content(participant, clientOrderId, side, wh, price);
        net.submit(who, c -> net.orders.submitSealedOrder(c, sealedJson(clientOrderId, r.commitment(), KEY_ID, CIPHERTEXT)));
        return r;
    }

    private static String reveal(Revealed... orders) {
        List<String> items = new ArrayList<>();
        for (Revealed r : orders) {
            items.add(r.json());
        }
        return "{\"slot\":\"" + SLOT + "\",\"orders\":[" + String.join(",", items) + "]}";
    }

    private JsonNode committed(String key) {
        byte[] v = net.stub.snapshot().get(key);
        return v == null ? null : json(new String(v, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ SetSealingKey / GetSealingKey

    @Test
    void anOrgAdminPublishesItsSealingKeyUnderItsOwnKey() {
        String pk = p256PublicKey();
        JsonNode k = json(net.submit(EXCHANGE_ADMIN, c -> net.orders.setSealingKey(c, keyJson("ex-1", pk))));
        assertEquals("ExchangeOrgMSP", k.get("mspId").asText());
        assertEquals(Set.of(Keys.sealingKey("ExchangeOrgMSP")), net.lastWrites.keySet());
        assertEquals("SealingKeySet", net.lastEvent().getEventName());
        assertEquals(pk, json(net.evaluate(HOME1, c -> net.orders.getSealingKey(c, "ExchangeOrgMSP"))).get("publicKey").asText());
        // The same key again writes nothing; the same id for another key is refused.
        net.submit(EXCHANGE_ADMIN, c -> net.orders.setSealingKey(c, keyJson("ex-1", pk)));
        assertTrue(net.lastWrites.isEmpty());
        String msg = net.refused(ErrorCode.CONFLICT, EXCHANGE_ADMIN,
                c -> net.orders.setSealingKey(c, keyJson("ex-1", p256PublicKey())));
        assertTrue(msg.contains("'keyId' \"ex-1\""), msg);
    }

    @Test
    void setSealingKeyRefusals() {
        String pk = p256PublicKey();
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.orders.setSealingKey(c, keyJson("k", pk)));
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.orders.setSealingKey(c, keyJson("k", pk)));
        net.refused(ErrorCode.FORBIDDEN, TestIdentity.admin("OutsiderMSP", "Admin@outsider"),
                c -> net.orders.setSealingKey(c, keyJson("k", pk)));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.setSealingKey(c,
                keyJson("k", "not base64!"))).contains("'publicKey' is not base64"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.setSealingKey(c,
                keyJson("k", publicKey("secp384r1")))).contains("another curve than P-256"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.setSealingKey(c,
                keyJson("k", Base64.getEncoder().encodeToString(new byte[40])))).contains("not an EC public key"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.setSealingKey(c,
                keyJson("k k", pk))).contains("'keyId'"));
        net.refused(ErrorCode.MISSING_FIELD, RETAILER_ADMIN, c -> net.orders.setSealingKey(c, "{\"keyId\":\"k\"}"));
        ChaincodeException bad = assertThrows(ChaincodeException.class,
                () -> net.evaluate(HOME1, c -> net.orders.getSealingKey(c, "Grid Org")));
        assertTrue(bad.getMessage().startsWith("INVALID_FORMAT: GetSealingKey: field 'mspId'"), bad.getMessage());
        ChaincodeException e = assertThrows(ChaincodeException.class,
                () -> net.evaluate(HOME1, c -> net.orders.getSealingKey(c, "GridOrgMSP")));
        assertEquals("NOT_FOUND: GetSealingKey: GridOrgMSP has published no sealing key", e.getMessage());
    }

    // ------------------------------------------------------------------ SubmitSealedOrder

    @Test
    void aSealedOrderStoresNeitherSideNorWhNorPrice() {
        Revealed r = seal(HOME1, H1, "s-1", "SELL", 1_234_567, 98_765);
        JsonNode stored = committed(Keys.order(SLOT_KEY, r.orderId()));
        assertEquals("SEALED", stored.get("status").asText());
        assertTrue(stored.get("side").isNull());
        assertEquals(0, stored.get("wh").asLong());
        assertEquals(0, stored.get("price").asLong());
        assertEquals(r.commitment(), stored.get("sealed").get("commitment").asText());
        assertEquals(KEY_ID, stored.get("sealed").get("keyId").asText());
        assertEquals(Set.of(Keys.order(SLOT_KEY, r.orderId()), Keys.ownerOrder(H1, SLOT_KEY, r.orderId()),
                Keys.clientOrder(H1, "s-1"), Keys.sealedPosition(SLOT_KEY, H1)), net.lastWrites.keySet());
        for (Map.Entry<String, byte[]> w : net.lastWrites.entrySet()) {
            String v = new String(w.getValue(), StandardCharsets.UTF_8);
            assertFalse(v.contains("1234567") || v.contains("98765") || v.contains("SELL"), w.getKey() + " = " + v);
        }
        assertEquals("OrderSubmitted", net.lastEvent().getEventName());
        JsonNode ev = net.lastEventPayload();
        List<String> fields = new ArrayList<>();
        ev.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("clientOrderId", "orderId", "participant", "slot", "txId"), fields.stream().sorted().toList());
        // A retry (same commitment) answers the stored record and writes nothing.
        String again = net.submit(HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", r.commitment(), KEY_ID, CIPHERTEXT)));
        assertEquals(r.orderId(), json(again).get("orderId").asText());
        assertTrue(net.lastWrites.isEmpty());
    }

    @Test
    void submitSealedOrderRefusals() {
        String commitment = content(H1, "s-1", "SELL", 100, 1000).commitment();
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT)));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", "ABC", KEY_ID, CIPHERTEXT))).contains("'commitment'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, KEY_ID, "%%%"))).contains("'ciphertext' must be base64"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, KEY_ID, "AQID"))).contains("'ciphertext' must be a sealed order of format v1"));
        assertTrue(net.refused(ErrorCode.CONFLICT, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, "old-key", CIPHERTEXT))).contains("not the current sealing key"));
        // BIZ1's org (ExchangeOrg) has published no key.
        assertTrue(net.refused(ErrorCode.NOT_FOUND, BIZ1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT))).contains("ExchangeOrgMSP has published no sealing key"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT).replace("\"keyId\"", "\"price\":1,\"keyId\"")))
                .contains("price"));
        net.refused(ErrorCode.NOT_REGISTERED, TestIdentity.client("RetailerOrgMSP", "home-009", "participant", "home-009"),
                c -> net.orders.submitSealedOrder(c, sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT)));
        // Orders are taken at most orderWindowDays (7) ahead of the market time 2026-06-17T01:00Z.
        String farAhead = sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT).replace(SLOT, "2026-06-25T12:00+09:00");
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, HOME1, c -> net.orders.submitSealedOrder(c, farAhead))
                .contains("must start within 7 days"));
        net.submit(HOME1, c -> net.orders.submitSealedOrder(c, sealedJson("s-1", commitment, KEY_ID, CIPHERTEXT)));
        net.refused(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", content(H1, "s-1", "SELL", 100, 1001).commitment(), KEY_ID, CIPHERTEXT)));
        net.now = GATE;
        assertTrue(net.refused(ErrorCode.SLOT_CLOSED, HOME2, c -> net.orders.submitSealedOrder(c,
                sealedJson("b-1", commitment, KEY_ID, CIPHERTEXT))).contains("gate closure of slot"));
    }

    @Test
    void theOpenOrderCapCountsSealedOrders() {
        TestNet small = sealedNet(",\"maxOpenOrdersPerParticipant\":1");
        small.submit(HOME1, c -> small.orders.submitSealedOrder(c, sealedJson("s-1", "0".repeat(64), KEY_ID, CIPHERTEXT)));
        String msg = small.refused(ErrorCode.BEYOND_LIMITS, HOME1, c -> small.orders.submitSealedOrder(c,
                sealedJson("s-2", "1".repeat(64), KEY_ID, CIPHERTEXT)));
        assertTrue(msg.contains("has 1 sealed and open orders"), msg);
    }

    @Test
    void theModeDecidesWhichSubmissionIsAccepted() {
        String msg = net.refused(ErrorCode.INVALID_STATE, HOME1, c -> net.orders.submitOrder(c,
                orderJson("c-1", SLOT, "SELL", 100, 1000, "")));
        assertTrue(msg.contains("order book is SEALED (market config orderBook)"), msg);
        net.refused(ErrorCode.INVALID_STATE, HOME1, c -> net.orders.submitOrders(c, "{\"orders\":[]}"));
        TestNet open = new TestNet().configured("{}").withParticipants();
        assertTrue(open.refused(ErrorCode.INVALID_STATE, HOME1, c -> open.orders.submitSealedOrder(c,
                sealedJson("s-1", "0".repeat(64), KEY_ID, CIPHERTEXT))).contains("order book is OPEN"));
    }

    @Test
    void aSealedOrderInTheBlockOfCloseSlotIsInvalidated() {
        Revealed r = content(H1, "s-1", "SELL", 100, 1000);
        TestNet.Proposal late = net.endorse(HOME1, c -> net.orders.submitSealedOrder(c,
                sealedJson("s-1", r.commitment(), KEY_ID, CIPHERTEXT)));
        TestNet.Proposal close = net.endorse(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), net.commitBlock(close, late));
        assertNull(committed(Keys.order(SLOT_KEY, r.orderId())));
    }

    // ------------------------------------------------------------------ RevealOrders

    @Test
    void revealMakesValidOrdersOpenAndRecordsRuleViolationsRejected() {
        Revealed sell = seal(HOME1, H1, "s-1", "SELL", 1500, 1800);
        Revealed overCap = seal(HOME2, H2, "b-1", "BUY", 1000, 200_000);
        Revealed buy = seal(HOME2, H2, "b-2", "BUY", 1000, 2000);
        Revealed otherSide = seal(HOME2, H2, "s-2", "SELL", 10, 1000);
        Revealed noWh = seal(HOME3, H3, "s-3", "SELL", 0, 1000);
        net.now = GATE;
        // Anyone with a p2pe identity may reveal: here a participant of another org.
        JsonNode out = json(net.submit(BIZ1, c -> net.orders.revealOrders(c, reveal(sell, overCap, buy, otherSide, noWh))));
        List<String> statuses = new ArrayList<>();
        out.get("orders").forEach(o -> statuses.add(o.get("status").asText()));
        assertEquals(List.of("OPEN", "REJECTED", "OPEN", "REJECTED", "REJECTED"), statuses);
        JsonNode s = committed(Keys.order(SLOT_KEY, sell.orderId()));
        assertEquals("SELL", s.get("side").asText());
        assertEquals(1500, s.get("wh").asLong());
        assertEquals(1800, s.get("price").asLong());
        assertEquals("solar", s.get("sourceType").asText());
        assertEquals("tokyo/setagaya/seijo/feeder-3", s.get("location").asText());
        assertEquals(sell.commitment(), s.get("sealed").get("commitment").asText());
        assertEquals("OUT_OF_RANGE", committed(Keys.order(SLOT_KEY, overCap.orderId())).get("rejection").get("code").asText());
        JsonNode both = committed(Keys.order(SLOT_KEY, otherSide.orderId())).get("rejection");
        assertEquals("BOTH_SIDES", both.get("code").asText());
        JsonNode zero = committed(Keys.order(SLOT_KEY, noWh.orderId())).get("rejection");
        assertEquals("OUT_OF_RANGE", zero.get("code").asText());
        assertTrue(zero.get("message").asText().contains("'wh'"), zero.toString());
        // Positions count the OPEN ones (the buy, the sell); sealed positions: gone.
        assertEquals(1, openOrders(H2));
        assertEquals(1, openOrders(H1));
        assertEquals("OPEN", committed(Keys.order(SLOT_KEY, buy.orderId())).get("status").asText());
        assertNull(committed(Keys.sealedPosition(SLOT_KEY, H1)));
        assertNull(committed(Keys.sealedPosition(SLOT_KEY, H2)));
        assertEquals("OrdersRevealed", net.lastEvent().getEventName());
        assertEquals(3, net.lastEventPayload().get("rejected").size());
    }

    private int openOrders(String participant) {
        return committed(Keys.position(SLOT_KEY, participant)).get("openOrders").asInt();
    }

    @Test
    void aWrongSaltRefusesTheWholeRevealAndChangesNothing() {
        Revealed sell = seal(HOME1, H1, "s-1", "SELL", 1500, 1800);
        Revealed buy = seal(HOME2, H2, "b-1", "BUY", 1000, 2000);
        net.now = GATE;
        NavigableMap<String, byte[]> before = net.stub.snapshot();
        String wrongSalt = "{\"slot\":\"" + SLOT + "\",\"orders\":[" + sell.json() + "," + buy.json("00".repeat(32)) + "]}";
        String msg = net.refused(ErrorCode.HASH_MISMATCH, RETAILER_ADMIN, c -> net.orders.revealOrders(c, wrongSalt));
        assertEquals("orders[1]: order " + buy.orderId() + " does not match its commitment (wrong salt or content); "
                + "nothing was revealed", msg);
        Revealed otherPrice = new Revealed(buy.orderId(), H2, "BUY", 1000, 2001, false, null, buy.saltByte());
        net.refused(ErrorCode.HASH_MISMATCH, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(otherPrice)));
        TestNet.assertStateEquals(before, net.stub.snapshot());
    }

    @Test
    void revealOrdersRefusals() {
        Revealed sell = seal(HOME1, H1, "s-1", "SELL", 1500, 1800);
        assertTrue(net.refused(ErrorCode.SLOT_OPEN, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell)))
                .contains("is open until its gate closure"));
        net.now = GATE;
        net.refused(ErrorCode.FORBIDDEN, TestIdentity.client("RetailerOrgMSP", "x", null, null),
                c -> net.orders.revealOrders(c, reveal(sell)));
        net.refused(ErrorCode.DUPLICATE_ORDER_ID, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell, sell)));
        net.refused(ErrorCode.OUT_OF_RANGE, RETAILER_ADMIN, c -> net.orders.revealOrders(c,
                "{\"slot\":\"" + SLOT + "\",\"orders\":[]}"));
        List<Revealed> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(sell);
        }
        net.refused(ErrorCode.BEYOND_LIMITS, RETAILER_ADMIN, c -> net.orders.revealOrders(c,
                reveal(many.toArray(new Revealed[0]))));
        net.refused(ErrorCode.MISSING_FIELD, RETAILER_ADMIN, c -> net.orders.revealOrders(c, "{\"slot\":\"" + SLOT + "\"}"));
        assertTrue(net.refused(ErrorCode.MALFORMED_INPUT, RETAILER_ADMIN, c -> net.orders.revealOrders(c,
                "{\"slot\":\"" + SLOT + "\",\"orders\":[7]}")).startsWith("orders[0]: "));
        Revealed unknown = content(H1, "nope", "SELL", 1, 1);
        net.refused(ErrorCode.NOT_FOUND, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(unknown)));
        String badSalt = "{\"slot\":\"" + SLOT + "\",\"orders\":[" + sell.json("xyz") + "]}";
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.revealOrders(c, badSalt))
                .startsWith("orders[0]: "));
        String otherSlot = reveal(sell).replace(sell.orderId(), "20260617T0330Z-" + sell.orderId().substring(15));
        net.refused(ErrorCode.INVALID_FORMAT, RETAILER_ADMIN, c -> net.orders.revealOrders(c, otherSlot));
        net.submit(RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell)));
        assertTrue(net.refused(ErrorCode.INVALID_STATE, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell)))
                .contains("is OPEN, not SEALED"));
        net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertTrue(net.refused(ErrorCode.INVALID_STATE, RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell)))
                .contains("is CLEARED"));
    }

    // ------------------------------------------------------------------ ClearSlot and the reveal window

    @Test
    void clearSlotWaitsForTheRevealWindowThenClearsWithoutTheUnrevealed() throws Exception {
        Revealed sell = seal(HOME1, H1, "s-1", "SELL", 1500, 1800);
        Revealed buy = seal(HOME2, H2, "b-1", "BUY", 1000, 2000);
        Revealed silent = seal(HOME3, H3, "s-3", "SELL", 500, 100);
        net.now = GATE;
        net.submit(OPERATOR, c -> net.slots.closeSlot(c, SLOT));
        net.submit(RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell, buy)));
        net.now = REVEAL_END.minusSeconds(1);
        String msg = net.refused(ErrorCode.REVEAL_WINDOW_OPEN, OPERATOR, c -> net.slots.clearSlot(c, SLOT));
        assertTrue(msg.contains("has 1 sealed orders not yet revealed and its reveal window ends at 2026-06-17T02:05:00Z"),
                msg);
        net.now = REVEAL_END;
        JsonNode cleared = json(net.clearAndRead(OPERATOR, SLOT));
        JsonNode summary = cleared.get("clearing");
        assertEquals(List.of(silent.orderId()), List.of(summary.get("unrevealedOrderIds").get(0).asText()));
        assertEquals(2, summary.get("orderCount").asInt());
        // UNIFORM_PRICE: 1000 Wh trade between the SELL at 1800 and the BUY at 2000.
        assertEquals(1000, summary.get("volumeWh").asLong());
        String input = cleared.get("segments").get(0).get("input").asText();
        assertFalse(input.contains(silent.orderId()), input);
        // The stored input re-runs to the stored result byte for byte (what provenance verify and the audit client do).
        assertEquals(cleared.get("segments").get(0).get("result").asText(),
                MarketJson.writeResult(Clearing.clear(MarketJson.readInput(input))));
        assertEquals(1, net.lastEventPayload().get("unrevealedOrderCount").asInt());
    }

    @Test
    void aFullyRevealedBookClearsAtOnce() {
        Revealed sell = seal(HOME1, H1, "s-1", "SELL", 1500, 1800);
        Revealed buy = seal(HOME2, H2, "b-1", "BUY", 1000, 2000);
        net.now = GATE;
        net.submit(RETAILER_ADMIN, c -> net.orders.revealOrders(c, reveal(sell, buy)));
        JsonNode summary = json(net.submit(OPERATOR, c -> net.slots.clearSlot(c, SLOT))).get("clearing");
        assertFalse(summary.has("unrevealedOrderIds"), summary.toString());
        assertEquals(1000, summary.get("volumeWh").asLong());
    }
}
