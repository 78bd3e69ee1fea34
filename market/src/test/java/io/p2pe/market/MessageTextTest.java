package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Values quoted in refusal messages stay one readable line. */
class MessageTextTest {
    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u007f\"", MessageText.quote("a\"b\\c\nd\re\tf\u0000g\u007f"));
        assertEquals("\"h\u00e9llo \u65e5\u672c\"", MessageText.quote("h\u00e9llo \u65e5\u672c"), "printable text as it is");
    }

    @Test
    void longValuesAreCutAt64CharactersWithoutSplittingASurrogatePair() {
        String x64 = "x".repeat(64);
        assertEquals("\"" + x64 + "\"", MessageText.quote(x64), "64 characters: shown whole");
        assertEquals("\"" + x64 + "\"... (65 characters)", MessageText.quote(x64 + "y"));
        // An emoji (two chars) at positions 63-64: the cut falls before it, not inside it.
        String split = "x".repeat(63) + "\ud83d\ude00" + "z";
        assertEquals("\"" + "x".repeat(63) + "\"... (66 characters)", MessageText.quote(split));
        // The pair at 62-63 ends at the cut: shown whole.
        String whole = "x".repeat(62) + "\ud83d\ude00" + "z";
        assertEquals("\"" + "x".repeat(62) + "\ud83d\ude00\"... (65 characters)", MessageText.quote(whole));
    }

    @Test
    void controlCharactersAreFound() {
        assertTrue(MessageText.hasControlCharacter("a\u0001"));
        assertTrue(MessageText.hasControlCharacter("\u009f"));
        assertFalse(MessageText.hasControlCharacter("plain text \u00e9"));
        assertFalse(MessageText.hasControlCharacter(""));
    }
}
