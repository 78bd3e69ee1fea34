package io.p2pe.sdk;

import io.p2pe.market.ClearingResult;
import io.p2pe.market.Fill;
import io.p2pe.market.Trade;
import io.p2pe.protocol.SlotState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A slot's stored clearing (chaincode {@code slot:GetClearingResult} and {@code ClearSlot}): the
 * summary, and per clearing run the exact canonical input text and result text the market engine
 * read and wrote. {@code p2pe market clear} on an input text prints its result text; an auditor's
 * {@link AuditClient#verifyClearing} checks exactly that.
 *
 * <pre>{@code
 * ClearingRecord c = participant.clearingResult(slot);
 * for (Trade t : c.trades()) {
 *     System.out.println(t.buyOrderId() + " <- " + t.sellOrderId() + " " + t.wh() + " Wh @ " + t.price());
 * }
 * }</pre>
 *
 * @param slot {@code 2026-06-17T12:00+09:00}
 * @param status CLEARED or SETTLED
 * @param clearing the summary
 * @param segments the clearing runs in order, with their exact texts
 */
public record ClearingRecord(String slot, SlotState.Status status, SlotState.ClearingSummary clearing,
                             List<SegmentText> segments) {
    public ClearingRecord {
        segments = List.copyOf(segments);
    }

    /**
     * One clearing run's exact texts.
     *
     * @param segment {@code renewable} or {@code main}
     * @param input the canonical clearing input JSON
     * @param result the clearing result JSON
     */
    public record SegmentText(String segment, String input, String result) {
    }

    /**
     * The runs' results, parsed.
     *
     * @throws UnexpectedResponseException if a stored result text is not a clearing result
     */
    public List<ClearingResult> results() throws UnexpectedResponseException {
        List<ClearingResult> out = new ArrayList<>();
        for (SegmentText s : segments) {
            try {
                out.add(Json.MAPPER.readValue(s.result(), ClearingResult.class));
            } catch (IOException e) {
                throw new UnexpectedResponseException("clearing result of segment " + s.segment() + " of slot " + slot
                        + " cannot be read: " + e.getMessage(), clearing == null ? null : clearing.clearTxId(), e);
            }
        }
        return out;
    }

    /** Every trade of every run. */
    public List<Trade> trades() throws UnexpectedResponseException {
        List<Trade> out = new ArrayList<>();
        for (ClearingResult r : results()) {
            out.addAll(r.trades());
        }
        return out;
    }

    /** Every fill of every run (an order in two runs has two fills). */
    public List<Fill> fills() throws UnexpectedResponseException {
        List<Fill> out = new ArrayList<>();
        for (ClearingResult r : results()) {
            out.addAll(r.fills());
        }
        return out;
    }
}
