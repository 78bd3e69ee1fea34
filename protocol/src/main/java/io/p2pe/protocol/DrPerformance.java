package io.p2pe.protocol;

import java.util.List;

/**
 * A participant's measured response to a DR event (docs/market-rules.md section 12).
 *
 * <p>Stored twice: the whole record (baseline days and per-slot metered figures, personal data) in
 * the {@code meter} private data collection, and a summary without the per-slot figures
 * ({@code slots} and the day lists empty) on the public ledger under
 * {@code drperformance~<eventId>~<participantId>}, which the event's close sums.
 *
 * @param baselineStatus ADJUSTED, UNADJUSTED or NO_BASELINE
 * @param method HIGH_4_OF_5 (weekdays) or HIGH_2_OF_3 (weekends)
 * @param candidateDays local dates, most recent first
 * @param chosenDays the days averaged
 * @param adjustmentWh the same-day adjustment
 * @param slots per event slot
 * @param deliveredWh Σ signed delivery
 * @param creditedWh Σ max(0, delivery) per slot
 * @param points credited for the event
 */
public record DrPerformance(String eventId, String participant, String baselineStatus, String method,
                            List<String> candidateDays, List<String> chosenDays, long adjustmentWh,
                            List<Slot> slots, long deliveredWh, long creditedWh, long points, String measuredBy,
                            String measuredAt, String txId) {
    /** One event slot: baseline, metered net import, delivery, credited Wh and points. */
    public record Slot(String slot, long baselineWh, long actualWh, long deliveredWh, long creditedWh, long points) {
    }
}
