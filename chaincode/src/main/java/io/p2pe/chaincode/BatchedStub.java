package io.p2pe.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.StateMetadata;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A transaction's view of the ledger with the peer-to-chaincode batching of Fabric 3.1 (RFC 0011):
 * its writes are collected and sent to the peer in {@code WRITE_BATCH_STATE} messages when the
 * transaction method returns ({@link #flush}, from {@link P2peContract#afterTransaction}), and
 * {@link #prefetch} reads many public keys in one {@code GET_STATE_MULTIPLE}. Every other call goes
 * to the shim's stub. Each ledger call of the Java shim is one round trip to the peer, and the shim
 * (2.5.8) has no batching of its own yet (fabric-chaincode-java issue 378): a SubmitOrder made nine
 * of them, five reads and four writes.
 *
 * <p>Nothing changes in what the transaction reads or writes: Fabric never shows a transaction its
 * own writes, so a read after a buffered write sees what it would have seen; the peer applies a
 * batch's records in order, as the single calls would have been applied; a write the peer refuses
 * (a private write after a private range scan, say) fails the transaction at the flush instead of
 * at the call. A peer before 3.1 does not know the messages: {@code P2PE_SHIM_BATCHING=0} in the
 * chaincode server's environment turns batching off, and then every call goes to the shim as before.
 *
 * <p>Two things Fabric 3.1.0's peer does differently for many keys (core/ledger/.../query_executor.go):
 * when its database fails it answers no values at all, which {@link #prefetch} refuses (a value per
 * key or nothing); and for private keys it does not compare the value's version with the public
 * hash's, as a single GetPrivateData does, so a peer still waiting for a private value reads it as
 * absent. It records that read with the version it found, though, and validation then marks the
 * transaction invalid (MVCC), so such a read never commits.
 */
final class BatchedStub implements ChaincodeStub {
    /** The peer's default {@code chaincode.runtimeParams.maxSizeWriteBatch} and {@code maxSizeGetMultipleKeys}. */
    static final int MAX_RECORDS = 1000;
    /** Bytes of values per message, well inside the 100 MB gRPC limit between peer and chaincode. */
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    private static final String VALIDATION_PARAMETER = "VALIDATION_PARAMETER";

    /** One message to the peer and its answer's payload; the shim's own channel for this transaction. */
    interface Peer {
        ByteString send(ChaincodeMessage message);
    }

    private final ChaincodeStub stub;
    private final Peer peer;
    private final List<WriteRecord> writes = new ArrayList<>();
    /** Public values read by {@link #prefetch}, by key; an empty array for an absent key. */
    private final Map<String, byte[]> fetched = new TreeMap<>();
    /** Private values read by {@link #prefetchPrivate}, by collection and key. */
    private final Map<String, Map<String, byte[]>> fetchedPrivate = new TreeMap<>();

    BatchedStub(ChaincodeStub stub, Peer peer) {
        this.stub = stub;
        this.peer = peer;
    }

    /**
     * The shim's stub with batching when it is the shim's own implementation, which holds the
     * transaction's channel to the peer, and batching is not turned off; else the stub itself.
     */
    static ChaincodeStub of(ChaincodeStub stub) {
        if (Switch.OFF) {
            return stub;
        }
        Peer peer = ShimChannel.of(stub);
        return peer == null ? stub : new BatchedStub(stub, peer);
    }

    /** {@code P2PE_SHIM_BATCHING=0} in the chaincode server's environment, read and logged once. */
    private static final class Switch {
        static final boolean OFF = "0".equals(System.getenv("P2PE_SHIM_BATCHING"));

        static {
            if (OFF) {
                java.util.logging.Logger.getLogger(BatchedStub.class.getName()).info("p2pe: P2PE_SHIM_BATCHING=0: every "
                        + "ledger call is its own round trip to the peer");
            }
        }

        private Switch() {
        }
    }

    /** The shim's stub underneath, which every call but the batched ones goes to. */
    ChaincodeStub unbatched() {
        return stub;
    }

    /**
     * Reads {@code keys} in as few messages as the peer takes; later {@link #getState} calls of
     * them are answered from what was read. A no-op on a stub without batching.
     */
    static void prefetch(ChaincodeStub stub, Collection<String> keys) {
        if (stub instanceof BatchedStub b) {
            b.prefetch(keys);
        }
    }

    /**
     * {@link #prefetch} of keys of a private data collection: the peer reads them as
     * {@code getPrivateData} would (the same read set, the same access checks); later
     * {@link #getPrivateData} calls of them are answered from what was read.
     */
    static void prefetchPrivate(ChaincodeStub stub, String collection, Collection<String> keys) {
        if (stub instanceof BatchedStub b) {
            b.fetch(collection(collection), keys, b.fetchedPrivate.computeIfAbsent(collection, c -> new TreeMap<>()));
        }
    }

    private void prefetch(Collection<String> keys) {
        fetch("", keys, fetched);
    }

    private void fetch(String collection, Collection<String> keys, Map<String, byte[]> into) {
        List<String> wanted = new ArrayList<>(new java.util.TreeSet<>(keys));
        wanted.removeAll(into.keySet());
        for (int from = 0; from < wanted.size(); from += MAX_RECORDS) {
            List<String> part = wanted.subList(from, Math.min(wanted.size(), from + MAX_RECORDS));
            ByteString answer = peer.send(message(ChaincodeMessage.Type.GET_STATE_MULTIPLE, GetStateMultiple.newBuilder()
                    .setCollection(collection).addAllKeys(part).build().toByteString()));
            List<ByteString> values;
            try {
                values = GetStateMultipleResult.parseFrom(answer).getValuesList();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the peer's answer to GET_STATE_MULTIPLE does not parse", e);
            }
            if (values.size() != part.size()) {
                throw new IllegalStateException("the peer answered " + values.size() + " values for " + part.size()
                        + " keys");
            }
            for (int i = 0; i < part.size(); i++) {
                into.put(part.get(i), values.get(i).toByteArray());
            }
        }
    }

    /** Sends the collected writes, in order, in messages of at most {@link #MAX_RECORDS} records. */
    void flush() {
        List<WriteRecord> part = new ArrayList<>();
        long bytes = 0;
        for (WriteRecord r : writes) {
            long size = r.getValue().size() + r.getMetadata().getValue().size();
            if (!part.isEmpty() && (part.size() == MAX_RECORDS || bytes + size > MAX_BATCH_BYTES)) {
                send(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(r);
            bytes += size;
        }
        if (!part.isEmpty()) {
            send(part);
        }
        writes.clear();
    }

    private void send(List<WriteRecord> part) {
        peer.send(message(ChaincodeMessage.Type.WRITE_BATCH_STATE,
                WriteBatchState.newBuilder().addAllRec(part).build().toByteString()));
    }

    private ChaincodeMessage message(ChaincodeMessage.Type type, ByteString payload) {
        return ChaincodeMessage.newBuilder().setType(type).setChannelId(stub.getChannelId()).setTxid(stub.getTxId())
                .setPayload(payload).build();
    }

    private void write(WriteRecord.Type type, String collection, String key, byte[] value, StateMetadata metadata) {
        // The shim refuses these at the call; so do we, rather than at the flush.
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be null or empty");
        }
        WriteRecord.Builder r = WriteRecord.newBuilder().setType(type).setKey(key).setCollection(collection);
        if (value != null) {
            r.setValue(ByteString.copyFrom(value));
        }
        if (metadata != null) {
            r.setMetadata(metadata);
        }
        writes.add(r.build());
    }

    private static String collection(String collection) {
        if (collection == null || collection.isEmpty()) {
            throw new IllegalArgumentException("collection must not be null or empty");
        }
        return collection;
    }

    private static StateMetadata validationParameter(byte[] value) {
        return StateMetadata.newBuilder().setMetakey(VALIDATION_PARAMETER)
                .setValue(ByteString.copyFrom(value == null ? new byte[0] : value)).build();
    }

    // ------------------------------------------------------------------ buffered writes

    @Override
    public void putState(String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE, "", key, value, null);
    }

    @Override
    public void delState(String key) {
        write(WriteRecord.Type.DEL_STATE, "", key, null, null);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE_METADATA, "", key, null, validationParameter(value));
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE, collection(collection), key, value, null);
    }

    @Override
    public void delPrivateData(String collection, String key) {
        write(WriteRecord.Type.DEL_STATE, collection(collection), key, null, null);
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        write(WriteRecord.Type.PURGE_PRIVATE_DATA, collection(collection), key, null, null);
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE_METADATA, collection(collection), key, null, validationParameter(value));
    }

    // ------------------------------------------------------------------ reads, prefetched or not

    @Override
    public byte[] getState(String key) {
        byte[] v = fetched.get(key);
        return v != null ? v : stub.getState(key);
    }

    // ------------------------------------------------------------------ everything else: the shim's

    @Override
    public List<byte[]> getArgs() {
        return stub.getArgs();
    }

    @Override
    public List<String> getStringArgs() {
        return stub.getStringArgs();
    }

    @Override
    public String getFunction() {
        return stub.getFunction();
    }

    @Override
    public List<String> getParameters() {
        return stub.getParameters();
    }

    @Override
    public String getTxId() {
        return stub.getTxId();
    }

    @Override
    public String getChannelId() {
        return stub.getChannelId();
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        return stub.invokeChaincode(chaincodeName, args, channel);
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        return stub.getStateValidationParameter(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        return stub.getStateByRange(startKey, endKey);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
                                                                                  int pageSize, String bookmark) {
        return stub.getStateByRangeWithPagination(startKey, endKey, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return stub.getStateByPartialCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return stub.getStateByPartialCompositeKey(objectType, attributes);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        return stub.getStateByPartialCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        return stub.getStateByPartialCompositeKeyWithPagination(compositeKey, pageSize, bookmark);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return stub.createCompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return stub.splitCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        return stub.getQueryResult(query);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
                                                                                 String bookmark) {
        return stub.getQueryResultWithPagination(query, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        return stub.getHistoryForKey(key);
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        Map<String, byte[]> values = fetchedPrivate.get(collection);
        byte[] v = values == null ? null : values.get(key);
        return v != null ? v : stub.getPrivateData(collection, key);
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        return stub.getPrivateDataHash(collection, key);
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        return stub.getPrivateDataValidationParameter(collection, key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        return stub.getPrivateDataByRange(collection, startKey, endKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        return stub.getPrivateDataByPartialCompositeKey(collection, compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
                                                                              CompositeKey compositeKey) {
        return stub.getPrivateDataByPartialCompositeKey(collection, compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
                                                                              String... attributes) {
        return stub.getPrivateDataByPartialCompositeKey(collection, objectType, attributes);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        return stub.getPrivateDataQueryResult(collection, query);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        stub.setEvent(name, payload);
    }

    @Override
    public ChaincodeEvent getEvent() {
        return stub.getEvent();
    }

    @Override
    public SignedProposal getSignedProposal() {
        return stub.getSignedProposal();
    }

    @Override
    public Instant getTxTimestamp() {
        return stub.getTxTimestamp();
    }

    @Override
    public byte[] getCreator() {
        return stub.getCreator();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return stub.getTransient();
    }

    @Override
    public byte[] getBinding() {
        return stub.getBinding();
    }

    @Override
    public String getMspId() {
        return stub.getMspId();
    }

    /**
     * The shim's channel to the peer for one transaction: its stub's {@code handler} (a
     * ChaincodeInvocationTask) and that task's {@code invoke}, which sends a message and returns
     * the payload of the peer's RESPONSE or throws on its ERROR. The shim keeps both internal, so
     * they are reached by reflection, checked once; a shim without them (another version) gets no
     * batching.
     */
    private static final class ShimChannel {
        private static final String SHIM_STUB = "org.hyperledger.fabric.shim.impl.InvocationStubImpl";
        private static final Field HANDLER;
        private static final Method INVOKE;

        static {
            Field handler = null;
            Method invoke = null;
            try {
                Class<?> stub = Class.forName(SHIM_STUB);
                handler = stub.getDeclaredField("handler");
                handler.setAccessible(true);
                invoke = handler.getType().getDeclaredMethod("invoke", ChaincodeMessage.class);
                invoke.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                handler = null;
                invoke = null;
            }
            HANDLER = handler;
            INVOKE = invoke;
            // Once per chaincode server, so that an operator sees which way its ledger calls go.
            java.util.logging.Logger.getLogger(BatchedStub.class.getName()).info(HANDLER == null
                    ? "p2pe: this shim has no InvocationStubImpl.handler to batch through; every ledger call is its own "
                    + "round trip" : "p2pe: ledger writes and prefetched reads go to the peer in batches (Fabric 3.1 "
                    + "WRITE_BATCH_STATE, GET_STATE_MULTIPLE)");
        }

        private ShimChannel() {
        }

        static Peer of(ChaincodeStub stub) {
            if (HANDLER == null || !stub.getClass().getName().equals(SHIM_STUB)) {
                return null;
            }
            Object task;
            try {
                task = HANDLER.get(stub);
            } catch (IllegalAccessException e) {
                return null;
            }
            return message -> {
                try {
                    return (ByteString) INVOKE.invoke(task, message);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }
}
