package io.p2pe.sdk;

import java.util.List;

/**
 * A slot changed state: {@code SlotClosed}, {@code SlotCleared} (with the clearing summary) or
 * {@code SlotSettled}.
 *
 * <pre>{@code
 * public void onSlotCleared(SlotEvent e) {
 *     System.out.println(e.slot() + ": " + e.volumeWh() + " Wh in " + e.tradeCount() + " trades");
 * }
 * }</pre>
 *
 * @param name the event name
 * @param slot the slot
 * @param status the slot's new status
 * @param orderCount orders cleared (SlotCleared), else 0
 * @param volumeWh energy traded (SlotCleared), else 0
 * @param tradeCount trades (SlotCleared), else 0
 * @param segments per clearing run, price and volume (SlotCleared), else empty
 * @param transactionId the transaction
 * @param blockNumber its block
 */
public record SlotEvent(String name, String slot, String status, int orderCount, long volumeWh, int tradeCount,
                        List<SegmentPrice> segments, String transactionId, long blockNumber) {
    public SlotEvent {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }

    /**
     * One clearing run's outcome.
     *
     * @param segment {@code renewable} or {@code main}
     * @param clearingPrice uniform price in ticks, or null
     * @param volumeWh traded in the run
     * @param inputDigest SHA-256 hex of its canonical input
     */
    public record SegmentPrice(String segment, Long clearingPrice, long volumeWh, String inputDigest) {
    }
}
