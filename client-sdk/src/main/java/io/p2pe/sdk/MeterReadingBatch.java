package io.p2pe.sdk;

import io.p2pe.protocol.MeterReading;
import java.util.List;
import java.util.Objects;

/**
 * What {@link OperatorClient#recordMeterReadings} recorded: the readings as stored, in the order
 * given, those it found already stored with the same values (an earlier attempt's) included.
 *
 * @param recorded readings this call stored
 * @param alreadyRecorded readings found stored with the same flows and meter id, and skipped
 * @param readings every reading as stored, in the order given
 */
public record MeterReadingBatch(int recorded, int alreadyRecorded, List<MeterReading> readings) {
    /**
     * The most readings the chaincode takes in one {@code meter:RecordMeterReadings}: every
     * reading's private value goes into one transaction's private write set, which the endorsing
     * peers disseminate by gossip. Longer lists are sent as several transactions.
     */
    public static final int MAX_READINGS = 1_000;

    public MeterReadingBatch {
        Objects.requireNonNull(readings, "readings");
        readings = List.copyOf(readings);
    }
}
