package io.p2pe.market;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The offline clearing formats of MARKET-RULES.md.
 *
 * <h2>Output ({@link #writeResult})</h2>
 * Compact JSON on one line (no spaces, no trailing newline; the CLI adds one), UTF-8, fields in
 * this order: {@code slot, mechanism, objective, clearingPrice, volumeWh, surplus, trades, fills,
 * inputDigest}; each trade {@code buyOrderId, sellOrderId, wh, price, wheelingFee}; each fill
 * {@code orderId, filledWh}. Absent values ({@code objective}, {@code clearingPrice}) are written
 * as {@code null}. Strings are escaped as JSON requires and nothing more (non-ASCII is written as
 * UTF-8, {@code /} is not escaped).
 *
 * <h2>Canonical input ({@link #writeInput}, {@link #inputDigest})</h2>
 * Compact JSON, UTF-8, fields in this order: {@code slot, mechanism, objective, wheeling, orders};
 * {@code objective} only when the mechanism is OPTIMAL, {@code wheeling} ({@code {"levels":[…]}},
 * levels as given) only when the input has one. Orders sorted by id (the ids are ASCII, so this is
 * byte order), each {@code id, participant, side, wh, price, location}, {@code location} only when
 * present, written as its {@code /}-separated path. The digest is the lowercase hex SHA-256 of
 * those bytes. Example:
 * <pre>{@code
 * {"slot":"2026-06-17T12:00+09:00","mechanism":"OPTIMAL","objective":"MAX_WELFARE",
 *  "wheeling":{"levels":[0,150]},"orders":[{"id":"b1","participant":"p1","side":"BUY",
 *  "wh":1500,"price":2150,"location":"tokyo/setagaya"}]}
 * }</pre>
 * (one line in reality).
 *
 * <h2>Reading ({@link #readInput})</h2>
 * Unknown fields are ignored; a {@code null} optional field counts as absent. Refused with an
 * {@link InvalidInputException}: text that is not one well-formed JSON object (also duplicate keys
 * and trailing content), missing required fields, wrong JSON types, numbers that are not integers
 * (also {@code 1.0}), integers beyond 64 bits (reported as out of range), unknown
 * mechanism/objective/side, an empty wheeling schedule, an empty location, a malformed order id.
 * Shape errors are found before the range and cross-order rules of {@link InputValidator}; orders
 * are examined sorted by id, so the problem reported does not depend on the orders' input order.
 */
public final class MarketJson {
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep "1.0" as written, so that the message can say why it is refused.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonFactory WRITER = JsonFactory.builder().build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private MarketJson() {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Parses an offline clearing input. The result is well-shaped but not yet checked against the
     * market rules: {@link Clearing#clear} runs {@link InputValidator#validate}.
     */
    public static ClearingInput readInput(String json) throws InvalidInputException {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null,
                    "input must be a JSON object, got " + describe(root));
        }
        String slot = requiredText(root, "slot", null, "slot");
        Mechanism mechanism = requiredEnum(root, "mechanism", Mechanism.class);
        Objective objective = isAbsent(root.get("objective")) ? null : requiredEnum(root, "objective", Objective.class);
        WheelingSchedule wheeling = readWheeling(root.get("wheeling"));
        List<Order> orders = readOrders(root.get("orders"));
        return new ClearingInput(slot, mechanism, objective, wheeling, orders);
    }

    private static JsonNode parse(String json) throws InvalidInputException {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null,
                    "input is not well-formed JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null, "input is empty");
        }
        return root;
    }

    private static WheelingSchedule readWheeling(JsonNode node) throws InvalidInputException {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "wheeling",
                    "must be an object with 'levels', got " + describe(node));
        }
        JsonNode levels = node.get("levels");
        if (isAbsent(levels)) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, "wheeling.levels", "is required");
        }
        if (!levels.isArray()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "wheeling.levels",
                    "must be an array of integers, got " + describe(levels));
        }
        if (levels.isEmpty()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "wheeling.levels",
                    "must not be empty");
        }
        List<Long> fees = new ArrayList<>(levels.size());
        for (int i = 0; i < levels.size(); i++) {
            fees.add(integer(levels.get(i), null, "wheeling.levels[" + i + "]",
                    InputValidator.MIN_FEE, InputValidator.MAX_FEE));
        }
        return new WheelingSchedule(fees);
    }

    private static List<Order> readOrders(JsonNode node) throws InvalidInputException {
        if (isAbsent(node)) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, "orders", "is required");
        }
        if (!node.isArray()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "orders",
                    "must be an array of orders, got " + describe(node));
        }
        JsonNode[] nodes = new JsonNode[node.size()];
        String[] sortKeys = new String[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = node.get(i);
            if (!nodes[i].isObject()) {
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "orders",
                        "must contain only order objects");
            }
            JsonNode id = nodes[i].get("id");
            sortKeys[i] = id != null && id.isTextual() ? id.textValue() : "";
        }
        // Examine the orders by id (then by their text) so that which problem is reported does not
        // depend on input order; keep them in input order in the result.
        Integer[] visit = new Integer[nodes.length];
        Arrays.setAll(visit, i -> i);
        Arrays.sort(visit, Comparator.<Integer, String>comparing(i -> sortKeys[i]).thenComparing(i -> nodes[i].toString()));
        Order[] orders = new Order[nodes.length];
        for (int i : visit) {
            orders[i] = readOrder(nodes[i]);
        }
        return Arrays.asList(orders);
    }

    private static Order readOrder(JsonNode node) throws InvalidInputException {
        String id = requiredText(node, "id", null, "id");
        if (!InputValidator.isValidId(id)) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "id",
                    InputValidator.ID_RULE + ", got " + MessageText.quote(id));
        }
        String participant = requiredText(node, "participant", id, "participant");
        String sideText = requiredText(node, "side", id, "side");
        Side side = enumValue(Side.class, sideText, id, "side");
        long wh = integer(node.get("wh"), id, "wh", InputValidator.MIN_WH, InputValidator.MAX_WH);
        long price = integer(node.get("price"), id, "price", InputValidator.MIN_PRICE, InputValidator.MAX_PRICE);
        GridLocation location = GridLocation.NONE;
        JsonNode where = node.get("location");
        if (!isAbsent(where)) {
            if (!where.isTextual()) {
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, id, "location",
                        "must be a string, got " + describe(where));
            }
            if (where.textValue().isEmpty()) {
                // An empty path would silently mean "no location"; omit the field for that.
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, id, "location",
                        InputValidator.LOCATION_RULE + ", got \"\"");
            }
            location = GridLocation.parse(where.textValue());
        }
        return new Order(id, participant, side, wh, price, location);
    }

    private static String requiredText(JsonNode parent, String name, String orderId, String field)
            throws InvalidInputException {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, orderId, field, "is required");
        }
        if (!node.isTextual()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, orderId, field,
                    "must be a string, got " + describe(node));
        }
        return node.textValue();
    }

    private static <E extends Enum<E>> E requiredEnum(JsonNode parent, String name, Class<E> type)
            throws InvalidInputException {
        return enumValue(type, requiredText(parent, name, null, name), null, name);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String orderId, String field)
            throws InvalidInputException {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw new InvalidInputException(MarketErrorCode.UNKNOWN_VALUE, orderId, field,
                "must be one of " + allowed + ", got " + MessageText.quote(text));
    }

    /** An integral JSON number that fits a long; the range itself is checked by the validator. */
    private static long integer(JsonNode node, String orderId, String field, long min, long max)
            throws InvalidInputException {
        if (isAbsent(node)) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, orderId, field, "is required");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, orderId, field,
                    "must be an integer, got " + describe(node));
        }
        if (!node.canConvertToLong()) {
            throw new InvalidInputException(MarketErrorCode.OUT_OF_RANGE, orderId, field,
                    InputValidator.rangeRule(min, max) + ", got " + node.bigIntegerValue());
        }
        return node.longValue();
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** A short one-line rendering of a JSON value for messages. */
    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> MessageText.quote(node.textValue());
            case NUMBER, BOOLEAN -> node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    // ---------------------------------------------------------------- writing

    /** The result as the CLI prints it (see the class comment for the exact format). */
    public static String writeResult(ClearingResult result) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("slot", result.slot());
            g.writeStringField("mechanism", result.mechanism().name());
            if (result.objective() == null) {
                g.writeNullField("objective");
            } else {
                g.writeStringField("objective", result.objective().name());
            }
            if (result.clearingPrice() == null) {
                g.writeNullField("clearingPrice");
            } else {
                g.writeNumberField("clearingPrice", result.clearingPrice().longValue());
            }
            g.writeNumberField("volumeWh", result.volumeWh());
            g.writeNumberField("surplus", result.surplus());
            g.writeArrayFieldStart("trades");
            for (Trade t : result.trades()) {
                g.writeStartObject();
                g.writeStringField("buyOrderId", t.buyOrderId());
                g.writeStringField("sellOrderId", t.sellOrderId());
                g.writeNumberField("wh", t.wh());
                g.writeNumberField("price", t.price());
                g.writeNumberField("wheelingFee", t.wheelingFee());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("fills");
            for (Fill f : result.fills()) {
                g.writeStartObject();
                g.writeStringField("orderId", f.orderId());
                g.writeNumberField("filledWh", f.filledWh());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("inputDigest", result.inputDigest());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    /** The canonical input (see the class comment); reading it back gives an equal input. */
    public static String writeInput(ClearingInput input) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            writeCanonical(input, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@link #writeInput}, computed without building them. */
    public static String inputDigest(ClearingInput input) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        try (JsonGenerator g = WRITER.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            writeCanonical(input, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a digest cannot fail", e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void writeCanonical(ClearingInput input, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("slot", input.slot());
        g.writeStringField("mechanism", input.mechanism().name());
        if (input.mechanism() == Mechanism.OPTIMAL && input.objective() != null) {
            g.writeStringField("objective", input.objective().name());
        }
        if (input.wheeling() != null) {
            g.writeObjectFieldStart("wheeling");
            g.writeArrayFieldStart("levels");
            for (long level : input.wheeling().levels()) {
                g.writeNumber(level);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        List<Order> orders = new ArrayList<>(input.orders());
        orders.sort(InputValidator.BY_ID_THEN_CONTENT);
        g.writeArrayFieldStart("orders");
        for (Order o : orders) {
            g.writeStartObject();
            g.writeStringField("id", o.id());
            g.writeStringField("participant", o.participant());
            g.writeStringField("side", o.side().name());
            g.writeNumberField("wh", o.wh());
            g.writeNumberField("price", o.price());
            if (!o.location().isNone()) {
                g.writeStringField("location", o.location().path());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
