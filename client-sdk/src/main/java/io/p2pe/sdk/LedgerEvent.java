package io.p2pe.sdk;

import java.nio.charset.StandardCharsets;

/**
 * A chaincode event as received, before typing: every event the chaincode emits reaches
 * {@link P2peEventListener#onEvent} in this form.
 *
 * <pre>{@code
 * public void onEvent(LedgerEvent e) {
 *     System.out.println(e.blockNumber() + " " + e.name() + " " + e.payloadText());
 * }
 * }</pre>
 *
 * @param name the event name, e.g. {@code SlotCleared}
 * @param transactionId the emitting transaction
 * @param blockNumber the block holding it
 * @param payload the JSON payload
 */
public record LedgerEvent(String name, String transactionId, long blockNumber, byte[] payload) {
    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
