package io.p2pe.market;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A delivery slot: its start in the market time zone and its length (15, 30 or 60 minutes).
 * Written ISO-8601 with offset, minutes precision: {@code 2026-06-17T12:00+09:00}.
 */
public record Slot(OffsetDateTime start, int lengthMinutes) implements Comparable<Slot> {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");
    private static final DateTimeFormatter SORT_KEY =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    public Slot {
        Objects.requireNonNull(start, "start");
        if (lengthMinutes != 15 && lengthMinutes != 30 && lengthMinutes != 60) {
            throw new IllegalArgumentException("slot length must be 15, 30 or 60 minutes, got " + lengthMinutes);
        }
        if (start.getSecond() != 0 || start.getNano() != 0 || start.getMinute() % lengthMinutes != 0) {
            throw new IllegalArgumentException("slot start " + start + " is not aligned to " + lengthMinutes + " minutes");
        }
    }

    /**
     * Parses {@code 2026-06-17T12:00+09:00}.
     *
     * @throws IllegalArgumentException if the text is not a slot start aligned to the length
     */
    public static Slot parse(String text, int lengthMinutes) {
        try {
            return new Slot(OffsetDateTime.parse(text, TEXT), lengthMinutes);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("slot '" + text + "' is not of the form 2026-06-17T12:00+09:00", e);
        }
    }

    public Instant startInstant() {
        return start.toInstant();
    }

    public Instant endInstant() {
        return start.toInstant().plus(Duration.ofMinutes(lengthMinutes));
    }

    /** The slot that follows this one, in the same offset. */
    public Slot next() {
        return new Slot(start.plusMinutes(lengthMinutes), lengthMinutes);
    }

    /** A key that sorts chronologically whatever the offset: UTC {@code 20260617T0300Z}. */
    public String sortKey() {
        return SORT_KEY.format(start.toInstant());
    }

    @Override
    public int compareTo(Slot other) {
        return start.toInstant().compareTo(other.start.toInstant());
    }

    @Override
    public String toString() {
        return TEXT.format(start);
    }
}
