package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chaincode refusal as it reaches the client: Fabric passes only the chaincode's message (the
 * gateway reports it as {@code chaincode response 500, <message>}), so the chaincode writes its
 * stable error code into the message. Two encodings are read: {@code CODE: text} and a JSON
 * object {@code {"code": "CODE", "message": "text", "field": "wh"}}. A field is also recognised
 * in the market engine's wording {@code field 'wh' …}.
 */
record ChaincodeError(String code, String field, String message) {
    private static final Pattern RESPONSE = Pattern.compile("chaincode response (\\d+), (.*)", Pattern.DOTALL);
    private static final Pattern CODE_PREFIX = Pattern.compile("([A-Z][A-Z0-9_]{2,}): (.*)", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("field '([^']+)'");

    /** The chaincode message inside a gateway error text, or null when the text has none. */
    static String chaincodeMessage(String gatewayText) {
        if (gatewayText == null) {
            return null;
        }
        Matcher m = RESPONSE.matcher(gatewayText);
        return m.find() ? m.group(2).strip() : null;
    }

    /** Decodes a chaincode message. */
    static ChaincodeError parse(String chaincodeMessage) {
        String text = chaincodeMessage.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && node.isObject() && node.hasNonNull("message")) {
                    String message = node.get("message").asText();
                    String field = node.hasNonNull("field") ? node.get("field").asText() : fieldIn(message);
                    return new ChaincodeError(node.hasNonNull("code") ? node.get("code").asText() : null, field, message);
                }
            } catch (IOException e) {
                // not JSON after all: read it as text below
            }
        }
        Matcher m = CODE_PREFIX.matcher(text);
        if (m.matches()) {
            return new ChaincodeError(m.group(1), fieldIn(m.group(2)), m.group(2));
        }
        return new ChaincodeError(null, fieldIn(text), text);
    }

    private static String fieldIn(String message) {
        Matcher m = FIELD.matcher(message);
        return m.find() ? m.group(1) : null;
    }
}
