package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.market.TieBreak;
import io.p2pe.protocol.SealedOrderFormat;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed order format v1 (docs/privacy.md): ECIES with JDK primitives only — ephemeral ECDH
 * on P-256, HKDF-SHA256, AES-256-GCM with the order id as additional data — over
 * {@code salt ‖ canonical order bytes}, and the salted commitment the chaincode checks at reveal.
 *
 * <pre>{@code
 * KeyPair orgKey = SealedOrders.newSealingKeyPair();
 * SealedOrders.Sealed s = SealedOrders.seal(orderId, canonical, salt, "retail-1", (ECPublicKey) orgKey.getPublic());
 * SealedOrders.Opened o = SealedOrders.open(s.ciphertext(), orderId, "retail-1", orgKey.getPrivate());
 * }</pre>
 */
public final class SealedOrders {
    static final byte VERSION = 1;
    static final int POINT_BYTES = 65;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedOrders() {
    }

    /**
     * A sealed order as SubmitSealedOrder takes it.
     *
     * @param commitment hex SHA-256(salt ‖ canonical)
     * @param ciphertext base64 of the v1 ciphertext
     */
    public record Sealed(String orderId, String commitment, String keyId, String ciphertext) {
    }

    /** A decrypted sealed order: its salt and the fields of its canonical bytes. */
    public record Opened(String orderId, byte[] salt, String participant, String slot, String side, long wh,
                         long price, boolean renewableOnly, String sourceType) {
        /** The entry of a RevealOrders batch. */
        public Map<String, Object> revealEntry() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orderId", orderId);
            m.put("side", side);
            m.put("wh", wh);
            m.put("price", price);
            if (renewableOnly) {
                m.put("renewableOnly", true);
            }
            if (sourceType != null) {
                m.put("sourceType", sourceType);
            }
            m.put("salt", HexFormat.of().formatHex(salt));
            return m;
        }
    }

    /** The ledger's order id, as the chaincode derives it: {@code <slot key>-<40 hex of SHA-256(participant|clientOrderId)>}. */
    public static String orderId(Slot slot, String participantId, String clientOrderId) {
        String hash = TieBreak.sha256Hex((participantId + "|" + clientOrderId).getBytes(StandardCharsets.UTF_8));
        return slot.sortKey() + "-" + hash.substring(0, 40);
    }

    /** The canonical bytes of an order request of {@code participantId}. */
    public static byte[] canonical(String orderId, String participantId, OrderRequest r) {
        return SealedOrderFormat.canonical(orderId, participantId, r.slot().toString(), r.side().name(), r.wh(),
                r.price(), r.renewableOnly(), r.sourceType());
    }

    /**
     * A salt only the holder of {@code identityKey} can compute, the same for the same order: a
     * repeated request then repeats the commitment and SubmitSealedOrder answers it as a retry.
     * HMAC-SHA256 keyed with SHA-256 of the key's encoding over the canonical bytes; any 32
     * unpredictable bytes are as valid.
     */
    public static byte[] derivedSalt(PrivateKey identityKey, byte[] canonical) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(identityKey.getEncoded());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            mac.update("p2pe sealed order salt v1|".getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(canonical);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 or HmacSHA256", e);
        }
    }

    /** 32 random bytes. */
    public static byte[] randomSalt() {
        byte[] s = new byte[SealedOrderFormat.SALT_BYTES];
        RANDOM.nextBytes(s);
        return s;
    }

    /** A new P-256 key pair for an org's sealing key. */
    public static KeyPair newSealingKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }

    /** A private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), how an org keeps its sealing key. */
    public static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * An EC private key from PKCS#8 PEM.
     *
     * @throws GeneralSecurityException when the text is not a PKCS#8 EC private key
     */
    public static PrivateKey readPrivateKeyPem(String pem) throws GeneralSecurityException {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a PEM private key (PKCS#8, BEGIN PRIVATE KEY)");
        }
    }

    /** Commits to and encrypts one order to the org's key. */
    public static Sealed seal(String orderId, byte[] canonical, byte[] salt, String keyId, ECPublicKey orgKey) {
        if (salt.length != SealedOrderFormat.SALT_BYTES) {
            throw new IllegalArgumentException("salt must be " + SealedOrderFormat.SALT_BYTES + " bytes, got " + salt.length);
        }
        try {
            KeyPair ephemeral = newSealingKeyPair();
            byte[] point = uncompressed((ECPublicKey) ephemeral.getPublic());
            byte[] aesKey = aesKey(ephemeral.getPrivate(), orgKey, point, keyId);
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(orderId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = ByteBuffer.allocate(salt.length + canonical.length).put(salt).put(canonical).array();
            byte[] sealed = c.doFinal(plain);
            byte[] out = ByteBuffer.allocate(1 + POINT_BYTES + NONCE_BYTES + sealed.length).put(VERSION).put(point)
                    .put(nonce).put(sealed).array();
            return new Sealed(orderId, SealedOrderFormat.commitment(salt, canonical), keyId,
                    Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing with JDK primitives failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a sealed order with the org's private key and checks that it is the order named.
     *
     * @throws GeneralSecurityException when the ciphertext was altered, is not for this key or id
     *     ({@link javax.crypto.AEADBadTagException}), or is not of format v1
     */
    public static Opened open(String ciphertext, String orderId, String keyId, PrivateKey orgKey)
            throws GeneralSecurityException {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("ciphertext is not base64");
        }
        if (in.length < 1 + POINT_BYTES + NONCE_BYTES + TAG_BITS / 8 || in[0] != VERSION) {
            throw new GeneralSecurityException("ciphertext is not a sealed order of format v1");
        }
        byte[] point = Arrays.copyOfRange(in, 1, 1 + POINT_BYTES);
        byte[] nonce = Arrays.copyOfRange(in, 1 + POINT_BYTES, 1 + POINT_BYTES + NONCE_BYTES);
        byte[] aesKey = aesKey(orgKey, fromUncompressed(point), point, keyId);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(orderId.getBytes(StandardCharsets.UTF_8));
        byte[] plain = c.doFinal(in, 1 + POINT_BYTES + NONCE_BYTES, in.length - 1 - POINT_BYTES - NONCE_BYTES);
        if (plain.length <= SealedOrderFormat.SALT_BYTES) {
            throw new GeneralSecurityException("sealed order too short");
        }
        byte[] salt = Arrays.copyOf(plain, SealedOrderFormat.SALT_BYTES);
        String text = new String(plain, SealedOrderFormat.SALT_BYTES, plain.length - SealedOrderFormat.SALT_BYTES,
                StandardCharsets.UTF_8);
        String[] f = text.split("\\|", -1);
        if (f.length != 9 || !f[0].equals(SealedOrderFormat.VERSION) || !f[1].equals(orderId)) {
            throw new GeneralSecurityException("sealed order's canonical text is not v1 for order " + orderId);
        }
        try {
            return new Opened(orderId, salt, f[2], f[3], f[4], Long.parseLong(f[5]), Long.parseLong(f[6]),
                    Boolean.parseBoolean(f[7]), f[8].isEmpty() ? null : f[8]);
        } catch (NumberFormatException e) {
            throw new GeneralSecurityException("sealed order's wh or price is not a number");
        }
    }

    /** HKDF-SHA256 (RFC 5869) of the ECDH secret, salt = the ephemeral point, info = version and key id. */
    private static byte[] aesKey(PrivateKey mine, java.security.PublicKey theirs, byte[] point, String keyId)
            throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine);
        ka.doPhase(theirs, true);
        byte[] shared = ka.generateSecret();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(point, "HmacSHA256"));
        byte[] prk = mac.doFinal(shared);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(("p2pe sealed order v1|" + keyId).getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 1);
        return mac.doFinal();
    }

    static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = 4;
        copy32(key.getW().getAffineX(), out, 1);
        copy32(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy32(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, at + 32 - n, n);
    }

    private static ECPublicKey fromUncompressed(byte[] point) throws GeneralSecurityException {
        if (point[0] != 4) {
            throw new GeneralSecurityException("ephemeral key is not an uncompressed P-256 point");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, SealedOrderFormat.p256()));
    }
}
