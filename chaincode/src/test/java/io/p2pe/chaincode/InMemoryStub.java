package io.p2pe.chaincode;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A fake Fabric peer: a versioned world state in memory, a transaction simulator over it, and the
 * block validation of Fabric 2.5 for what the chaincode depends on.
 *
 * <p>Simulation (endorsement): keys ordered by their UTF-8 bytes; reads see committed state only
 * (not the transaction's own writes) and are recorded with the version (block, tx) they saw, an
 * absent key with no version; range and partial-key scans are recorded with their results and
 * versions; non-paginated scans stop silently after {@link #totalQueryLimit()} records, as the
 * peer's {@code ledger.state.totalQueryLimit} does, and a page holds at most that many; pagination
 * with bookmarks (refused in a transaction that writes, and writes refused after one); key
 * history; one event per transaction (the last one set); state-based endorsement parameters.
 *
 * <p>Private data ({@link #collection}): each collection defined for the chaincode has its own
 * versioned state (one copy: every member peer is assumed to hold it, i.e. dissemination is not
 * modelled); a read through the stub returns committed values only and is recorded with its
 * version (Fabric's hashed read set); {@code memberOnlyRead}/{@code memberOnlyWrite} are checked
 * against the client's MSP; {@code getPrivateDataHash} answers any client; a range or
 * partial-key scan of private data is refused after a write and makes every later write of the
 * transaction fail, as Fabric's simulator does ("Queries on pvt data is supported only in a
 * read-only transaction"), and is not re-checked at commit (Fabric has no phantom check for it).
 *
 * <p>Validation ({@link #commitBlock}): transactions simulated against the same state are ordered
 * into one block and validated in order, as the committing peer does:
 * <ol>
 *   <li>endorsement policy (VSCC): every key the transaction writes, or whose validation parameter
 *       it sets, must satisfy that key's committed state-based policy if it has one, otherwise the
 *       chaincode-level policy, which is also checked for a transaction that writes nothing; for a
 *       key of a collection, its committed key-level policy if it has one, otherwise the
 *       collection's endorsement policy if it defines one, otherwise the chaincode-level policy
 *       (Fabric's checkSBAndCCEP / CheckCCEPIfNotChecked): the creating write of a private key is
 *       checked against the collection's policy. A key
 *       whose validation parameter an earlier transaction of the block changed cannot be written
 *       (Fabric's ValidationParameterUpdatedError). Failure: {@code ENDORSEMENT_POLICY_FAILURE}.</li>
 *   <li>MVCC: every key read, public or private, must still have the version read, counting the writes of the earlier
 *       valid transactions of the block; failure {@code MVCC_READ_CONFLICT}. Every range scan is
 *       re-run (up to its last result if it did not reach its end) and must return the same keys
 *       with the same versions; failure {@code PHANTOM_READ_CONFLICT}.</li>
 *   <li>a valid transaction's writes are applied with version (block, index in block); deleting a
 *       key drops its validation parameter.</li>
 * </ol>
 * Policies are real {@code SignaturePolicyEnvelope}s, evaluated against the MSP ids of the peers
 * that endorsed (one endorsement per org, satisfying the org's {@code PEER} and {@code MEMBER}
 * principals). {@link #begin} / {@link #commit()} / {@link #rollback()} remain the one-transaction
 * shorthand: commit() orders the current simulation alone into a block endorsed by every peer org.
 */
final class InMemoryStub implements ChaincodeStub {
    /** Fabric's range end for partial composite keys. */
    private static final String MAX_UNICODE_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final byte[] DELETED = new byte[0];
    /** The test network's peer orgs (network/orgs, MunicipalityOrg being optional). */
    static final Set<String> PEER_ORGS = Set.of("ExchangeOrgMSP", "RetailerOrgMSP", "GridOrgMSP");
    /** Fabric's default {@code ledger.state.totalQueryLimit}, also the test network's (network/nodes/peer.env). */
    static final int DEFAULT_TOTAL_QUERY_LIMIT = 100_000;

    static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The height at which a key was last written: block number and index in the block. */
    record Version(long block, int tx) {
        @Override
        public String toString() {
            return block + ":" + tx;
        }
    }

    private record Versioned(byte[] value, Version version) {
    }

    /** A key and the version a scan returned it with. */
    record KeyVersion(String key, Version version) {
    }

    /**
     * A range scan as recorded in the read set.
     *
     * @param exhausted whether the scan reached {@code end}; if not, validation re-runs it only up to
     *                  its last result (inclusive)
     */
    record RangeRead(String start, String end, boolean exhausted, List<KeyVersion> results) {
    }

    /**
     * The read-write set and events of one simulated transaction: what the endorsing peers sign.
     *
     * @param reads every key read with getState and the version seen (null: the key was absent)
     * @param writes values written, an empty array for a delete
     * @param metadataWrites validation parameters set
     */
    record Simulation(String txId, Instant timestamp, byte[] creator, NavigableMap<String, Version> reads,
                      List<RangeRead> ranges, NavigableMap<String, byte[]> writes,
                      NavigableMap<String, byte[]> metadataWrites, List<ChaincodeEvent> events,
                      Map<String, NavigableMap<String, Version>> privateReads,
                      Map<String, NavigableMap<String, byte[]>> privateWrites,
                      Map<String, NavigableMap<String, byte[]>> privateMetadataWrites) {
    }

    /**
     * A private data collection of the chaincode definition (collections_config.json).
     *
     * @param members the MSP ids of the member orgs (the collection's member policy)
     * @param endorsementPolicy the collection-level endorsement policy, or null for none
     */
    record Collection(String name, Set<String> members, byte[] endorsementPolicy, boolean memberOnlyRead,
                      boolean memberOnlyWrite) {
    }

    /** A simulation with the MSP ids of the peers that endorsed it, as the client sends it to ordering. */
    record Endorsed(Simulation simulation, Set<String> endorsers) {
    }

    private final TreeMap<String, Versioned> state = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, List<Modification>> history = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>(UTF8_ORDER);
    private byte[] chaincodePolicy = outOf(2, PEER_ORGS);
    private int totalQueryLimit = DEFAULT_TOTAL_QUERY_LIMIT;
    private long height;
    private final TreeMap<String, Collection> collections = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, Versioned>> privateState = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, byte[]>> privateValidationParameters = new TreeMap<>();

    /** A peer of the test network: the chaincode defined with network/chaincode/collections_config.json. */
    InMemoryStub() {
        CollectionsConfig.shipped().forEach(this::collection);
    }

    // the transaction being simulated
    private String txId = "";
    private Instant timestamp = Instant.EPOCH;
    private byte[] creator = new byte[0];
    private final TreeMap<String, byte[]> writes = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, byte[]> parameterWrites = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, Version> reads = new TreeMap<>(UTF8_ORDER);
    private final List<RangeRead> ranges = new ArrayList<>();
    private final List<ChaincodeEvent> events = new ArrayList<>();
    private boolean paginated;
    private final TreeMap<String, TreeMap<String, Version>> privateReads = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, byte[]>> privateWrites = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, byte[]>> privateParameterWrites = new TreeMap<>();
    private boolean privateQueried;
    private List<byte[]> args = List.of();
    private final TreeMap<String, byte[]> transientData = new TreeMap<>();

    record Modification(String txId, byte[] value, Instant timestamp, boolean deleted) implements KeyModification {
        @Override
        public String getTxId() {
            return txId;
        }

        @Override
        public byte[] getValue() {
            return value;
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public boolean isDeleted() {
            return deleted;
        }
    }

    // ------------------------------------------------------------------ peer configuration

    /** The peers' {@code ledger.state.totalQueryLimit}. */
    int totalQueryLimit() {
        return totalQueryLimit;
    }

    void totalQueryLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("totalQueryLimit must be positive");
        }
        this.totalQueryLimit = limit;
    }

    /** Replaces the chaincode definition's endorsement policy (default: any 2 of {@link #PEER_ORGS}). */
    void chaincodePolicy(byte[] signaturePolicyEnvelope) {
        this.chaincodePolicy = signaturePolicyEnvelope.clone();
    }

    /** Defines (or redefines) a private data collection of the chaincode. */
    void collection(Collection c) {
        collections.put(c.name(), c);
        privateState.computeIfAbsent(c.name(), x -> new TreeMap<>(UTF8_ORDER));
        privateValidationParameters.computeIfAbsent(c.name(), x -> new TreeMap<>(UTF8_ORDER));
    }

    /** {@code OutOf(n, 'A.peer', 'B.peer', ...)} as a SignaturePolicyEnvelope. */
    static byte[] outOf(int n, Set<String> mspIds) {
        SignaturePolicyEnvelope.Builder env = SignaturePolicyEnvelope.newBuilder().setVersion(0);
        SignaturePolicy.NOutOf.Builder rule = SignaturePolicy.NOutOf.newBuilder().setN(n);
        int i = 0;
        for (String msp : new TreeSet<>(mspIds)) {
            env.addIdentities(MSPPrincipal.newBuilder()
                    .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder().setMspIdentifier(msp).setRole(MSPRole.MSPRoleType.PEER)
                            .build().toByteString()));
            rule.addRules(SignaturePolicy.newBuilder().setSignedBy(i++));
        }
        return env.setRule(SignaturePolicy.newBuilder().setNOutOf(rule)).build().toByteArray();
    }

    /** Whether peers of {@code endorsers} (one endorsement each) satisfy a SignaturePolicyEnvelope. */
    static boolean satisfies(byte[] signaturePolicyEnvelope, Set<String> endorsers) {
        SignaturePolicyEnvelope env;
        try {
            env = SignaturePolicyEnvelope.parseFrom(signaturePolicyEnvelope);
        } catch (InvalidProtocolBufferException e) {
            // The peer refuses a transaction whose policy it cannot parse.
            return false;
        }
        List<String> signers = List.copyOf(new TreeSet<>(endorsers));
        return evaluate(env.getRule(), env, signers, new boolean[signers.size()]);
    }

    /** Fabric's cauthdsl evaluation: greedy over the rules, each signature used at most once. */
    private static boolean evaluate(SignaturePolicy rule, SignaturePolicyEnvelope env, List<String> signers,
                                    boolean[] used) {
        if (rule.hasSignedBy()) {
            MSPPrincipal principal = env.getIdentities(rule.getSignedBy());
            for (int i = 0; i < signers.size(); i++) {
                if (!used[i] && principalMatches(principal, signers.get(i))) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }
        int satisfied = 0;
        for (SignaturePolicy sub : rule.getNOutOf().getRulesList()) {
            boolean[] attempt = used.clone();
            if (evaluate(sub, env, signers, attempt)) {
                satisfied++;
                System.arraycopy(attempt, 0, used, 0, used.length);
            }
        }
        return satisfied >= rule.getNOutOf().getN();
    }

    private static boolean principalMatches(MSPPrincipal principal, String peerMsp) {
        if (principal.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
            return false;
        }
        try {
            MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
            return role.getMspIdentifier().equals(peerMsp)
                    && (role.getRole() == MSPRole.MSPRoleType.PEER || role.getRole() == MSPRole.MSPRoleType.MEMBER);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ simulation and commit

    /** Starts simulating a transaction. */
    void begin(String newTxId, Instant newTimestamp, byte[] newCreator) {
        begin(newTxId, newTimestamp, newCreator, List.of());
    }

    /** Starts simulating an invocation with its arguments ({@code contract:Function}, then parameters). */
    void begin(String newTxId, Instant newTimestamp, byte[] newCreator, List<String> stringArgs) {
        rollback();
        List<byte[]> bytes = new ArrayList<>();
        for (String a : stringArgs) {
            bytes.add(a.getBytes(StandardCharsets.UTF_8));
        }
        this.args = List.copyOf(bytes);
        this.transientData.clear();
        this.txId = newTxId;
        this.timestamp = newTimestamp;
        this.creator = newCreator.clone();
    }

    /** Ends the simulation: its read-write set, not applied; the stub is ready for the next one. */
    Simulation endSimulation() {
        TreeMap<String, NavigableMap<String, Version>> pReads = new TreeMap<>();
        privateReads.forEach((c, m) -> pReads.put(c, new TreeMap<>(m)));
        Simulation s = new Simulation(txId, timestamp, creator.clone(), new TreeMap<>(reads), List.copyOf(ranges),
                copy(writes), copy(parameterWrites), List.copyOf(events), pReads, copyAll(privateWrites),
                copyAll(privateParameterWrites));
        clearTx();
        return s;
    }

    /**
     * Applies the transaction's writes, as a valid transaction alone in a block endorsed by every
     * peer org; fails if the block validation would invalidate it.
     */
    void commit() {
        TxValidationCode code = commitBlock(List.of(new Endorsed(endSimulation(), PEER_ORGS))).get(0);
        if (code != TxValidationCode.VALID) {
            throw new IllegalStateException("the transaction alone in its block was invalidated: " + code);
        }
    }

    /** Drops the transaction's writes, as for a refused proposal. */
    void rollback() {
        clearTx();
    }

    /**
     * Validates and commits one block, in order (see the class comment).
     *
     * @return each transaction's validation code, in block order
     */
    List<TxValidationCode> commitBlock(List<Endorsed> block) {
        long blockNumber = ++height;
        List<TxValidationCode> codes = new ArrayList<>();
        // Keys whose validation parameter an earlier transaction of this block (that passed VSCC) sets.
        TreeSet<String> parametersChangedInBlock = new TreeSet<>(UTF8_ORDER);
        TreeMap<String, TreeSet<String>> privateParametersChangedInBlock = new TreeMap<>();
        int index = 0;
        for (Endorsed tx : block) {
            Simulation s = tx.simulation();
            TxValidationCode code = endorsementPolicyCheck(s, tx.endorsers(), parametersChangedInBlock,
                    privateParametersChangedInBlock);
            if (code == TxValidationCode.VALID) {
                parametersChangedInBlock.addAll(s.metadataWrites().keySet());
                s.privateMetadataWrites().forEach((c, m) -> privateParametersChangedInBlock
                        .computeIfAbsent(c, x -> new TreeSet<>(UTF8_ORDER)).addAll(m.keySet()));
                code = mvccCheck(s);
            }
            if (code == TxValidationCode.VALID) {
                apply(s, new Version(blockNumber, index));
            }
            codes.add(code);
            index++;
        }
        return List.copyOf(codes);
    }

    private TxValidationCode endorsementPolicyCheck(Simulation s, Set<String> endorsers, Set<String> changedInBlock,
                                                    Map<String, TreeSet<String>> privateChangedInBlock) {
        boolean chaincodePolicyChecked = false;
        TreeSet<String> written = new TreeSet<>(UTF8_ORDER);
        written.addAll(s.writes().keySet());
        written.addAll(s.metadataWrites().keySet());
        for (String key : written) {
            if (changedInBlock.contains(key)) {
                return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
            }
            byte[] keyPolicy = validationParameters.get(key);
            if (keyPolicy != null) {
                if (!satisfies(keyPolicy, endorsers)) {
                    return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                }
            } else if (!chaincodePolicyChecked) {
                if (!satisfies(chaincodePolicy, endorsers)) {
                    return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                }
                chaincodePolicyChecked = true;
            }
        }
        boolean privateWritten = false;
        TreeSet<String> writtenCollections = new TreeSet<>(s.privateWrites().keySet());
        writtenCollections.addAll(s.privateMetadataWrites().keySet());
        for (String coll : writtenCollections) {
            TreeSet<String> keys = new TreeSet<>(UTF8_ORDER);
            keys.addAll(s.privateWrites().getOrDefault(coll, new TreeMap<>()).keySet());
            keys.addAll(s.privateMetadataWrites().getOrDefault(coll, new TreeMap<>()).keySet());
            Collection c = collections.get(coll);
            boolean collectionPolicyChecked = false;
            for (String key : keys) {
                privateWritten = true;
                if (privateChangedInBlock.getOrDefault(coll, new TreeSet<>()).contains(key)) {
                    return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                }
                byte[] keyPolicy = privateValidationParameters.getOrDefault(coll, new TreeMap<>()).get(key);
                if (keyPolicy != null) {
                    if (!satisfies(keyPolicy, endorsers)) {
                        return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                    }
                } else if (c != null && c.endorsementPolicy() != null) {
                    if (!collectionPolicyChecked && !satisfies(c.endorsementPolicy(), endorsers)) {
                        return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                    }
                    collectionPolicyChecked = true;
                } else if (!chaincodePolicyChecked) {
                    if (!satisfies(chaincodePolicy, endorsers)) {
                        return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                    }
                    chaincodePolicyChecked = true;
                }
            }
        }
        if (!chaincodePolicyChecked && written.isEmpty() && !privateWritten && !satisfies(chaincodePolicy, endorsers)) {
            return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
        }
        return TxValidationCode.VALID;
    }

    private TxValidationCode mvccCheck(Simulation s) {
        for (Map.Entry<String, Version> read : s.reads().entrySet()) {
            Versioned now = state.get(read.getKey());
            Version committed = now == null ? null : now.version();
            if (!java.util.Objects.equals(committed, read.getValue())) {
                return TxValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (Map.Entry<String, NavigableMap<String, Version>> coll : s.privateReads().entrySet()) {
            TreeMap<String, Versioned> cs = privateState.getOrDefault(coll.getKey(), new TreeMap<>());
            for (Map.Entry<String, Version> read : coll.getValue().entrySet()) {
                Versioned now = cs.get(read.getKey());
                if (!java.util.Objects.equals(now == null ? null : now.version(), read.getValue())) {
                    return TxValidationCode.MVCC_READ_CONFLICT;
                }
            }
        }
        for (RangeRead r : s.ranges()) {
            List<KeyVersion> again = new ArrayList<>();
            NavigableMap<String, Versioned> range;
            if (r.exhausted() || r.results().isEmpty()) {
                range = state.subMap(r.start(), true, r.end(), false);
            } else {
                range = state.subMap(r.start(), true, r.results().get(r.results().size() - 1).key(), true);
            }
            range.forEach((k, v) -> again.add(new KeyVersion(k, v.version())));
            if (!again.equals(r.results())) {
                return TxValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        return TxValidationCode.VALID;
    }

    private void apply(Simulation s, Version version) {
        s.writes().forEach((k, v) -> {
            if (v.length == 0) {
                state.remove(k);
                validationParameters.remove(k);
            } else {
                state.put(k, new Versioned(v.clone(), version));
            }
            history.computeIfAbsent(k, x -> new ArrayList<>())
                    .add(new Modification(s.txId(), v.clone(), s.timestamp(), v.length == 0));
        });
        s.metadataWrites().forEach((k, v) -> validationParameters.put(k, v.clone()));
        s.privateWrites().forEach((coll, m) -> m.forEach((k, v) -> {
            if (v.length == 0) {
                privateState.get(coll).remove(k);
                privateValidationParameters.get(coll).remove(k);
            } else {
                privateState.get(coll).put(k, new Versioned(v.clone(), version));
            }
        }));
        s.privateMetadataWrites().forEach((coll, m) -> m.forEach((k, v) ->
                privateValidationParameters.get(coll).put(k, v.clone())));
    }

    private void clearTx() {
        writes.clear();
        parameterWrites.clear();
        reads.clear();
        ranges.clear();
        events.clear();
        paginated = false;
        privateReads.clear();
        privateWrites.clear();
        privateParameterWrites.clear();
        privateQueried = false;
    }

    private static TreeMap<String, NavigableMap<String, byte[]>> copyAll(Map<String, TreeMap<String, byte[]>> m) {
        TreeMap<String, NavigableMap<String, byte[]>> out = new TreeMap<>();
        m.forEach((c, kv) -> out.put(c, copy(kv)));
        return out;
    }

    private static TreeMap<String, byte[]> copy(Map<String, byte[]> m) {
        TreeMap<String, byte[]> out = new TreeMap<>(UTF8_ORDER);
        m.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /**
     * Replaces or adds a committed value outside any transaction, keeping the version of the value
     * it replaces (a new key gets version 0:0): what a peer whose state was altered behind the
     * ledger's back would hold, or what an earlier chaincode version left. For tests of the
     * chaincode's own checks and of its reading of older records.
     */
    void overwrite(String key, byte[] value) {
        Versioned v = state.get(key);
        state.put(key, new Versioned(value.clone(), v == null ? new Version(0, 0) : v.version()));
    }

    /** Removes a committed value outside any transaction (see {@link #overwrite}). */
    void erase(String key) {
        state.remove(key);
    }

    /** The committed world state (a copy). */
    NavigableMap<String, byte[]> snapshot() {
        TreeMap<String, byte[]> copy = new TreeMap<>(UTF8_ORDER);
        state.forEach((k, v) -> copy.put(k, v.value().clone()));
        return copy;
    }

    /** The committed state of a private data collection (a copy). */
    NavigableMap<String, byte[]> privateSnapshot(String collection) {
        TreeMap<String, byte[]> copy = new TreeMap<>(UTF8_ORDER);
        privateState.getOrDefault(collection, new TreeMap<>()).forEach((k, v) -> copy.put(k, v.value().clone()));
        return copy;
    }

    /** The committed key-level policy of a private key, or null. */
    byte[] committedPrivateValidationParameter(String collection, String key) {
        byte[] v = privateValidationParameters.getOrDefault(collection, new TreeMap<>()).get(key);
        return v == null ? null : v.clone();
    }

    /** The pending private writes of the transaction, by collection (empty array: a delete). */
    NavigableMap<String, NavigableMap<String, byte[]>> privateWriteSet() {
        return copyAll(privateWrites);
    }

    /** The private keys the transaction read (value or hash), as {@code collection/key}. */
    TreeSet<String> privateReadSet() {
        TreeSet<String> out = new TreeSet<>(UTF8_ORDER);
        privateReads.forEach((c, m) -> m.keySet().forEach(k -> out.add(c + "/" + k)));
        return out;
    }

    /** The key-level policies of private keys the transaction set, by collection. */
    NavigableMap<String, NavigableMap<String, byte[]>> privateParameterWriteSet() {
        return copyAll(privateParameterWrites);
    }

    /** The committed version of a key, or null when absent. */
    Version committedVersion(String key) {
        Versioned v = state.get(key);
        return v == null ? null : v.version();
    }

    /** The pending writes of the transaction: value, or an empty array for a delete. */
    NavigableMap<String, byte[]> writeSet() {
        return copy(writes);
    }

    /** Keys the transaction read with getState. */
    TreeSet<String> readSet() {
        TreeSet<String> out = new TreeSet<>(UTF8_ORDER);
        out.addAll(reads.keySet());
        return out;
    }

    /** Range scans of the transaction, as {@code start..end}. */
    List<String> rangeScans() {
        List<String> out = new ArrayList<>();
        for (RangeRead r : ranges) {
            out.add(r.start() + ".." + r.end());
        }
        return out;
    }

    /** Every setEvent call of the transaction. */
    List<ChaincodeEvent> eventsSet() {
        return List.copyOf(events);
    }

    /** The committed validation parameter (SBE policy) of a key, or null. */
    byte[] committedValidationParameter(String key) {
        byte[] v = validationParameters.get(key);
        return v == null ? null : v.clone();
    }

    List<Modification> committedHistory(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    // ------------------------------------------------------------------ ChaincodeStub

    @Override
    public byte[] getState(String key) {
        Versioned v = state.get(key);
        reads.putIfAbsent(key, v == null ? null : v.version());
        return v == null ? null : v.value().clone();
    }

    @Override
    public void putState(String key, byte[] value) {
        checkWritable(key);
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("Fabric refuses an empty value for " + key + "; use delState");
        }
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        checkWritable(key);
        writes.put(key, DELETED);
    }

    private void checkWritable(String key) {
        if (privateQueried) {
            throw new IllegalStateException("txid [" + txId + "]: unsuppored transaction. Transaction has already "
                    + "performed queries on pvt data. Writes are not allowed");
        }
        if (paginated) {
            throw new IllegalStateException("txid [" + txId + "]: unsuppored transaction. Queries with pagination invoked. "
                    + "Writes not allowed");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        return committedValidationParameter(key);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        checkWritable(key);
        parameterWrites.put(key, value.clone());
    }

    /** The validation parameters the transaction set. */
    NavigableMap<String, byte[]> parameterWriteSet() {
        return copy(parameterWrites);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
        String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE_RUNE : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return iterator(scan(start, end, totalQueryLimit));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
                                                                                   int pageSize, String bookmark) {
        throw new UnsupportedOperationException("the chaincode pages only over composite keys");
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return getStateByPartialCompositeKey(CompositeKey.parseCompositeKey(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String start = compositeKey.toString();
        return iterator(scan(start, start + MAX_UNICODE_RUNE, totalQueryLimit));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        if (writePerformed()) {
            throw new IllegalStateException("txid [" + txId + "]: paginated queries are not allowed after writes");
        }
        paginated = true;
        // The peer's handler caps a page at totalQueryLimit.
        int limit = pageSize > 0 && pageSize < totalQueryLimit ? pageSize : totalQueryLimit;
        String prefix = compositeKey.toString();
        String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        String end = prefix + MAX_UNICODE_RUNE;
        List<KeyValue> page = scan(start, end, limit);
        // The peer's bookmark is the key after the page (empty when the range is exhausted).
        String next = "";
        if (page.size() == limit) {
            String after = state.higherKey(page.get(page.size() - 1).getKey());
            next = after != null && UTF8_ORDER.compare(after, end) < 0 ? after : "";
        }
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size()).setBookmark(next).build();
        Iterator<KeyValue> it = page.iterator();
        return new QueryResultsIteratorWithMetadata<>() {
            @Override
            public QueryResponseMetadata getMetadata() {
                return metadata;
            }

            @Override
            public void close() {
                // nothing to release
            }

            @Override
            public Iterator<KeyValue> iterator() {
                return it;
            }
        };
    }

    /** Scans [start, end) of the committed state, at most {@code limit} records, and records the scan. */
    private List<KeyValue> scan(String start, String end, int limit) {
        List<KeyValue> out = new ArrayList<>();
        List<KeyVersion> seen = new ArrayList<>();
        boolean exhausted = true;
        for (Map.Entry<String, Versioned> e : state.subMap(start, true, end, false).entrySet()) {
            if (out.size() >= limit) {
                exhausted = false;
                break;
            }
            out.add(new Kv(e.getKey(), e.getValue().value().clone()));
            seen.add(new KeyVersion(e.getKey(), e.getValue().version()));
        }
        ranges.add(new RangeRead(start, end, exhausted, List.copyOf(seen)));
        return out;
    }

    private record Kv(String key, byte[] value) implements KeyValue {
        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value;
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private static QueryResultsIterator<KeyValue> iterator(List<KeyValue> items) {
        return new QueryResultsIterator<>() {
            @Override
            public void close() {
                // nothing to release
            }

            @Override
            public Iterator<KeyValue> iterator() {
                return items.iterator();
            }
        };
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> list = new ArrayList<>(history.getOrDefault(key, List.of()));
        return new QueryResultsIterator<>() {
            @Override
            public void close() {
                // nothing to release
            }

            @Override
            public Iterator<KeyModification> iterator() {
                return list.iterator();
            }
        };
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil or empty string");
        }
        events.add(ChaincodeEvent.newBuilder().setEventName(name)
                .setPayload(com.google.protobuf.ByteString.copyFrom(payload)).setTxId(txId).build());
    }

    @Override
    public ChaincodeEvent getEvent() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public String getChannelId() {
        return "energy";
    }

    @Override
    public String getMspId() {
        return "ExchangeOrgMSP";
    }

    @Override
    public List<byte[]> getArgs() {
        return args;
    }

    @Override
    public List<String> getStringArgs() {
        List<String> out = new ArrayList<>();
        for (byte[] a : args) {
            out.add(new String(a, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : getStringArgs().get(0);
    }

    @Override
    public List<String> getParameters() {
        List<String> all = getStringArgs();
        return all.isEmpty() ? List.of() : all.subList(1, all.size());
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> out = new TreeMap<>();
        transientData.forEach((k, v) -> out.put(k, v.clone()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Sets a field of the current proposal's transient map (reset by {@link #begin}). */
    void putTransient(String field, byte[] value) {
        transientData.put(field, value.clone());
    }

    /** Removes a field of the current proposal's transient map. */
    void removeTransient(String field) {
        transientData.remove(field);
    }

    @Override
    public byte[] getBinding() {
        return new byte[0];
    }

    @Override
    public SignedProposal getSignedProposal() {
        throw new UnsupportedOperationException("not used by the chaincode");
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw new UnsupportedOperationException("not used by the chaincode");
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw new UnsupportedOperationException("rich queries are not used (LevelDB state)");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
                                                                                  String bookmark) {
        throw new UnsupportedOperationException("rich queries are not used (LevelDB state)");
    }

    private boolean writePerformed() {
        return !writes.isEmpty() || !parameterWrites.isEmpty() || !privateWrites.isEmpty()
                || !privateParameterWrites.isEmpty();
    }

    /** The collection, refusing an undefined one and, if {@code memberOnly}, a client of a non-member org. */
    private Collection collection(String name, boolean write) {
        Collection c = collections.get(name);
        if (c == null) {
            throw new IllegalStateException("collection [" + name + "] not defined in the collection config for "
                    + "chaincode [p2pe]");
        }
        String client = creatorMsp();
        if ((write ? c.memberOnlyWrite() : c.memberOnlyRead()) && !c.members().contains(client)) {
            throw new IllegalStateException("tx creator does not have " + (write ? "write" : "read")
                    + " access permission on privatedata in chaincodeName:p2pe collectionName: " + name);
        }
        return c;
    }

    private String creatorMsp() {
        try {
            return org.hyperledger.fabric.protos.msp.SerializedIdentity.parseFrom(creator).getMspid();
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }

    private Versioned privateRead(String coll, String key) {
        Versioned v = privateState.get(coll).get(key);
        privateReads.computeIfAbsent(coll, x -> new TreeMap<>(UTF8_ORDER))
                .putIfAbsent(key, v == null ? null : v.version());
        return v;
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        collection(collection, false);
        Versioned v = privateRead(collection, key);
        return v == null ? null : v.value().clone();
    }

    /** Any client may read a hash: it is on every peer's ledger (memberOnlyRead covers values only). */
    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        if (!collections.containsKey(collection)) {
            throw new IllegalStateException("collection [" + collection + "] not defined in the collection config "
                    + "for chaincode [p2pe]");
        }
        Versioned v = privateRead(collection, key);
        if (v == null) {
            return null;
        }
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(v.value());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        collection(collection, false);
        return committedPrivateValidationParameter(collection, key);
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        collection(collection, true);
        checkWritable(key);
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("Fabric refuses an empty value for " + key + "; use delPrivateData");
        }
        privateWrites.computeIfAbsent(collection, x -> new TreeMap<>(UTF8_ORDER)).put(key, value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        collection(collection, true);
        checkWritable(key);
        privateParameterWrites.computeIfAbsent(collection, x -> new TreeMap<>(UTF8_ORDER)).put(key, value.clone());
    }

    @Override
    public void delPrivateData(String collection, String key) {
        collection(collection, true);
        checkWritable(key);
        privateWrites.computeIfAbsent(collection, x -> new TreeMap<>(UTF8_ORDER)).put(key, DELETED);
    }

    /** A purge, as the fake peer keeps no block history of private values: the key's value and hash go. */
    @Override
    public void purgePrivateData(String collection, String key) {
        collection(collection, true);
        checkWritable(key);
        privateWrites.computeIfAbsent(collection, x -> new TreeMap<>(UTF8_ORDER)).put(key, DELETED);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        // The shim refuses composite keys in a range scan, as for public state (CompositeKey.validateSimpleKeys).
        CompositeKey.validateSimpleKeys(startKey == null ? "" : startKey, endKey == null ? "" : endKey);
        String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
        String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE_RUNE : endKey;
        return privateScan(collection, start, end);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        return getPrivateDataByPartialCompositeKey(collection, CompositeKey.parseCompositeKey(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
                                                                             CompositeKey compositeKey) {
        String start = compositeKey.toString();
        return privateScan(collection, start, start + MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
                                                                             String... attributes) {
        return getPrivateDataByPartialCompositeKey(collection, new CompositeKey(objectType, attributes));
    }

    /** A private scan: read-only transactions only, stopped silently at totalQueryLimit, no phantom check. */
    private QueryResultsIterator<KeyValue> privateScan(String collection, String start, String end) {
        collection(collection, false);
        if (writePerformed()) {
            throw new IllegalStateException("txid [" + txId + "]: unsuppored transaction. Queries on pvt data is "
                    + "supported only in a read-only transaction");
        }
        privateQueried = true;
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<String, Versioned> e : privateState.get(collection).subMap(start, true, end, false).entrySet()) {
            if (out.size() >= totalQueryLimit) {
                break;
            }
            out.add(new Kv(e.getKey(), e.getValue().value().clone()));
        }
        return iterator(out);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw new UnsupportedOperationException("private data is not used");
    }
}
