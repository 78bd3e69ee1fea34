package io.p2pe.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the fields of a JSON argument with messages in the market engine's style
 * ({@code field 'wh' must be ...}). Unknown fields are refused, so a misspelt optional field is
 * not silently ignored.
 */
final class Args {
    private final JsonNode node;
    private final String what;

    private Args(JsonNode node, String what) {
        this.node = node;
        this.what = what;
    }

    /**
     * @param what the argument's name for messages, e.g. {@code order}
     * @param allowed every field the argument may have
     */
    static Args of(String json, String what, Set<String> allowed) {
        return of(Json.parseObject(json, what), what, allowed);
    }

    /** The same for an object inside an argument (an order of a batch); {@code node} must be an object. */
    static Args of(JsonNode node, String what, Set<String> allowed) {
        TreeSet<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, what + ": field '" + unknown.first() + "' is not recognised; allowed: "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
        return new Args(node, what);
    }

    /**
     * The elements of a batch: {@code json} must be a JSON array of 1 to {@code max} objects.
     *
     * @param what the batch's name for messages, e.g. {@code readings}; an element's refusal is
     *     {@code <what>[<index>]: ...}
     * @throws org.hyperledger.fabric.shim.ChaincodeException MALFORMED_INPUT for anything but an
     *     array of objects, OUT_OF_RANGE for an empty one, BEYOND_LIMITS for more than {@code max}
     */
    static List<JsonNode> batch(String json, String what, int max) {
        if (json == null || json.isBlank()) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " must be a JSON array, got nothing");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " is not well-formed JSON: "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        if (node == null || !node.isArray()) {
            throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + " must be a JSON array");
        }
        if (node.isEmpty()) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, what + " must hold 1 to " + max + " elements, got 0");
        }
        if (node.size() > max) {
            throw Refusal.of(ErrorCode.BEYOND_LIMITS, what + " holds " + node.size() + " elements, more than the "
                    + max + " one transaction takes; split the batch");
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw Refusal.of(ErrorCode.MALFORMED_INPUT, what + "[" + i + "]: must be a JSON object");
            }
            out.add(node.get(i));
        }
        return out;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** The raw value, or null when absent or null. */
    JsonNode raw(String field) {
        return has(field) ? node.get(field) : null;
    }

    String text(String field) {
        if (!has(field)) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, prefix() + "field '" + field + "' is required");
        }
        return textValue(field, node.get(field));
    }

    String optionalText(String field, String fallback) {
        return has(field) ? textValue(field, node.get(field)) : fallback;
    }

    private String textValue(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' must be a string");
        }
        return v.asText();
    }

    /** A string matching a pattern; {@code rule} says it in words. */
    String matching(String field, Pattern pattern, String rule) {
        String v = text(field);
        check(field, v, pattern, rule);
        return v;
    }

    String optionalMatching(String field, Pattern pattern, String rule) {
        if (!has(field)) {
            return null;
        }
        String v = text(field);
        check(field, v, pattern, rule);
        return v;
    }

    private void check(String field, String v, Pattern pattern, String rule) {
        if (!pattern.matcher(v).matches()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' " + rule + ", got " + quote(v));
        }
    }

    long integer(String field, long min, long max) {
        if (!has(field)) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, prefix() + "field '" + field + "' is required");
        }
        return integerValue(field, node.get(field), min, max);
    }

    long optionalInteger(String field, long fallback, long min, long max) {
        return has(field) ? integerValue(field, node.get(field), min, max) : fallback;
    }

    private long integerValue(String field, JsonNode v, long min, long max) {
        if (!v.isIntegralNumber()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' must be an integer");
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, prefix() + "field '" + field + "' must be between " + min + " and "
                    + max + ", got " + v.asText());
        }
        return v.asLong();
    }

    boolean optionalBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
        if (!has(field)) {
            if (fallback == null) {
                throw Refusal.of(ErrorCode.MISSING_FIELD, prefix() + "field '" + field + "' is required");
            }
            return fallback;
        }
        String v = text(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        throw Refusal.of(ErrorCode.UNKNOWN_VALUE, prefix() + "field '" + field + "' must be one of "
                + String.join(", ", names) + ", got " + quote(v));
    }

    /** A JSON array of integers, or null when absent. */
    List<Long> optionalIntegers(String field, long min, long max, int maxSize) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isArray() || v.isEmpty() || v.size() > maxSize) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' must be an array of 1 to "
                    + maxSize + " integers");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(integerValue(field + "[" + i + "]", v.get(i), min, max));
        }
        return out;
    }

    /** A JSON array of strings each matching a pattern, or null when absent. */
    List<String> optionalStrings(String field, Pattern pattern, String rule, int maxSize) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isArray() || v.size() > maxSize) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + field + "' must be an array of at most "
                    + maxSize + " strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String name = field + "[" + i + "]";
            if (!e.isTextual()) {
                throw Refusal.of(ErrorCode.INVALID_FORMAT, prefix() + "field '" + name + "' must be a string");
            }
            check(name, e.asText(), pattern, rule);
            out.add(e.asText());
        }
        return out;
    }

    private String prefix() {
        return what + ": ";
    }

    /** A value quoted for a one-line message, cut when long. */
    static String quote(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
