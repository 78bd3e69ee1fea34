package io.p2pe.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** The argument reader every transaction uses: each refusal's code and exact message. */
class ArgsTest {
    private static final Pattern WORD = Pattern.compile("[a-z]{1,8}");
    private static final Set<String> FIELDS = Set.of("s", "n", "b", "list", "nums", "mode");

    private enum Mode { FAST, SLOW }

    private static Args args(String json) {
        return Args.of(json, "thing", FIELDS);
    }

    private static String refused(ErrorCode code, Runnable r) {
        ChaincodeException e = assertThrows(ChaincodeException.class, r::run);
        assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
        return e.getMessage().substring(code.name().length() + 2);
    }

    @Test
    void unknownFieldsAreRefusedWithTheAllowedOnes() {
        assertEquals("thing: field 'x' is not recognised; allowed: b, list, mode, n, nums, s",
                refused(ErrorCode.INVALID_FORMAT, () -> args("{\"z\":1,\"x\":2}")));
    }

    @Test
    void textsAndPatterns() {
        Args a = args("{\"s\":\"abc\",\"n\":5,\"b\":null}");
        assertEquals("abc", a.text("s"));
        assertEquals("abc", a.matching("s", WORD, "must be a word"));
        assertEquals("abc", a.optionalMatching("s", WORD, "must be a word"));
        assertNull(a.optionalMatching("b", WORD, "must be a word"), "null counts as absent");
        assertEquals("fallback", a.optionalText("b", "fallback"));
        assertFalse(a.has("b"));
        assertNull(a.raw("b"));
        assertEquals("thing: field 'b' is required", refused(ErrorCode.MISSING_FIELD, () -> a.text("b")));
        assertEquals("thing: field 'n' must be a string", refused(ErrorCode.INVALID_FORMAT, () -> a.text("n")));
        assertEquals("thing: field 's' must be two letters, got \"ABC\"", refused(ErrorCode.INVALID_FORMAT,
                () -> args("{\"s\":\"ABC\"}").matching("s", WORD, "must be two letters")));
    }

    @Test
    void integersAreRangeChecked() {
        Args a = args("{\"n\":5,\"s\":\"5\",\"b\":5.5,\"nums\":99999999999999999999}");
        assertEquals(5, a.integer("n", 5, 5));
        assertEquals(7, a.optionalInteger("list", 7, 0, 10));
        assertEquals("thing: field 'n' must be between 6 and 9, got 5",
                refused(ErrorCode.OUT_OF_RANGE, () -> a.integer("n", 6, 9)));
        assertEquals("thing: field 'n' must be between 0 and 4, got 5",
                refused(ErrorCode.OUT_OF_RANGE, () -> a.integer("n", 0, 4)));
        assertEquals("thing: field 's' must be an integer", refused(ErrorCode.INVALID_FORMAT, () -> a.integer("s", 0, 9)));
        assertEquals("thing: field 'b' must be an integer", refused(ErrorCode.INVALID_FORMAT, () -> a.integer("b", 0, 9)));
        assertEquals("thing: field 'nums' must be between 0 and 9223372036854775807, got 99999999999999999999",
                refused(ErrorCode.OUT_OF_RANGE, () -> a.integer("nums", 0, Long.MAX_VALUE)));
        assertEquals("thing: field 'mode' is required", refused(ErrorCode.MISSING_FIELD, () -> a.integer("mode", 0, 9)));
    }

    @Test
    void booleansAndEnums() {
        Args a = args("{\"b\":true,\"s\":\"yes\",\"mode\":\"SLOW\"}");
        assertTrue(a.optionalBoolean("b", false));
        assertTrue(a.optionalBoolean("n", true));
        assertEquals("thing: field 's' must be true or false",
                refused(ErrorCode.INVALID_FORMAT, () -> a.optionalBoolean("s", false)));
        assertEquals(Mode.SLOW, a.enumValue("mode", Mode.class, Mode.FAST));
        assertEquals(Mode.FAST, a.enumValue("n", Mode.class, Mode.FAST));
        assertEquals("thing: field 'n' is required", refused(ErrorCode.MISSING_FIELD, () -> a.enumValue("n", Mode.class, null)));
        assertEquals("thing: field 's' must be one of FAST, SLOW, got \"yes\"",
                refused(ErrorCode.UNKNOWN_VALUE, () -> a.enumValue("s", Mode.class, Mode.FAST)));
    }

    @Test
    void arraysOfIntegersAndStrings() {
        Args a = args("{\"nums\":[1,2,3],\"list\":[\"ab\",\"cd\"]}");
        assertEquals(List.of(1L, 2L, 3L), a.optionalIntegers("nums", 0, 9, 3));
        assertEquals(List.of("ab", "cd"), a.optionalStrings("list", WORD, "must be a word", 2));
        assertNull(a.optionalIntegers("n", 0, 9, 3));
        assertNull(a.optionalStrings("n", WORD, "must be a word", 2));
        assertEquals("thing: field 'nums' must be an array of 1 to 2 integers",
                refused(ErrorCode.INVALID_FORMAT, () -> a.optionalIntegers("nums", 0, 9, 2)));
        assertEquals("thing: field 'nums' must be an array of 1 to 3 integers",
                refused(ErrorCode.INVALID_FORMAT, () -> args("{\"nums\":[]}").optionalIntegers("nums", 0, 9, 3)));
        assertEquals("thing: field 'nums[1]' must be between 0 and 1, got 2",
                refused(ErrorCode.OUT_OF_RANGE, () -> a.optionalIntegers("nums", 0, 1, 3)));
        assertEquals("thing: field 'list' must be an array of at most 1 strings",
                refused(ErrorCode.INVALID_FORMAT, () -> a.optionalStrings("list", WORD, "must be a word", 1)));
        assertEquals("thing: field 'list' must be an array of at most 2 strings",
                refused(ErrorCode.INVALID_FORMAT, () -> args("{\"list\":\"ab\"}").optionalStrings("list", WORD, "w", 2)));
        assertEquals("thing: field 'list[1]' must be a string",
                refused(ErrorCode.INVALID_FORMAT, () -> args("{\"list\":[\"ab\",3]}").optionalStrings("list", WORD, "w", 2)));
        assertEquals("thing: field 'list[0]' must be a word, got \"A\"",
                refused(ErrorCode.INVALID_FORMAT, () -> args("{\"list\":[\"A\"]}").optionalStrings("list", WORD,
                        "must be a word", 2)));
    }

    @Test
    void quotedValuesAreEscapedAndCutAt64Characters() {
        assertEquals("\"plain\"", Args.quote("plain"));
        assertEquals("\"a\\\"b\\\\c\"", Args.quote("a\"b\\c"));
        assertEquals("\"line\\u000abreak\\u0000\"", Args.quote("line\nbreak\u0000"));
        String x64 = "x".repeat(64);
        assertEquals("\"" + x64 + "\"", Args.quote(x64));
        assertEquals("\"" + x64 + "...\"", Args.quote(x64 + "y"));
    }
}
