package io.p2pe.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The sealed order format v1 that the chaincode checks and client software produces
 * (docs/privacy.md, "Commitment and ciphertext format"): the canonical order bytes, the salted
 * commitment and the sealing key's type. Deterministic, JDK only.
 */
public final class SealedOrderFormat {
    public static final String VERSION = "p2pe-sealed-order-v1";
    public static final int SALT_BYTES = 32;
    public static final Pattern SALT_HEX = Pattern.compile("[0-9a-f]{64}");
    public static final Pattern COMMITMENT_HEX = Pattern.compile("[0-9a-f]{64}");
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final String KEY_ID_RULE = "must be 1-64 characters of [A-Za-z0-9._:-]";

    private SealedOrderFormat() {
    }

    /**
     * {@code p2pe-sealed-order-v1|orderId|participant|slot|side|wh|price|renewableOnly|sourceType}
     * in UTF-8, an absent sourceType as the empty text.
     */
    public static byte[] canonical(String orderId, String participant, String slot, String side, long wh, long price,
                                   boolean renewableOnly, String sourceType) {
        String text = String.join("|", VERSION, orderId, participant, slot, side, Long.toString(wh),
                Long.toString(price), Boolean.toString(renewableOnly), sourceType == null ? "" : sourceType);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Lowercase hex SHA-256(salt ‖ canonical). */
    public static String commitment(byte[] salt, byte[] canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(canonical);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * An EC P-256 public key from base64 X.509 SubjectPublicKeyInfo.
     *
     * @throws IllegalArgumentException naming what is wrong (not base64, not an EC key, another curve)
     */
    public static ECPublicKey p256PublicKey(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64");
        }
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("is not an EC public key in X.509 SubjectPublicKeyInfo form");
        }
        if (!sameCurve(key.getParams(), p256())) {
            throw new IllegalArgumentException("is an EC key of another curve than P-256 (secp256r1)");
        }
        return key;
    }

    /** The P-256 (secp256r1) domain parameters. */
    public static ECParameterSpec p256() {
        try {
            var params = java.security.AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
