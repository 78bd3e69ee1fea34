package io.p2pe.protocol;

/**
 * The chaincode's contract and transaction names, as the chaincode's {@code @Contract} and
 * {@code @Transaction} annotations declare them and as clients call them
 * ({@code <contract>:<transaction>}). One nested class per contract; its {@code NAME} is the
 * contract name.
 */
public final class Contracts {
    private Contracts() {
    }

    /** Market configuration and the market clock. */
    public static final class Config {
        public static final String NAME = "config";
        public static final String SET_MARKET_CONFIG = "SetMarketConfig";
        public static final String GET_MARKET_CONFIG = "GetMarketConfig";
        public static final String GET_MARKET_CONFIG_HISTORY = "GetMarketConfigHistory";
        /** Operator only, LEDGER clock mode only: moves the ledger time forward. */
        public static final String ADVANCE_LEDGER_TIME = "AdvanceLedgerTime";
        public static final String GET_MARKET_CLOCK = "GetMarketClock";

        private Config() {
        }
    }

    /** The participant registry. */
    public static final class Participant {
        public static final String NAME = "participant";
        public static final String REGISTER_PARTICIPANT = "RegisterParticipant";
        /** Many participants in one transaction, each as RegisterParticipant registers it. */
        public static final String REGISTER_PARTICIPANTS = "RegisterParticipants";
        public static final String SUSPEND_PARTICIPANT = "SuspendParticipant";
        public static final String REINSTATE_PARTICIPANT = "ReinstateParticipant";
        public static final String GET_PARTICIPANT = "GetParticipant";
        public static final String LIST_PARTICIPANTS = "ListParticipants";
        public static final String WHO_AM_I = "WhoAmI";

        private Participant() {
        }
    }

    /** Orders. */
    public static final class Order {
        public static final String NAME = "order";
        public static final String SUBMIT_ORDER = "SubmitOrder";
        public static final String CANCEL_ORDER = "CancelOrder";
        public static final String GET_ORDER = "GetOrder";
        public static final String LIST_MY_ORDERS = "ListMyOrders";
        public static final String GET_SLOT_BOOK = "GetSlotBook";
        /** A household authorises an aggregator to submit (and cancel) its orders. */
        public static final String AUTHORIZE_AGGREGATOR = "AuthorizeAggregator";
        /** A household withdraws an aggregator's authorisation. */
        public static final String REVOKE_AGGREGATOR = "RevokeAggregator";
        /** An aggregator submits many authorising households' orders in one transaction. */
        public static final String SUBMIT_ORDERS = "SubmitOrders";
        /** An org admin publishes its org's sealing public key (orderBook SEALED). */
        public static final String SET_SEALING_KEY = "SetSealingKey";
        public static final String GET_SEALING_KEY = "GetSealingKey";
        /** A participant submits an order encrypted to its org's sealing key, with a salted commitment. */
        public static final String SUBMIT_SEALED_ORDER = "SubmitSealedOrder";
        /** After gate closure: sealed orders in clear with their salts, checked against the commitments. */
        public static final String REVEAL_ORDERS = "RevealOrders";

        private Order() {
        }
    }

    /** The slot lifecycle and clearing. */
    public static final class Slot {
        public static final String NAME = "slot";
        public static final String CLOSE_SLOT = "CloseSlot";
        public static final String CLEAR_SLOT = "ClearSlot";
        public static final String GET_SLOT = "GetSlot";
        public static final String GET_CLEARING_RESULT = "GetClearingResult";
        public static final String PUBLISH_CLEARING = "PublishClearing";

        private Slot() {
        }
    }

    /** Meter bindings and readings. */
    public static final class Meter {
        public static final String NAME = "meter";
        public static final String RECORD_METER_READING = "RecordMeterReading";
        /** The meter role records many readings (of any slots and participants) in one transaction. */
        public static final String RECORD_METER_READINGS = "RecordMeterReadings";
        public static final String CORRECT_METER_READING = "CorrectMeterReading";
        public static final String BIND_METER = "BindMeter";
        public static final String ATTEST_SOURCE = "AttestSource";
        public static final String GET_SOURCE_ATTESTATION = "GetSourceAttestation";
        public static final String GET_METER_READING = "GetMeterReading";

        private Meter() {
        }
    }

    /** Settlement. */
    public static final class Settlement {
        public static final String NAME = "settlement";
        public static final String SETTLE_SLOT = "SettleSlot";
        public static final String GET_SETTLEMENT = "GetSettlement";
        public static final String LIST_SETTLEMENTS = "ListSettlements";
        public static final String PURGE_PRIVATE_RECORDS = "PurgePrivateRecords";

        private Settlement() {
        }
    }

    /** Delivered provenance. */
    public static final class Provenance {
        public static final String NAME = "provenance";
        public static final String GET_PROVENANCE = "GetProvenance";
        public static final String LIST_PROVENANCE_BY_CONSUMER = "ListProvenanceByConsumer";
        public static final String LIST_DELIVERIES_BY_GENERATOR = "ListDeliveriesByGenerator";
        public static final String GET_RENEWABLE_SHARE = "GetRenewableShare";
        public static final String VERIFY_RECORD_HASH = "VerifyRecordHash";

        private Provenance() {
        }
    }

    /** Proposal-based clearing of OPTIMAL slots. */
    public static final class Proposal {
        public static final String NAME = "proposal";
        public static final String PROPOSE_CLEARING = "ProposeClearing";
        public static final String FINALIZE_CLEARING = "FinalizeClearing";
        public static final String GET_PROPOSAL_BOOK = "GetProposalBook";
        public static final String GET_PROPOSALS = "GetProposals";

        private Proposal() {
        }
    }

    /** Demand-response events: declaration, enrolment, measured performance against a baseline. */
    public static final class DemandResponse {
        public static final String NAME = "dr";
        public static final String SET_DR_PROGRAM = "SetDrProgram";
        public static final String GET_DR_PROGRAM = "GetDrProgram";
        public static final String DECLARE_DR_EVENT = "DeclareDrEvent";
        public static final String ENROL_DR_EVENT = "EnrolDrEvent";
        public static final String MEASURE_DR_PERFORMANCE = "MeasureDrPerformance";
        public static final String CLOSE_DR_EVENT = "CloseDrEvent";
        public static final String GET_DR_EVENT = "GetDrEvent";
        public static final String LIST_DR_EVENTS = "ListDrEvents";
        public static final String LIST_DR_ENROLMENTS = "ListDrEnrolments";
        public static final String GET_DR_PERFORMANCE = "GetDrPerformance";

        private DemandResponse() {
        }
    }

    /** Incentive points: balances, history, transfers, redemption. */
    public static final class Points {
        public static final String NAME = "points";
        public static final String GET_POINTS_BALANCE = "GetPointsBalance";
        public static final String LIST_POINTS_ENTRIES = "ListPointsEntries";
        public static final String TRANSFER_POINTS = "TransferPoints";
        public static final String REDEEM_POINTS = "RedeemPoints";

        private Points() {
        }
    }

    /** Battery dispatch by aggregators (virtual power plant). */
    public static final class Dispatch {
        public static final String NAME = "dispatch";
        public static final String DISPATCH_BATTERY = "DispatchBattery";
        public static final String RECORD_DISPATCH_RESPONSE = "RecordDispatchResponse";
        public static final String GET_DISPATCH = "GetDispatch";
        public static final String LIST_DISPATCHES = "ListDispatches";

        private Dispatch() {
        }
    }
}
