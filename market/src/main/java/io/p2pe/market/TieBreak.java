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
        return new Keyer(slot).key(orderId);
    }

    /**
     * Computes the keys of many orders of one slot with one digest instance: creating a
     * {@link MessageDigest} per order dominated the cost of keying a large book.
     */
    public static final class Keyer {
        private final byte[] prefix;
        private final MessageDigest digest = newDigest();

        public Keyer(String slot) {
            this.prefix = (slot + "|").getBytes(StandardCharsets.UTF_8);
        }

        public String key(String orderId) {
            digest.update(prefix);
            return HexFormat.of().formatHex(digest.digest(orderId.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
