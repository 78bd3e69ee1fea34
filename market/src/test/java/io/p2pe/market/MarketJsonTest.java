package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading, canonical writing, digest and the exact output format. */
class MarketJsonTest {
    private static final String SMALL = """
            {"slot": "2026-06-17T12:00+09:00", "mechanism": "UNIFORM_PRICE",
             "orders": [
               {"id": "s1", "participant": "p2", "side": "SELL", "wh": 100, "price": 30},
               {"id": "b1", "participant": "p1", "side": "BUY", "wh": 100, "price": 50,
                "location": "tokyo/setagaya"}]}
            """;
    private static final String SMALL_CANONICAL = "{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"UNIFORM_PRICE\","
            + "\"orders\":[{\"id\":\"b1\",\"participant\":\"p1\",\"side\":\"BUY\",\"wh\":100,\"price\":50,"
            + "\"location\":\"tokyo/setagaya\"},{\"id\":\"s1\",\"participant\":\"p2\",\"side\":\"SELL\",\"wh\":100,"
            + "\"price\":30}]}";
    /** sha256sum of SMALL_CANONICAL, computed outside Java. */
    private static final String SMALL_DIGEST = "5a494445c84483f8d0b2847701d6dd3825db24e631afa22c4578b7cab5b8ce75";

    private static InvalidInputException refused(String json) {
        return assertThrows(InvalidInputException.class, () -> MarketJson.readInput(json));
    }

    private static void assertRefused(String json, MarketErrorCode code, String message) {
        InvalidInputException e = refused(json);
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
    }

    /** The SMALL book with one order replaced. */
    private static String withOrder(String orderJson) {
        return "{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"PAY_AS_BID\",\"orders\":[" + orderJson + "]}";
    }

    @Test
    void readsEveryField() throws InvalidInputException {
        ClearingInput input = MarketJson.readInput("""
                {"slot": "2026-06-17T12:00+09:00", "mechanism": "OPTIMAL", "objective": "MAX_MIN_SURPLUS",
                 "wheeling": {"levels": [0, 150, 300, 450]}, "comment": "unknown fields are ignored",
                 "orders": [{"id": "b1", "participant": "RetailerMSP:home-001", "side": "BUY", "wh": 1500,
                             "price": -2150, "location": "tokyo/setagaya/seijo/feeder-3", "note": {"x": [1]}}]}
                """);
        assertEquals(new ClearingInput("2026-06-17T12:00+09:00", Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS,
                new WheelingSchedule(List.of(0L, 150L, 300L, 450L)),
                List.of(new Order("b1", "RetailerMSP:home-001", Side.BUY, 1500, -2150,
                        new GridLocation(List.of("tokyo", "setagaya", "seijo", "feeder-3"))))), input);
    }

    @Test
    void nullOptionalFieldsAreAbsent() throws InvalidInputException {
        ClearingInput input = MarketJson.readInput("{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"PAY_AS_BID\","
                + "\"objective\":null,\"wheeling\":null,\"orders\":[{\"id\":\"b1\",\"participant\":\"p\","
                + "\"side\":\"BUY\",\"wh\":1,\"price\":1,\"location\":null}]}");
        assertNull(input.objective());
        assertNull(input.wheeling());
        assertTrue(input.orders().get(0).location().isNone());
    }

    @Test
    void canonicalInputSortsOrdersAndFixesFieldOrder() throws InvalidInputException {
        ClearingInput input = MarketJson.readInput(SMALL);
        assertEquals(SMALL_CANONICAL, MarketJson.writeInput(input));
        assertEquals(SMALL_DIGEST, MarketJson.inputDigest(input));
        assertEquals(input.orders().size(), MarketJson.readInput(MarketJson.writeInput(input)).orders().size());
    }

    @Test
    void digestIgnoresLayoutFieldOrderAndObjectiveOutsideOptimal() throws InvalidInputException {
        String reordered = """
                {"orders": [
                   {"price": 50, "wh": 100, "side": "BUY", "participant": "p1", "id": "b1", "location": "tokyo/setagaya"},
                   {"side": "SELL", "id": "s1", "wh": 100, "participant": "p2", "price": 30}],
                 "objective": "MAX_VOLUME", "mechanism": "UNIFORM_PRICE", "slot": "2026-06-17T12:00+09:00"}
                """;
        assertEquals(SMALL_DIGEST, MarketJson.inputDigest(MarketJson.readInput(reordered)));
    }

    @Test
    void canonicalOptimalInputKeepsObjectiveAndWheeling() throws InvalidInputException {
        ClearingInput input = MarketJson.readInput(SMALL.replace("\"UNIFORM_PRICE\"",
                "\"OPTIMAL\", \"objective\": \"MAX_WELFARE\", \"wheeling\": {\"levels\": [0, 150, 300, 450]}"));
        assertEquals("71dd1bd7afc8eaa802a91b9e1cc72eb63e0937b20eb733328aa85755332d1bbf", MarketJson.inputDigest(input));
        assertNotEquals(SMALL_DIGEST, MarketJson.inputDigest(input));
    }

    @Test
    void writesTheExactOutputFormat() throws InvalidInputException {
        String out = MarketJson.writeResult(Clearing.clear(MarketJson.readInput(SMALL)));
        assertEquals("{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"UNIFORM_PRICE\",\"objective\":null,"
                + "\"clearingPrice\":40,\"volumeWh\":100,\"surplus\":2000,\"trades\":[{\"buyOrderId\":\"b1\","
                + "\"sellOrderId\":\"s1\",\"wh\":100,\"price\":40,\"wheelingFee\":0}],\"fills\":[{\"orderId\":\"b1\","
                + "\"filledWh\":100},{\"orderId\":\"s1\",\"filledWh\":100}],\"inputDigest\":\"" + SMALL_DIGEST + "\"}", out);
    }

    @Test
    void writesNullPriceAndObjective() {
        ClearingResult r = new ClearingResult("s", Mechanism.OPTIMAL, Objective.MAX_VOLUME, null, 0, 0, List.of(),
                List.of(), "d");
        assertEquals("{\"slot\":\"s\",\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_VOLUME\",\"clearingPrice\":null,"
                + "\"volumeWh\":0,\"surplus\":0,\"trades\":[],\"fills\":[],\"inputDigest\":\"d\"}", MarketJson.writeResult(r));
    }

    @Test
    void malformedJson() {
        // Jackson's own messages (of the version in the root pom), on one line.
        List<List<String>> cases = List.of(
                List.of("{", "column 2: Unexpected end-of-input: expected close marker for Object (start marker at"
                        + " [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1,"
                        + " column: 1])"),
                List.of("{\"slot\": }", "column 10: Unexpected character ('}' (code 125)): expected a valid value"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                List.of("not json", "column 1: Unrecognized token 'not': was expecting (JSON String, Number, Array,"
                        + " Object or token 'null', 'true' or 'false')"),
                List.of("{\"slot\":\"a\"} trailing", "column 14: Unrecognized token 'trailing': was expecting (JSON"
                        + " String, Number, Array, Object or token 'null', 'true' or 'false')"),
                List.of("{\"slot\":\"a\",\"slot\":\"b\"}", "column 19: Duplicate field 'slot'"));
        for (List<String> c : cases) {
            InvalidInputException e = refused(c.get(0));
            assertEquals(MarketErrorCode.MALFORMED_INPUT, e.code());
            assertEquals("input is not well-formed JSON at line 1, " + c.get(1), e.getMessage());
            assertNull(e.field());
        }
        assertRefused("", MarketErrorCode.MALFORMED_INPUT, "input is empty");
        assertRefused("  \n ", MarketErrorCode.MALFORMED_INPUT, "input is empty");
        assertRefused("[]", MarketErrorCode.MALFORMED_INPUT, "input must be a JSON object, got an array");
        assertRefused("42", MarketErrorCode.MALFORMED_INPUT, "input must be a JSON object, got 42");
    }

    @Test
    void topLevelFields() {
        assertRefused("{\"mechanism\":\"PAY_AS_BID\",\"orders\":[]}", MarketErrorCode.MISSING_FIELD,
                "field 'slot' is required");
        assertRefused("{\"slot\":5,\"mechanism\":\"PAY_AS_BID\",\"orders\":[]}", MarketErrorCode.INVALID_FORMAT,
                "field 'slot' must be a string, got 5");
        assertRefused("{\"slot\":\"s\",\"orders\":[]}", MarketErrorCode.MISSING_FIELD, "field 'mechanism' is required");
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"uniform_price\",\"orders\":[]}", MarketErrorCode.UNKNOWN_VALUE,
                "field 'mechanism' must be one of UNIFORM_PRICE, PAY_AS_BID, OPTIMAL, got \"uniform_price\"");
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_FUN\",\"orders\":[]}",
                MarketErrorCode.UNKNOWN_VALUE,
                "field 'objective' must be one of MAX_WELFARE, MAX_VOLUME, MAX_MIN_SURPLUS, got \"MAX_FUN\"");
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"PAY_AS_BID\"}", MarketErrorCode.MISSING_FIELD,
                "field 'orders' is required");
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"PAY_AS_BID\",\"orders\":{}}", MarketErrorCode.INVALID_FORMAT,
                "field 'orders' must be an array of orders, got an object");
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"PAY_AS_BID\",\"orders\":[{}, 1]}", MarketErrorCode.INVALID_FORMAT,
                "field 'orders' must contain only order objects");
    }

    @Test
    void wheeling() {
        String prefix = "{\"slot\":\"s\",\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"orders\":[],\"wheeling\":";
        assertRefused(prefix + "[0]}", MarketErrorCode.INVALID_FORMAT,
                "field 'wheeling' must be an object with 'levels', got an array");
        assertRefused(prefix + "{}}", MarketErrorCode.MISSING_FIELD, "field 'wheeling.levels' is required");
        assertRefused(prefix + "{\"levels\":\"0,150\"}}", MarketErrorCode.INVALID_FORMAT,
                "field 'wheeling.levels' must be an array of integers, got \"0,150\"");
        assertRefused(prefix + "{\"levels\":[]}}", MarketErrorCode.INVALID_FORMAT, "field 'wheeling.levels' must not be empty");
        assertRefused(prefix + "{\"levels\":[0, 1.5]}}", MarketErrorCode.INVALID_FORMAT,
                "field 'wheeling.levels[1]' must be an integer, got 1.5");
        assertRefused(prefix + "{\"levels\":[0, 1e40]}}", MarketErrorCode.INVALID_FORMAT,
                "field 'wheeling.levels[1]' must be an integer, got 1E+40");
        assertRefused(prefix + "{\"levels\":[100000000000000000000]}}", MarketErrorCode.OUT_OF_RANGE,
                "field 'wheeling.levels[0]' must be between 0 and 10000000, got 100000000000000000000");
        // A field 'levels' beside (not inside) a wheeling that is no object is not its levels.
        assertRefused("{\"slot\":\"s\",\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\",\"wheeling\":7,"
                + "\"levels\":[0],\"orders\":[]}", MarketErrorCode.INVALID_FORMAT,
                "field 'wheeling' must be an object with 'levels', got 7");
    }

    @Test
    void orderFields() {
        String ok = "\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":1";
        assertRefused(withOrder("{" + ok + "}"), MarketErrorCode.MISSING_FIELD, "field 'id' is required");
        assertRefused(withOrder("{\"id\":7," + ok + "}"), MarketErrorCode.INVALID_FORMAT, "field 'id' must be a string, got 7");
        assertRefused(withOrder("{\"id\":\"b#1\"," + ok + "}"), MarketErrorCode.INVALID_FORMAT,
                "field 'id' must be 1-64 characters of [A-Za-z0-9._:/-], got \"b#1\"");
        assertRefused(withOrder("{\"id\":\"b1\",\"side\":\"BUY\",\"wh\":1,\"price\":1}"), MarketErrorCode.MISSING_FIELD,
                "order b1: field 'participant' is required");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":true,\"side\":\"BUY\",\"wh\":1,\"price\":1}"),
                MarketErrorCode.INVALID_FORMAT, "order b1: field 'participant' must be a string, got true");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"wh\":1,\"price\":1}"), MarketErrorCode.MISSING_FIELD,
                "order b1: field 'side' is required");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"buy\",\"wh\":1,\"price\":1}"),
                MarketErrorCode.UNKNOWN_VALUE, "order b1: field 'side' must be one of BUY, SELL, got \"buy\"");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"price\":1}"),
                MarketErrorCode.MISSING_FIELD, "order b1: field 'wh' is required");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":\"1500\",\"price\":1}"),
                MarketErrorCode.INVALID_FORMAT, "order b1: field 'wh' must be an integer, got \"1500\"");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1.0,\"price\":1}"),
                MarketErrorCode.INVALID_FORMAT, "order b1: field 'wh' must be an integer, got 1.0");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":99999999999999999999,\"price\":1}"),
                MarketErrorCode.OUT_OF_RANGE, "order b1: field 'wh' must be between 1 and 1000000000, got 99999999999999999999");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1}"),
                MarketErrorCode.MISSING_FIELD, "order b1: field 'price' is required");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":[1]}"),
                MarketErrorCode.INVALID_FORMAT, "order b1: field 'price' must be an integer, got an array");
        assertRefused(withOrder("{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":-99999999999999999999}"),
                MarketErrorCode.OUT_OF_RANGE,
                "order b1: field 'price' must be between -1000000 and 10000000, got -99999999999999999999");
        assertRefused(withOrder("{\"id\":\"b1\"," + ok + ",\"location\":5}"), MarketErrorCode.INVALID_FORMAT,
                "order b1: field 'location' must be a string, got 5");
        assertRefused(withOrder("{\"id\":\"b1\"," + ok + ",\"location\":\"\"}"), MarketErrorCode.INVALID_FORMAT,
                "order b1: field 'location' must be a /-separated path of non-empty segments without control characters,"
                        + " got \"\"");
    }

    @Test
    void theReportedShapeProblemDoesNotDependOnOrderOrder() {
        String a = "{\"id\":\"a\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1.5,\"price\":1}";
        String z = "{\"id\":\"z\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":\"x\"}";
        String noId = "{\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":1}";
        assertEquals(refused(withOrder(a + "," + z)).getMessage(), refused(withOrder(z + "," + a)).getMessage());
        assertEquals("order a: field 'wh' must be an integer, got 1.5", refused(withOrder(z + "," + a)).getMessage());
        assertEquals("field 'id' is required", refused(withOrder(z + "," + a + "," + noId)).getMessage());
        // Two orders with one id are examined by their text: "wh":0 sorts before "wh":1.
        String badWh = "{\"id\":\"x\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":0.5,\"price\":1}";
        String badPrice = "{\"id\":\"x\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":0.5}";
        for (String book : List.of(badWh + "," + badPrice, badPrice + "," + badWh)) {
            assertEquals("order x: field 'wh' must be an integer, got 0.5", refused(withOrder(book)).getMessage());
        }
    }
}
