package io.p2pe.market;

/**
 * Quoting of user-supplied text inside refusal messages: the message must stay one line and
 * readable whatever the input holds, so values are written as JSON strings and cut when long.
 */
public final class MessageText {
    /** Longer values are cut; 64 shows any valid order id in full. */
    private static final int MAX_SHOWN = 64;

    private MessageText() {
    }

    /** {@code abc → "abc"}, with quotes, backslashes and control characters escaped. */
    public static String quote(String value) {
        boolean cut = value.length() > MAX_SHOWN;
        int end = cut && Character.isHighSurrogate(value.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
        String shown = cut ? value.substring(0, end) : value;
        StringBuilder sb = new StringBuilder(shown.length() + 16).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (cut) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
