package io.p2pe.chaincode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.p2pe.protocol.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Canonical JSON for ledger state, events and return values: compact, UTF-8, object fields and
 * map entries sorted by name, so every endorsing peer writes byte-identical values.
 */
public final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Sorted map type for turning records into extensible JSON objects. */
    static final com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Object>> MAP_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private Json() {
    }

    /** Canonical text of a value (a record, a map, a {@link JsonNode}). */
    public static String write(Object value) {
        try {
            if (value instanceof JsonNode node) {
                // Trees keep insertion order; re-read them as sorted maps first.
                return MAPPER.writeValueAsString(MAPPER.treeToValue(node, Object.class));
            }
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("ledger values are plain records", e);
        }
    }

    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a value this chaincode wrote itself. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger value is not a " + type.getSimpleName(), e);
        }
    }

    /**
     * Parses a transaction argument that must be a JSON object.
     *
     * @throws org.hyperledger.fabric.shim.ChaincodeException MALFORMED_INPUT otherwise
     */
    public static JsonNode parseObject(String text, String what) {
        if (text == null || text.isBlank()) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " must be a JSON object, got nothing");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " is not well-formed JSON: "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        if (node == null || !node.isObject()) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " must be a JSON object");
        }
        return node;
    }
}
