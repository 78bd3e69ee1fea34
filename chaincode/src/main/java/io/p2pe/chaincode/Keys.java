package io.p2pe.chaincode;

import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * Every ledger key of the chaincode. All keys are composite keys (the shim's encoding:
 * {@code U+0000 type U+0000 attr1 U+0000 ...}); a slot component is always {@code Slot.sortKey()}
 * (UTC {@code 20260617T0300Z}), so keys sort chronologically. docs/chaincode.md explains who reads
 * and writes each key and why no key is shared by concurrent order submissions.
 */
public final class Keys {
    /** Current market configuration. */
    public static final String CONFIG = "config";
    /** The ledger market clock (LEDGER clock mode): {@code clock}. */
    public static final String CLOCK = "clock";
    /** Every configuration version: {@code configver~<version, 12 digits>}. */
    public static final String CONFIG_VERSION = "configver";
    /** Participant record: {@code participant~<MSP id>~<local id>}. */
    public static final String PARTICIPANT = "participant";
    /** Order record: {@code order~<slot>~<orderId>}; a slot's book is one prefix scan. */
    public static final String ORDER = "order";
    /** Index of a participant's orders: {@code ownerorder~<participantId>~<slot>~<orderId>}. */
    public static final String OWNER_ORDER = "ownerorder";
    /** Idempotency record: {@code clientorder~<participantId>~<clientOrderId>}. */
    public static final String CLIENT_ORDER = "clientorder";
    /** A participant's side in a slot: {@code position~<slot>~<participantId>}. */
    public static final String POSITION = "position";
    /**
     * A participant's sealed, unrevealed orders in a slot: {@code sealedposition~<slot>~<participantId>}
     * (the open-order cap counts them; RevealOrders moves them to the position).
     */
    public static final String SEALED_POSITION = "sealedposition";
    /** An org's sealing public key: {@code sealingkey~<MSP id>}, written by that org's admin only. */
    public static final String SEALING_KEY = "sealingkey";
    /**
     * A household's authorisation of an aggregator: {@code aggregation~<participantId>~<aggregatorId>};
     * only that household's transactions write it, so authorisations never share a key.
     */
    public static final String AGGREGATION = "aggregation";
    /** Slot state (absent = OPEN): {@code slot~<slot>}. */
    public static final String SLOT = "slot";
    /**
     * One piece of the exact clearing result text of one segment:
     * {@code clearresult~<slot>~<segment>~<index, 4 digits>}; the pieces in index order are the text.
     * The clearing input is not stored: it is rebuilt from the slot's orders.
     */
    public static final String CLEARING_RESULT = "clearresult";
    /**
     * A solver's proposal for a slot: {@code proposal~<slot>~<solver MSP>~<solver client id>}; each
     * solver writes only its own key, so solvers never conflict.
     */
    public static final String PROPOSAL = "proposal";
    /** Which proposal won a slot's competition, with its score and the runner-up's: {@code proposaloutcome~<slot>}. */
    public static final String PROPOSAL_OUTCOME = "proposaloutcome";
    /**
     * Prefix of the private data collections: one per peer org, {@code private-<MSP id>}, holding
     * the records of that org's participants that tell their consumption or production (readings
     * and corrections, meter bindings, source attestations, settlement lines, provenance,
     * deliveries, DR and dispatch figures). Members: the participant's own org, the meter org
     * (GridOrg) and the market operator (ExchangeOrg); every other org's peers hold only the hashes
     * on the public ledger. Each collection's own endorsement policy
     * (network/chaincode/collections_config.json) needs a GridOrg peer for every write, the creating
     * write of a key included, which a key-level policy cannot (docs/security.md section 5).
     */
    public static final String PRIVATE_COLLECTION_PREFIX = "private-";
    /** Meter reading, in the participant's {@link #privateCollection}: {@code meter~<slot>~<participantId>}. */
    public static final String METER = "meter";
    /**
     * Public index of a slot's readings: {@code metered~<slot>~<participantId>}. Fabric refuses writes
     * in a transaction that scanned private data, so SettleSlot scans this index and reads each
     * reading by key.
     */
    public static final String METERED = "metered";
    /**
     * A reading's superseded revision, in the participant's {@link #privateCollection}:
     * {@code meterrevision~<slot>~<participantId>~<revision, 4 digits>}. Fabric keeps no key history
     * of private data, so a correction keeps the values it replaces here.
     */
    public static final String METER_REVISION = "meterrevision";
    /** Meter binding, in the participant's {@link #privateCollection}: {@code meterbinding~<participantId>}. */
    public static final String METER_BINDING = "meterbinding";
    /** A generator's source type attested by the grid operator, in the participant's {@link #privateCollection}: {@code source~<participantId>}. */
    public static final String SOURCE = "source";
    /** Settlement line, in the participant's {@link #privateCollection}: {@code settlement~<participantId>~<slot>}. */
    public static final String SETTLEMENT = "settlement";
    /** Delivered provenance of a consumer, in its {@link #privateCollection}: {@code provenance~<consumer>~<slot>}. */
    public static final String PROVENANCE = "provenance";
    /** Deliveries of a generator, in its {@link #privateCollection}: {@code delivery~<generator>~<slot>}. */
    public static final String DELIVERY = "delivery";

    /** The demand-response programme's settings: {@code drprogram}. */
    public static final String DR_PROGRAM = "drprogram";
    /** A DR event: {@code drevent~<eventId>}. */
    public static final String DR_EVENT = "drevent";
    /** A participant's enrolment in an event: {@code drenrolment~<eventId>~<participantId>}. */
    public static final String DR_ENROLMENT = "drenrolment";
    /**
     * A local day on which a participant was enrolled in a DR event, kept out of its baselines:
     * {@code drday~<participantId>~<yyyy-MM-dd>}. Written blind (never read by the enrolment), so
     * two enrolments of one participant on one day do not conflict.
     */
    public static final String DR_DAY = "drday";
    /**
     * A participant's measured DR performance: {@code drperformance~<eventId>~<participantId>}, the
     * summary on the public ledger and the whole record (per-slot metered figures) in
     * the participant's {@link #privateCollection}.
     */
    public static final String DR_PERFORMANCE = "drperformance";
    /** A participant's incentive points: {@code pointsbalance~<participantId>}. */
    public static final String POINTS_BALANCE = "pointsbalance";
    /**
     * One movement of a participant's points: {@code pointsentry~<participantId>~<entryId>}; a DR
     * credit's entry id is {@code credit~<eventId>~<slot key>}, so one participant, event and slot
     * can be credited only once.
     */
    public static final String POINTS_ENTRY = "pointsentry";
    /**
     * An aggregator's instruction to a battery for a slot: {@code dispatch~<participantId>~<slot>};
     * the response's baseline and metered figures in the participant's {@link #privateCollection} under the same key.
     */
    public static final String DISPATCH = "dispatch";

    private Keys() {
    }

    /**
     * The private data collection of a participant's records: {@code private-<MSP id>} of the org
     * its id names ({@code <MSP id>:<local id>}).
     */
    public static String privateCollection(String participantId) {
        int colon = participantId.indexOf(':');
        return PRIVATE_COLLECTION_PREFIX + (colon < 0 ? participantId : participantId.substring(0, colon));
    }

    /** The key string of an object type and its attributes. */
    public static String key(String type, String... attributes) {
        return new CompositeKey(type, attributes).toString();
    }

    /** A partial key, for prefix scans. */
    public static CompositeKey prefix(String type, String... attributes) {
        return new CompositeKey(type, attributes);
    }

    public static String config() {
        return key(CONFIG);
    }

    public static String clock() {
        return key(CLOCK);
    }

    public static String configVersion(long version) {
        return key(CONFIG_VERSION, String.format("%012d", version));
    }

    public static String participant(String mspId, String localId) {
        return key(PARTICIPANT, mspId, localId);
    }

    public static String order(String slotKey, String orderId) {
        return key(ORDER, slotKey, orderId);
    }

    public static String ownerOrder(String participantId, String slotKey, String orderId) {
        return key(OWNER_ORDER, participantId, slotKey, orderId);
    }

    public static String clientOrder(String participantId, String clientOrderId) {
        return key(CLIENT_ORDER, participantId, clientOrderId);
    }

    public static String position(String slotKey, String participantId) {
        return key(POSITION, slotKey, participantId);
    }

    public static String sealedPosition(String slotKey, String participantId) {
        return key(SEALED_POSITION, slotKey, participantId);
    }

    public static String sealingKey(String mspId) {
        return key(SEALING_KEY, mspId);
    }

    public static String aggregation(String participantId, String aggregatorId) {
        return key(AGGREGATION, participantId, aggregatorId);
    }

    public static String slot(String slotKey) {
        return key(SLOT, slotKey);
    }

    /** A slot cleared before results were stored in pieces: its whole text under {@code clearresult~<slot>~<segment>}. */
    public static String clearingResultWhole(String slotKey, String segment) {
        return key(CLEARING_RESULT, slotKey, segment);
    }

    public static String clearingResultChunk(String slotKey, String segment, int index) {
        return key(CLEARING_RESULT, slotKey, segment, String.format(java.util.Locale.ROOT, "%04d", index));
    }

    public static String proposal(String slotKey, String solverMsp, String solverClientId) {
        return key(PROPOSAL, slotKey, solverMsp, solverClientId);
    }

    public static String proposalOutcome(String slotKey) {
        return key(PROPOSAL_OUTCOME, slotKey);
    }

    public static String meter(String slotKey, String participantId) {
        return key(METER, slotKey, participantId);
    }

    public static String metered(String slotKey, String participantId) {
        return key(METERED, slotKey, participantId);
    }

    public static String meterRevision(String slotKey, String participantId, int revision) {
        return key(METER_REVISION, slotKey, participantId, String.format("%04d", revision));
    }

    public static String meterBinding(String participantId) {
        return key(METER_BINDING, participantId);
    }

    public static String source(String participantId) {
        return key(SOURCE, participantId);
    }

    public static String settlement(String participantId, String slotKey) {
        return key(SETTLEMENT, participantId, slotKey);
    }

    public static String provenance(String consumer, String slotKey) {
        return key(PROVENANCE, consumer, slotKey);
    }

    public static String delivery(String generator, String slotKey) {
        return key(DELIVERY, generator, slotKey);
    }

    public static String drProgram() {
        return key(DR_PROGRAM);
    }

    public static String drEvent(String eventId) {
        return key(DR_EVENT, eventId);
    }

    public static String drEnrolment(String eventId, String participantId) {
        return key(DR_ENROLMENT, eventId, participantId);
    }

    public static String drDay(String participantId, String localDate) {
        return key(DR_DAY, participantId, localDate);
    }

    public static String drPerformance(String eventId, String participantId) {
        return key(DR_PERFORMANCE, eventId, participantId);
    }

    public static String pointsBalance(String participantId) {
        return key(POINTS_BALANCE, participantId);
    }

    public static String pointsEntry(String participantId, String entryId) {
        return key(POINTS_ENTRY, participantId, entryId);
    }

    /** The entry id of a market-participation credit: {@code market~<slot key>}. */
    public static String marketCreditEntryId(String slotKey) {
        return "market~" + slotKey;
    }

    /** The entry id of a DR credit: {@code credit~<eventId>~<slot key>} (one composite-key attribute). */
    public static String drCreditEntryId(String eventId, String slotKey) {
        return "credit~" + eventId + "~" + slotKey;
    }

    public static String dispatch(String participantId, String slotKey) {
        return key(DISPATCH, participantId, slotKey);
    }
}
