package io.p2pe.market;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Tie-break keys: wherever two orders are otherwise equal, the smaller key goes first. */
public final class TieBreak {
    private TieBreak() {
    }

    /** Lowercase hex SHA-256 of {@code slot + "|" + orderId} (UTF-8). */
    public static String key(String slot, String orderId) {
        return sha256Hex((slot + "|" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
