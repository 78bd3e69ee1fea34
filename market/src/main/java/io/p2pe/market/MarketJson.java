package io.p2pe.market;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The offline clearing formats of docs/market-rules.md.
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
        ClearingInput wellFormed = readWellFormed(json);
        return wellFormed != null ? wellFormed : readRefusing(json);
    }

    /**
     * One streaming pass for input that is well-formed and well-shaped, which is what the
     * clearing of a large book reads: no tree and no sorting. Null at the first thing that is not
     * plainly right (including any parse error), so that {@link #readRefusing} reports it exactly
     * as it always has; what this accepts, {@link #readRefusing} reads to an equal input.
     */
    static ClearingInput readWellFormed(String json) {
        try (JsonParser p = READER.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT);
            String slot = null;
            Mechanism mechanism = null;
            Objective objective = null;
            WheelingSchedule wheeling = null;
            List<Order> orders = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "slot" -> slot = text(p, value);
                    case "mechanism" -> mechanism = known(Mechanism.class, text(p, value));
                    case "objective" -> objective = value == JsonToken.VALUE_NULL ? null
                            : known(Objective.class, text(p, value));
                    case "wheeling" -> wheeling = value == JsonToken.VALUE_NULL ? null : readWellFormedWheeling(p, value);
                    case "orders" -> orders = readWellFormedOrders(p, value);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null
                    && slot != null && mechanism != null && orders != null);
            return new ClearingInput(slot, mechanism, objective, wheeling, orders);
        } catch (IOException | NotWellFormed e) {
            return null;
        }
    }

    /** Input that {@link #readWellFormed} leaves to {@link #readRefusing}. */
    private static final class NotWellFormed extends Exception {
        private static final long serialVersionUID = 1L;
        private static final NotWellFormed INSTANCE = new NotWellFormed();

        private NotWellFormed() {
            super(null, null, false, false);
        }
    }

    private static void expect(boolean condition) throws NotWellFormed {
        if (!condition) {
            throw NotWellFormed.INSTANCE;
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException, NotWellFormed {
        expect(value == JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken value) throws IOException, NotWellFormed {
        expect(value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        return p.getLongValue();
    }

    private static <E extends Enum<E>> E known(Class<E> type, String text) throws NotWellFormed {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        throw NotWellFormed.INSTANCE;
    }

    private static WheelingSchedule readWellFormedWheeling(JsonParser p, JsonToken value)
            throws IOException, NotWellFormed {
        expect(value == JsonToken.START_OBJECT);
        List<Long> levels = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isLevels = p.currentName().equals("levels");
            JsonToken t = p.nextToken();
            if (isLevels) {
                expect(t == JsonToken.START_ARRAY);
                levels = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    levels.add(integer(p, t));
                }
            } else {
                p.skipChildren();
            }
        }
        expect(levels != null && !levels.isEmpty());
        return new WheelingSchedule(levels);
    }

    private static List<Order> readWellFormedOrders(JsonParser p, JsonToken value) throws IOException, NotWellFormed {
        expect(value == JsonToken.START_ARRAY);
        List<Order> orders = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t == JsonToken.START_OBJECT);
            String id = null;
            String participant = null;
            Side side = null;
            Long wh = null;
            Long price = null;
            String location = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "id" -> id = text(p, v);
                    case "participant" -> participant = text(p, v);
                    case "side" -> side = known(Side.class, text(p, v));
                    case "wh" -> wh = integer(p, v);
                    case "price" -> price = integer(p, v);
                    case "location" -> {
                        location = v == JsonToken.VALUE_NULL ? null : text(p, v);
                        expect(location == null || !location.isEmpty());
                    }
                    default -> p.skipChildren();
                }
            }
            expect(id != null && InputValidator.isValidId(id) && participant != null && side != null && wh != null
                    && price != null);
            orders.add(new Order(id, participant, side, wh, price, GridLocation.parse(location)));
        }
        return orders;
    }

    /** The tree-based reading, which finds and reports the problem of a refused input. */
    static ClearingInput readRefusing(String json) throws InvalidInputException {
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
    //
    // The texts are written directly, byte for byte what Jackson's generator wrote for them (the
    // format of record; GoldenOutputTest pins it): a string of printable ASCII without quote or
    // backslash is copied as it is, which is all Jackson does with one, and any other string is
    // escaped by a Jackson generator of the same kind as before (a Writer for texts, UTF-8 bytes for
    // the digest; they differ for characters beyond the BMP).

    /** The result as the CLI prints it (see the class comment for the exact format). */
    public static String writeResult(ClearingResult result) {
        TextSink out = new TextSink(256 + 96 * result.trades().size() + 40 * result.fills().size());
        out.ascii("{\"slot\":");
        out.string(result.slot());
        out.ascii(",\"mechanism\":");
        out.string(result.mechanism().name());
        out.ascii(",\"objective\":");
        out.string(result.objective() == null ? null : result.objective().name());
        out.ascii(",\"clearingPrice\":");
        if (result.clearingPrice() == null) {
            out.ascii("null");
        } else {
            out.number(result.clearingPrice());
        }
        out.ascii(",\"volumeWh\":");
        out.number(result.volumeWh());
        out.ascii(",\"surplus\":");
        out.number(result.surplus());
        out.ascii(",\"trades\":[");
        boolean first = true;
        for (Trade t : result.trades()) {
            out.ascii(first ? "{\"buyOrderId\":" : ",{\"buyOrderId\":");
            first = false;
            out.string(t.buyOrderId());
            out.ascii(",\"sellOrderId\":");
            out.string(t.sellOrderId());
            out.ascii(",\"wh\":");
            out.number(t.wh());
            out.ascii(",\"price\":");
            out.number(t.price());
            out.ascii(",\"wheelingFee\":");
            out.number(t.wheelingFee());
            out.ascii('}');
        }
        out.ascii("],\"fills\":[");
        first = true;
        for (Fill f : result.fills()) {
            out.ascii(first ? "{\"orderId\":" : ",{\"orderId\":");
            first = false;
            out.string(f.orderId());
            out.ascii(",\"filledWh\":");
            out.number(f.filledWh());
            out.ascii('}');
        }
        out.ascii("],\"inputDigest\":");
        out.string(result.inputDigest());
        out.ascii('}');
        return out.text();
    }

    /** The canonical input (see the class comment); reading it back gives an equal input. */
    public static String writeInput(ClearingInput input) {
        TextSink out = new TextSink(256 + 128 * input.orders().size());
        writeCanonical(input, InputValidator.sortById(input.orders()), out);
        return out.text();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@link #writeInput}, computed without building them. */
    public static String inputDigest(ClearingInput input) {
        return inputDigest(input, InputValidator.sortById(input.orders()));
    }

    /** {@link #inputDigest} of an input whose orders are already sorted as {@link InputValidator#sortById}. */
    static String inputDigest(ClearingInput input, Order[] byId) {
        DigestSink out = new DigestSink();
        writeCanonical(input, byId, out);
        return out.hex();
    }

    /** A fixed piece of ASCII JSON, as text and as bytes. */
    private record Token(String text, byte[] bytes) {
        static Token of(String text) {
            return new Token(text, text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static final Token FIRST_ORDER_ID = Token.of("{\"id\":");
    private static final Token NEXT_ORDER_ID = Token.of(",{\"id\":");
    private static final Token PARTICIPANT = Token.of(",\"participant\":");
    private static final Token BUY_WH = Token.of(",\"side\":\"BUY\",\"wh\":");
    private static final Token SELL_WH = Token.of(",\"side\":\"SELL\",\"wh\":");
    private static final Token PRICE = Token.of(",\"price\":");
    private static final Token LOCATION = Token.of(",\"location\":");

    private static void writeCanonical(ClearingInput input, Order[] byId, Sink out) {
        out.ascii("{\"slot\":");
        out.string(input.slot());
        out.ascii(",\"mechanism\":");
        out.string(input.mechanism().name());
        if (input.mechanism() == Mechanism.OPTIMAL && input.objective() != null) {
            out.ascii(",\"objective\":");
            out.string(input.objective().name());
        }
        if (input.wheeling() != null) {
            out.ascii(",\"wheeling\":{\"levels\":[");
            boolean first = true;
            for (long level : input.wheeling().levels()) {
                if (!first) {
                    out.ascii(',');
                }
                first = false;
                out.number(level);
            }
            out.ascii("]}");
        }
        out.ascii(",\"orders\":[");
        for (int i = 0; i < byId.length; i++) {
            Order o = byId[i];
            out.ascii(i == 0 ? FIRST_ORDER_ID : NEXT_ORDER_ID);
            out.string(o.id());
            out.ascii(PARTICIPANT);
            out.string(o.participant());
            out.ascii(o.side() == Side.BUY ? BUY_WH : SELL_WH);
            out.number(o.wh());
            out.ascii(PRICE);
            out.number(o.price());
            if (!o.location().isNone()) {
                out.ascii(LOCATION);
                out.path(o.location().segments());
            }
            out.ascii('}');
        }
        out.ascii("]}");
    }

    /** Characters Jackson writes as they are: printable ASCII except quote and backslash. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The destination of a text: JSON punctuation, numbers and strings. */
    private abstract static class Sink {
        /** A character known to be plain ASCII. */
        abstract void ascii(char c);

        /** Text known to be plain ASCII, written as it is. */
        abstract void ascii(String s);

        abstract void ascii(Token token);

        abstract void number(long value);

        /** A string value as Jackson escapes it, quotes included. */
        abstract void escaped(String s);

        /** A string value, or {@code null}. */
        void string(String s) {
            if (s == null) {
                ascii("null");
            } else if (isPlain(s)) {
                ascii('"');
                ascii(s);
                ascii('"');
            } else {
                escaped(s);
            }
        }

        /** The string value {@code String.join("/", segments)}, without building it when plain. */
        void path(List<String> segments) {
            for (String segment : segments) {
                if (!isPlain(segment)) {
                    escaped(String.join("/", segments));
                    return;
                }
            }
            ascii('"');
            for (int i = 0; i < segments.size(); i++) {
                if (i > 0) {
                    ascii('/');
                }
                ascii(segments.get(i));
            }
            ascii('"');
        }
    }

    /** Into a string, escaping as Jackson's generator on a {@link java.io.Writer}. */
    private static final class TextSink extends Sink {
        private final StringBuilder text;

        TextSink(int expectedLength) {
            text = new StringBuilder(Math.max(16, Math.min(expectedLength, 1 << 28)));
        }

        @Override
        void ascii(char c) {
            text.append(c);
        }

        @Override
        void ascii(String s) {
            text.append(s);
        }

        @Override
        void ascii(Token token) {
            text.append(token.text());
        }

        @Override
        void number(long value) {
            text.append(value);
        }

        @Override
        void escaped(String s) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = WRITER.createGenerator(out)) {
                g.writeString(s);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
            text.append(out);
        }

        String text() {
            return text.toString();
        }
    }

    /** Into SHA-256 as UTF-8 bytes, through a fixed buffer; escaping as Jackson's UTF-8 generator. */
    private static final class DigestSink extends Sink {
        private final MessageDigest sha256 = TieBreak.newDigest();
        private final byte[] buffer = new byte[1 << 16];
        private int length;

        private void room(int bytes) {
            if (length + bytes > buffer.length) {
                sha256.update(buffer, 0, length);
                length = 0;
            }
        }

        @Override
        void ascii(char c) {
            room(1);
            buffer[length++] = (byte) c;
        }

        @Override
        void ascii(String s) {
            int n = s.length();
            for (int i = 0; i < n; ) {
                room(1);
                int end = Math.min(n, i + buffer.length - length);
                int at = length;
                while (i < end) {
                    buffer[at++] = (byte) s.charAt(i++);
                }
                length = at;
            }
        }

        @Override
        void ascii(Token token) {
            byte[] bytes = token.bytes();
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        @Override
        void number(long value) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            room(20);
            long v = value;
            if (v < 0) {
                buffer[length++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long p = 10; digits < 19 && v >= p; p *= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                buffer[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            length += digits;
        }

        /** Copies a plain string in one pass, checking as it goes; undoes the copy when it is not plain. */
        @Override
        void string(String s) {
            if (s == null || s.length() + 2 > buffer.length) {
                super.string(s);
                return;
            }
            room(s.length() + 2);
            int start = length;
            buffer[length++] = '"';
            if (!copyPlain(s)) {
                length = start;
                escaped(s);
                return;
            }
            buffer[length++] = '"';
        }

        @Override
        void path(List<String> segments) {
            int total = 2 + segments.size();
            for (String segment : segments) {
                total += segment.length();
            }
            if (total > buffer.length) {
                super.path(segments);
                return;
            }
            room(total);
            int start = length;
            buffer[length++] = '"';
            for (int i = 0; i < segments.size(); i++) {
                if (i > 0) {
                    buffer[length++] = '/';
                }
                if (!copyPlain(segments.get(i))) {
                    length = start;
                    escaped(String.join("/", segments));
                    return;
                }
            }
            buffer[length++] = '"';
        }

        /** Appends {@code s} (room is made) if it is plain; false at the first character that is not. */
        private boolean copyPlain(String s) {
            int at = length;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
                buffer[at++] = (byte) c;
            }
            length = at;
            return true;
        }

        @Override
        void escaped(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = WRITER.createGenerator(out)) {
                g.writeString(s);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
            sha256.update(buffer, 0, length);
            length = 0;
            sha256.update(out.toByteArray());
        }

        String hex() {
            sha256.update(buffer, 0, length);
            length = 0;
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
