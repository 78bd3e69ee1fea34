package io.p2pe.sdk;

import io.p2pe.protocol.Participant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link OperatorClient#onboardParticipants} registered: the participants as stored, in the
 * order given, those found registered already with the same fields included.
 *
 * @param registered participants this call registered
 * @param alreadyRegistered participants found registered with the same fields, and skipped
 * @param participants every participant as stored, in the order given
 */
public record ParticipantBatch(int registered, int alreadyRegistered, List<Participant> participants) {
    /**
     * The most participants the chaincode takes in one {@code participant:RegisterParticipants};
     * the argument must also fit the market's {@code maxArgumentBytes}. Longer lists are sent as
     * several transactions.
     */
    public static final int MAX_PARTICIPANTS = 1_000;

    public ParticipantBatch {
        Objects.requireNonNull(participants, "participants");
        participants = List.copyOf(participants);
    }
}
