package io.p2pe.protocol;

/**
 * Chaincode event names. Fabric keeps one event per transaction, so each transaction type sets
 * exactly one, with a compact canonical JSON payload (docs/chaincode.md lists the fields).
 */
public final class EventNames {
    public static final String MARKET_CONFIG_SET = "MarketConfigSet";
    public static final String LEDGER_TIME_ADVANCED = "LedgerTimeAdvanced";
    public static final String PARTICIPANT_REGISTERED = "ParticipantRegistered";
    public static final String PARTICIPANTS_REGISTERED = "ParticipantsRegistered";
    public static final String PARTICIPANT_SUSPENDED = "ParticipantSuspended";
    public static final String PARTICIPANT_REINSTATED = "ParticipantReinstated";
    public static final String ORDER_SUBMITTED = "OrderSubmitted";
    public static final String ORDER_CANCELLED = "OrderCancelled";
    public static final String ORDERS_SUBMITTED = "OrdersSubmitted";
    public static final String ORDERS_REVEALED = "OrdersRevealed";
    public static final String SEALING_KEY_SET = "SealingKeySet";
    public static final String AGGREGATOR_AUTHORIZED = "AggregatorAuthorized";
    public static final String AGGREGATOR_REVOKED = "AggregatorRevoked";
    public static final String SLOT_CLOSED = "SlotClosed";
    public static final String SLOT_CLEARED = "SlotCleared";
    public static final String PROPOSAL_SUBMITTED = "ProposalSubmitted";
    public static final String METER_BOUND = "MeterBound";
    public static final String SOURCE_ATTESTED = "SourceAttested";
    public static final String METER_READING_RECORDED = "MeterReadingRecorded";
    public static final String METER_READINGS_RECORDED = "MeterReadingsRecorded";
    public static final String METER_READING_CORRECTED = "MeterReadingCorrected";
    public static final String SLOT_SETTLED = "SlotSettled";
    public static final String DR_PROGRAM_SET = "DrProgramSet";
    public static final String DR_EVENT_DECLARED = "DrEventDeclared";
    public static final String DR_ENROLLED = "DrEnrolled";
    public static final String DR_PERFORMANCE_MEASURED = "DrPerformanceMeasured";
    public static final String DR_EVENT_CLOSED = "DrEventClosed";
    public static final String POINTS_TRANSFERRED = "PointsTransferred";
    public static final String POINTS_REDEEMED = "PointsRedeemed";
    public static final String BATTERY_DISPATCHED = "BatteryDispatched";
    public static final String DISPATCH_RESPONSE_RECORDED = "DispatchResponseRecorded";

    private EventNames() {
    }
}
