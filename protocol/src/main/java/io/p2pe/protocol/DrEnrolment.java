package io.p2pe.protocol;

/**
 * A participant's enrolment in a DR event, under {@code drenrolment~<eventId>~<participantId>}:
 * one key per participant, so enrolments never conflict with each other.
 */
public record DrEnrolment(String eventId, String participant, String enrolledAt, String txId) {
}
