package io.p2pe.market;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tie-break keys: wherever two orders are otherwise equal, the smaller key goes first. The key is
 * the lowercase hex SHA-256 of {@code slot + "|" + orderId}; inside the engine it is kept as the
 * 32 digest bytes in four big-endian {@code long}s, whose unsigned comparison orders exactly as
 * the hex text does (each hex digit is one nibble, {@code 0-9} before {@code a-f}).
 */
public final class TieBreak {
    /** {@code long}s per key. */
    static final int LONGS = 4;

    private TieBreak() {
    }

    /** Lowercase hex SHA-256 of {@code slot + "|" + orderId} (UTF-8). */
    public static String key(String slot, String orderId) {
        long[] key = new long[LONGS];
        new Keyer(slot).key(orderId, key, 0);
        return hex(key, 0);
    }

    /** The hex text of the key stored at {@code keys[at, at + 4)}. */
    static String hex(long[] keys, int at) {
        StringBuilder sb = new StringBuilder(2 * 8 * LONGS);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < LONGS; i++) {
            sb.append(hex.toHexDigits(keys[at + i]));
        }
        return sb.toString();
    }

    /** Compares the keys at {@code a[i, i + 4)} and {@code b[j, j + 4)} as the hex texts compare. */
    static int compare(long[] a, int i, long[] b, int j) {
        for (int k = 0; k < LONGS; k++) {
            int c = Long.compareUnsigned(a[i + k], b[j + k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Computes the keys of many orders of one slot with one digest instance and one buffer:
     * creating a {@link MessageDigest}, the message bytes and a hex string per order dominated the
     * cost of keying a large book.
     */
    static final class Keyer {
        private final MessageDigest digest = newDigest();
        private final int prefixLength;
        private byte[] message;
        private final byte[] out = new byte[32];

        Keyer(String slot) {
            byte[] prefix = (slot + "|").getBytes(StandardCharsets.UTF_8);
            prefixLength = prefix.length;
            message = new byte[prefixLength + 64];
            System.arraycopy(prefix, 0, message, 0, prefixLength);
        }

        /** Stores the key of {@code orderId} at {@code keys[at, at + 4)}. */
        void key(String orderId, long[] keys, int at) {
            int length = prefixLength + orderId.length();
            if (message.length < length) {
                message = java.util.Arrays.copyOf(message, length);
            }
            boolean ascii = true;
            for (int i = 0; i < orderId.length() && ascii; i++) {
                char c = orderId.charAt(i);
                ascii = c < 0x80;
                message[prefixLength + i] = (byte) c;
            }
            if (ascii) {
                digest.update(message, 0, length);
            } else {
                digest.update(message, 0, prefixLength);
                digest.update(orderId.getBytes(StandardCharsets.UTF_8));
            }
            try {
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a 32-byte buffer holds a SHA-256 digest", e);
            }
            for (int k = 0; k < LONGS; k++) {
                long v = 0;
                for (int b = 0; b < 8; b++) {
                    v = (v << 8) | (out[8 * k + b] & 0xffL);
                }
                keys[at + k] = v;
            }
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
