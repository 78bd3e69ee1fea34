package io.p2pe.chaincode;

import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Slot arguments: parsed, aligned to the configured length and written in the market time zone. */
final class Slots {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");

    private Slots() {
    }

    /**
     * The slot a client named. One slot has one spelling (it is part of tie-break keys and the
     * clearing digest), so the text must use the market zone's offset at that instant.
     *
     * @param field the argument's name for messages
     */
    static Slot parse(String text, MarketConfig config, String field) {
        if (text == null || text.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "field '" + field + "' is required");
        }
        Slot slot;
        try {
            slot = Slot.parse(text, config.slotLengthMinutes());
        } catch (IllegalArgumentException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "field '" + field + "' must be a slot start like "
                    + "2026-06-17T12:00+09:00 aligned to " + config.slotLengthMinutes() + " minutes, got " + Args.quote(text));
        }
        OffsetDateTime canonical = slot.startInstant().atZone(config.zone()).toOffsetDateTime();
        String canonicalText = TEXT.format(canonical);
        if (!canonicalText.equals(text)) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "field '" + field + "' must be written in the market time zone "
                    + config.timeZone() + ": " + canonicalText + ", got " + Args.quote(text));
        }
        return slot;
    }

    /** The start instant of a slot text stored by this chaincode (already validated). */
    static Instant start(String storedText) {
        try {
            return OffsetDateTime.parse(storedText, TEXT).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("stored slot text is not canonical: " + storedText, e);
        }
    }

    /** Orders close this long before the slot starts. */
    static Instant gateClosure(Instant slotStart, MarketConfig config) {
        return slotStart.minusSeconds(60L * config.gateClosureLeadMinutes());
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
