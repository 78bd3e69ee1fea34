package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SealedOrderFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** The sealed order format v1 of docs/privacy.md: commitment, ECIES round trip, tamper detection. */
class SealedOrdersTest {
    private static final String ORDER_ID = "20260617T0300Z-0123456789abcdef0123456789abcdef01234567";
    private static final String KEY_ID = "retail-2026-06";
    private static final byte[] CANONICAL = SealedOrderFormat.canonical(ORDER_ID, "RetailerOrgMSP:home-001",
            "2026-06-17T12:00+09:00", "SELL", 1_234_567, 98_765, false, "solar");
    private static final byte[] SALT = filled((byte) 1);
    private final KeyPair org = SealedOrders.newSealingKeyPair();

    private static byte[] filled(byte b) {
        byte[] s = new byte[32];
        Arrays.fill(s, b);
        return s;
    }

    @Test
    void theCanonicalBytesAndCommitmentAreTheDocumentedOnes() {
        assertEquals("p2pe-sealed-order-v1|" + ORDER_ID + "|RetailerOrgMSP:home-001|2026-06-17T12:00+09:00|SELL|1234567"
                + "|98765|false|solar", new String(CANONICAL, StandardCharsets.UTF_8));
        // Known answer: python3 hashlib.sha256(b'\x01' * 32 + canonical).hexdigest()
        assertEquals("a597c98c526e8f26a83dda83ef722a804a1ea1d6679238af9817c98a2dd0881c",
                SealedOrderFormat.commitment(SALT, CANONICAL));
        assertNotEquals(SealedOrderFormat.commitment(SALT, CANONICAL),
                SealedOrderFormat.commitment(filled((byte) 2), CANONICAL), "the salt changes the commitment");
    }

    @Test
    void aSealedOrderOpensWithTheOrgsKeyToItsSaltAndFields() throws Exception {
        SealedOrders.Sealed s = SealedOrders.seal(ORDER_ID, CANONICAL, SALT, KEY_ID, (ECPublicKey) org.getPublic());
        assertEquals(SealedOrderFormat.commitment(SALT, CANONICAL), s.commitment());
        byte[] raw = Base64.getDecoder().decode(s.ciphertext());
        // version, 65-byte point, 12-byte nonce, salt + canonical, 16-byte tag
        assertEquals(1 + 65 + 12 + 32 + CANONICAL.length + 16, raw.length);
        assertEquals(1, raw[0]);
        assertEquals(4, raw[1]);
        SealedOrders.Opened o = SealedOrders.open(s.ciphertext(), ORDER_ID, KEY_ID, org.getPrivate());
        assertArrayEquals(SALT, o.salt());
        assertEquals("RetailerOrgMSP:home-001", o.participant());
        assertEquals("SELL", o.side());
        assertEquals(1_234_567, o.wh());
        assertEquals(98_765, o.price());
        assertEquals("solar", o.sourceType());
        assertEquals(HexFormat.of().formatHex(SALT), o.revealEntry().get("salt"));
        // The ciphertext never holds the order in clear, and two seals of one order differ (ephemeral key, nonce).
        assertTrue(!new String(raw, StandardCharsets.ISO_8859_1).contains("1234567"));
        assertNotEquals(s.ciphertext(), SealedOrders.seal(ORDER_ID, CANONICAL, SALT, KEY_ID,
                (ECPublicKey) org.getPublic()).ciphertext());
    }

    @Test
    void anyAlteredByteOrWrongKeyOrIdIsDetected() {
        String ct = SealedOrders.seal(ORDER_ID, CANONICAL, SALT, KEY_ID, (ECPublicKey) org.getPublic()).ciphertext();
        byte[] raw = Base64.getDecoder().decode(ct);
        for (int i : new int[] {1 + 65 + 3, 1 + 65 + 12 + 5, raw.length - 1}) {
            byte[] t = raw.clone();
            t[i] ^= 1;
            assertThrows(AEADBadTagException.class, () -> SealedOrders.open(Base64.getEncoder().encodeToString(t),
                    ORDER_ID, KEY_ID, org.getPrivate()), "byte " + i);
        }
        String otherOrder = ORDER_ID.replace("0123", "9999");
        assertThrows(AEADBadTagException.class, () -> SealedOrders.open(ct, otherOrder, KEY_ID, org.getPrivate()));
        assertThrows(AEADBadTagException.class, () -> SealedOrders.open(ct, ORDER_ID, "other-key", org.getPrivate()));
        assertThrows(AEADBadTagException.class, () -> SealedOrders.open(ct, ORDER_ID, KEY_ID,
                SealedOrders.newSealingKeyPair().getPrivate()));
        byte[] v2 = raw.clone();
        v2[0] = 2;
        assertThrows(GeneralSecurityException.class, () -> SealedOrders.open(Base64.getEncoder().encodeToString(v2),
                ORDER_ID, KEY_ID, org.getPrivate()));
    }

    @Test
    void theSdkDerivesTheChaincodesOrderIdAndARepeatableSecretSalt() {
        Slot slot = Slot.parse("2026-06-17T12:00+09:00", 30);
        OrderRequest r = OrderRequest.sell("s-1", slot, 1500, 1800);
        String id = SealedOrders.orderId(slot, "RetailerOrgMSP:home-001", "s-1");
        assertTrue(id.matches("20260617T0300Z-[0-9a-f]{40}"), id);
        byte[] canonical = SealedOrders.canonical(id, "RetailerOrgMSP:home-001", r);
        KeyPair identity = SealedOrders.newSealingKeyPair();
        byte[] salt = SealedOrders.derivedSalt(identity.getPrivate(), canonical);
        assertEquals(32, salt.length);
        assertArrayEquals(salt, SealedOrders.derivedSalt(identity.getPrivate(), canonical));
        assertNotEquals(HexFormat.of().formatHex(salt),
                HexFormat.of().formatHex(SealedOrders.derivedSalt(SealedOrders.newSealingKeyPair().getPrivate(), canonical)));
        assertEquals("p2pe-sealed-order-v1|" + id + "|RetailerOrgMSP:home-001|2026-06-17T12:00+09:00|SELL|1500|1800|false|",
                new String(canonical, StandardCharsets.UTF_8));
    }
}
