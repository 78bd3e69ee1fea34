package io.p2pe.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A world state in memory that behaves like a Fabric peer's transaction simulator for what the
 * chaincode uses: keys ordered by their UTF-8 bytes, reads see committed state only (not the
 * transaction's own writes), composite keys in the shim's encoding, range and partial-key scans,
 * pagination with bookmarks (refused in a transaction that writes, and writes refused after one),
 * key history, one event per transaction, state-based endorsement parameters. A transaction's
 * writes are applied by {@link #commit()} or dropped by {@link #rollback()}.
 */
final class InMemoryStub implements ChaincodeStub {
    /** Fabric's range end for partial composite keys. */
    private static final String MAX_UNICODE_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final byte[] DELETED = new byte[0];

    static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final TreeMap<String, byte[]> state = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, List<Modification>> history = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, byte[]> validationParameters = new TreeMap<>(UTF8_ORDER);

    // the transaction being simulated
    private String txId = "";
    private Instant timestamp = Instant.EPOCH;
    private byte[] creator = new byte[0];
    private final TreeMap<String, byte[]> writes = new TreeMap<>(UTF8_ORDER);
    private final TreeMap<String, byte[]> parameterWrites = new TreeMap<>(UTF8_ORDER);
    private final TreeSet<String> reads = new TreeSet<>(UTF8_ORDER);
    private final List<String> ranges = new ArrayList<>();
    private final List<ChaincodeEvent> events = new ArrayList<>();
    private boolean paginated;
    private List<byte[]> args = List.of();

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
        this.txId = newTxId;
        this.timestamp = newTimestamp;
        this.creator = newCreator.clone();
    }

    /** Applies the transaction's writes, as a valid transaction in a block. */
    void commit() {
        writes.forEach((k, v) -> {
            if (v == DELETED) {
                state.remove(k);
            } else {
                state.put(k, v);
            }
            history.computeIfAbsent(k, x -> new ArrayList<>()).add(new Modification(txId, v, timestamp, v == DELETED));
        });
        validationParameters.putAll(parameterWrites);
        clearTx();
    }

    /** Drops the transaction's writes, as for a refused proposal. */
    void rollback() {
        clearTx();
    }

    private void clearTx() {
        writes.clear();
        parameterWrites.clear();
        reads.clear();
        ranges.clear();
        events.clear();
        paginated = false;
    }

    /** The committed world state (a copy). */
    NavigableMap<String, byte[]> snapshot() {
        TreeMap<String, byte[]> copy = new TreeMap<>(UTF8_ORDER);
        state.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** The pending writes of the transaction: value, or an empty array for a delete. */
    NavigableMap<String, byte[]> writeSet() {
        return new TreeMap<>(writes);
    }

    /** Keys the transaction read with getState. */
    TreeSet<String> readSet() {
        return new TreeSet<>(reads);
    }

    /** Range scans of the transaction, as {@code start..end}. */
    List<String> rangeScans() {
        return List.copyOf(ranges);
    }

    /** Every setEvent call of the transaction. */
    List<ChaincodeEvent> eventsSet() {
        return List.copyOf(events);
    }

    /** The committed validation parameter (SBE policy) of a key, or null. */
    byte[] committedValidationParameter(String key) {
        return validationParameters.get(key);
    }

    List<Modification> committedHistory(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    // ------------------------------------------------------------------ ChaincodeStub

    @Override
    public byte[] getState(String key) {
        reads.add(key);
        byte[] v = state.get(key);
        return v == null ? null : v.clone();
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
        return validationParameters.get(key);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        checkWritable(key);
        parameterWrites.put(key, value.clone());
    }

    /** The validation parameters the transaction set. */
    NavigableMap<String, byte[]> parameterWriteSet() {
        return new TreeMap<>(parameterWrites);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
        String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE_RUNE : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return iterator(scan(start, end, Integer.MAX_VALUE));
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
        return iterator(scan(start, start + MAX_UNICODE_RUNE, Integer.MAX_VALUE));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        if (!writes.isEmpty() || !parameterWrites.isEmpty()) {
            throw new IllegalStateException("txid [" + txId + "]: paginated queries are not allowed after writes");
        }
        paginated = true;
        String prefix = compositeKey.toString();
        String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        String end = prefix + MAX_UNICODE_RUNE;
        List<KeyValue> page = scan(start, end, pageSize);
        // The peer's bookmark is the key after the page (empty when the range is exhausted).
        List<KeyValue> more = scan(start, end, pageSize + 1);
        String next = more.size() > pageSize ? more.get(pageSize).getKey() : "";
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

    private List<KeyValue> scan(String start, String end, int limit) {
        ranges.add(start + ".." + end);
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : state.subMap(start, true, end, false).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new Kv(e.getKey(), e.getValue().clone()));
        }
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
        return Map.of();
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

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
                                                                             CompositeKey compositeKey) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
                                                                             String... attributes) {
        throw new UnsupportedOperationException("private data is not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw new UnsupportedOperationException("private data is not used");
    }
}
