package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Salted records of the per-org private data collections ({@link Keys#privateCollection}).
 *
 * <p>Fabric puts the SHA-256 of every private value on the public ledger, in every org's blocks.
 * A reading or a settlement line has few unknowns (a few thousand Wh, the rest is public: key,
 * transaction id, timestamp), so an unsalted hash could be inverted by trying every value. Each
 * record therefore carries a {@code salt} field that no outsider can guess: 128 bits derived from
 * the transaction's transient field {@code salt} (chosen at random by the submitting client; the
 * transient map is given to the endorsing peers and is never in a block) and the record's key, so
 * every endorser writes the same bytes and two records never share a salt.
 */
final class PrivateRecords {
    /** The transient field that seeds the salts of a transaction's private records. */
    static final String SALT_FIELD = "salt";
    /** Bytes of entropy the transient {@code salt} must carry at least. */
    static final int MIN_SALT_BYTES = 16;

    private PrivateRecords() {
    }

    /**
     * The transaction's salt seed, from its transient map.
     *
     * @throws org.hyperledger.fabric.shim.ChaincodeException MISSING_FIELD without one,
     *     OUT_OF_RANGE when it is shorter than {@link #MIN_SALT_BYTES}
     */
    static byte[] seed(ChaincodeStub stub, String tx) {
        byte[] seed = stub.getTransient().get(SALT_FIELD);
        if (seed == null || seed.length == 0) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, tx + ": transient field '" + SALT_FIELD + "' is required (at least "
                    + MIN_SALT_BYTES + " random bytes: the salt of the private records' hashes on the public ledger)");
        }
        if (seed.length < MIN_SALT_BYTES) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": transient field '" + SALT_FIELD + "' must be at least "
                    + MIN_SALT_BYTES + " bytes, got " + seed.length);
        }
        return seed;
    }

    /** The canonical bytes of a record with its salt for {@code key}: the record's fields plus {@code salt}. */
    static byte[] salted(Object record, byte[] seed, String key) {
        TreeMap<String, Object> fields = Json.MAPPER.convertValue(record, Json.MAP_TYPE);
        fields.put(SALT_FIELD, HexFormat.of().formatHex(sha256(seed, key.getBytes(StandardCharsets.UTF_8)), 0, 16));
        return Json.bytes(fields);
    }

    /** Writes a salted record to the participant's collection. */
    static void put(ChaincodeStub stub, String participantId, String key, Object record, byte[] seed) {
        stub.putPrivateData(Keys.privateCollection(participantId), key, salted(record, seed, key));
    }

    /** The stored bytes of a participant's record as text (salt included, so its hash can be checked), or null. */
    static String text(ChaincodeStub stub, String participantId, String key) {
        byte[] bytes = stub.getPrivateData(Keys.privateCollection(participantId), key);
        return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** SHA-256 of {@code a}, a zero byte, then {@code b}: the byte keeps (a, b) pairs apart. */
    static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(a);
            d.update((byte) 0);
            d.update(b);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** SHA-256 of some bytes: Fabric's hash of a private value. */
    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
