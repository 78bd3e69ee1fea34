package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.SLOT_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.junit.jupiter.api.Test;

/**
 * The batching of ledger calls (Fabric 3.1's WRITE_BATCH_STATE and GET_STATE_MULTIPLE): what
 * goes to the peer in which message. Every other chaincode test runs through it too (TestNet runs
 * each transaction on a BatchedStub over the fake peer), which shows that batching changes no
 * transaction's reads, writes or refusals.
 */
class BatchedStubTest {
    private final TestNet net = new TestNet().configured().withParticipants();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<WriteRecord> records(List<ChaincodeMessage> messages) throws Exception {
        List<WriteRecord> out = new ArrayList<>();
        for (ChaincodeMessage m : messages) {
            assertEquals(ChaincodeMessage.Type.WRITE_BATCH_STATE, m.getType());
            out.addAll(WriteBatchState.parseFrom(m.getPayload()).getRecList());
        }
        return out;
    }

    /** A transaction on the fake peer whose messages are kept, begun and rolled back by the caller. */
    private BatchedStub begin(List<ChaincodeMessage> sent, BatchedStub.Peer answer) {
        net.stub.begin("tx-batch", net.now, HOME1.creator());
        return new BatchedStub(net.stub, m -> {
            sent.add(m);
            return answer.send(m);
        });
    }

    @Test
    void writesGoToThePeerAtTheFlushInOneMessageInCallOrder() throws Exception {
        List<ChaincodeMessage> sent = new ArrayList<>();
        BatchedStub b = begin(sent, m -> ByteString.EMPTY);
        b.putState("a", bytes("1"));
        b.setStateValidationParameter("a", bytes("policy"));
        b.putPrivateData("private-RetailerOrgMSP", "p", bytes("2"));
        b.setPrivateDataValidationParameter("private-RetailerOrgMSP", "p", bytes("policy-p"));
        b.delState("b");
        b.delPrivateData("private-RetailerOrgMSP", "q");
        b.purgePrivateData("private-RetailerOrgMSP", "r");
        assertTrue(sent.isEmpty(), "nothing is sent before the flush");
        b.flush();
        assertEquals(1, sent.size());
        assertEquals("tx-batch", sent.get(0).getTxid());
        List<WriteRecord> r = records(sent);
        assertEquals(List.of(WriteRecord.Type.PUT_STATE, WriteRecord.Type.PUT_STATE_METADATA, WriteRecord.Type.PUT_STATE,
                WriteRecord.Type.PUT_STATE_METADATA, WriteRecord.Type.DEL_STATE, WriteRecord.Type.DEL_STATE,
                WriteRecord.Type.PURGE_PRIVATE_DATA), r.stream().map(WriteRecord::getType).toList());
        assertEquals(List.of("a", "a", "p", "p", "b", "q", "r"), r.stream().map(WriteRecord::getKey).toList());
        assertEquals(List.of("", "", "private-RetailerOrgMSP", "private-RetailerOrgMSP", "", "private-RetailerOrgMSP",
                "private-RetailerOrgMSP"), r.stream().map(WriteRecord::getCollection).toList());
        assertEquals("VALIDATION_PARAMETER", r.get(1).getMetadata().getMetakey());
        assertEquals("policy-p", r.get(3).getMetadata().getValue().toStringUtf8());
        b.flush();
        assertEquals(1, sent.size(), "a second flush has nothing to send");
        assertThrows(IllegalArgumentException.class, () -> b.putState("", bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> b.putPrivateData("", "k", bytes("x")));
        net.stub.rollback();
    }

    @Test
    void aBatchIsSplitAtTheRecordAndByteLimits() throws Exception {
        List<ChaincodeMessage> sent = new ArrayList<>();
        BatchedStub b = begin(sent, m -> ByteString.EMPTY);
        for (int i = 0; i < 2_500; i++) {
            b.putState(String.format("k%04d", i), bytes("v"));
        }
        b.flush();
        assertEquals(List.of(1_000, 1_000, 500), sent.stream().map(m -> {
            try {
                return WriteBatchState.parseFrom(m.getPayload()).getRecCount();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        sent.clear();
        byte[] big = new byte[3 * 1024 * 1024];
        b.putState("big-1", big);
        b.putState("big-2", big);
        b.putState("small", bytes("v"));
        b.flush();
        assertEquals(2, sent.size(), "at most 4 MiB of values in a message");
        assertEquals(List.of("big-1", "big-2", "small"), records(sent).stream().map(WriteRecord::getKey).toList());
        net.stub.rollback();
    }

    @Test
    void prefetchedKeysAreReadInOneMessageAndAnsweredFromIt() throws Exception {
        List<ChaincodeMessage> sent = new ArrayList<>();
        BatchedStub b = begin(sent, m -> {
            try {
                GetStateMultipleResult.Builder out = GetStateMultipleResult.newBuilder();
                for (String k : GetStateMultiple.parseFrom(m.getPayload()).getKeysList()) {
                    out.addValues(k.equals("absent") ? ByteString.EMPTY : ByteString.copyFromUtf8("peer:" + k));
                }
                return out.build().toByteString();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        BatchedStub.prefetch(b, List.of(Keys.config(), "absent", Keys.config()));
        assertEquals(1, sent.size());
        assertEquals(ChaincodeMessage.Type.GET_STATE_MULTIPLE, sent.get(0).getType());
        assertEquals(List.of("absent", Keys.config()).stream().sorted().toList(),
                GetStateMultiple.parseFrom(sent.get(0).getPayload()).getKeysList(), "each key once");
        // The answer is the peer's (here not the fake peer's committed configuration).
        assertArrayEquals(bytes("peer:" + Keys.config()), b.getState(Keys.config()));
        assertEquals(0, b.getState("absent").length);
        BatchedStub.prefetch(b, List.of(Keys.config()));
        assertEquals(1, sent.size(), "a key read once is not read again");
        BatchedStub.prefetchPrivate(b, "private-RetailerOrgMSP", List.of(Keys.config()));
        assertEquals(2, sent.size(), "a private key is another key than the public one");
        assertEquals("private-RetailerOrgMSP", GetStateMultiple.parseFrom(sent.get(1).getPayload()).getCollection());
        assertArrayEquals(bytes("peer:" + Keys.config()), b.getPrivateData("private-RetailerOrgMSP", Keys.config()));
        assertThrows(IllegalArgumentException.class, () -> BatchedStub.prefetchPrivate(b, "", List.of("k")));
        net.stub.rollback();
    }

    /** A peer that answers fewer values than keys (Fabric 3.1 answers none when its database fails) is refused. */
    @Test
    void anAnswerWithoutAValuePerKeyIsRefused() {
        BatchedStub b = begin(new ArrayList<>(), m -> GetStateMultipleResult.newBuilder().build().toByteString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BatchedStub.prefetch(b, List.of("a", "b")));
        assertEquals("the peer answered 0 values for 2 keys", e.getMessage());
        net.stub.rollback();
    }

    /**
     * A SubmitOrder is three messages instead of nine round trips: the configuration and the
     * caller's registration, then the slot, position and client order id, then its four writes.
     */
    @Test
    void aSubmitOrderTakesTwoReadsAndOneWriteMessage() throws Exception {
        net.order(HOME2, "b-1", "BUY", 1_000, 2_000);
        List<ChaincodeMessage> m = net.lastBatches.messages;
        assertEquals(List.of(ChaincodeMessage.Type.GET_STATE_MULTIPLE, ChaincodeMessage.Type.GET_STATE_MULTIPLE,
                ChaincodeMessage.Type.WRITE_BATCH_STATE), m.stream().map(ChaincodeMessage::getType).toList());
        assertEquals(List.of(Keys.config(), Keys.participant("RetailerOrgMSP", "home-002")).stream().sorted().toList(),
                GetStateMultiple.parseFrom(m.get(0).getPayload()).getKeysList());
        assertEquals(List.of(Keys.clientOrder("RetailerOrgMSP:home-002", "b-1"), Keys.position(SLOT_KEY,
                "RetailerOrgMSP:home-002"), Keys.slot(SLOT_KEY)).stream().sorted().toList(),
                GetStateMultiple.parseFrom(m.get(1).getPayload()).getKeysList());
        assertEquals(4, WriteBatchState.parseFrom(m.get(2).getPayload()).getRecCount());
    }

    /**
     * Reading ahead builds keys from input not yet checked: an id no key can be built from (a NUL
     * character) is left to the transaction's own checks, which refuse it at its index with a code.
     */
    @Test
    void idsNoKeyCanBeBuiltFromAreRefusedByTheTransactionNotTheReadAhead() {
        TestNet n = AggregationTest.aggregationNet("{}");
        String bad = "RetailerOrgMSP:home\\u0000-001"; // JSON's escape of a NUL character
        String orders = AggregationTest.batch(AggregationTest.batchOrder(bad, "c-1", "BUY", 1000, 2000));
        String msg = n.refused(io.p2pe.protocol.ErrorCode.INVALID_FORMAT, AggregationTest.AGG,
                c -> n.orders.submitOrders(c, orders));
        assertTrue(msg.startsWith("orders[0]: "), msg);
        n.now = TestNet.AFTER_SLOT;
        String readings = "[{\"participant\":\"" + bad + "\",\"slot\":\"" + TestNet.SLOT
                + "\",\"importedWh\":1,\"exportedWh\":0,\"meterId\":\"m-1\"}]";
        msg = n.refused(io.p2pe.protocol.ErrorCode.NOT_FOUND, TestNet.METER, c -> {
            TestNet.fakePeer(c).putTransient(MeterContract.READINGS_FIELD, readings.getBytes(StandardCharsets.UTF_8));
            return n.meters.recordMeterReadings(c);
        });
        assertTrue(msg.startsWith("readings[0]: "), msg);
        msg = n.refused(io.p2pe.protocol.ErrorCode.INVALID_FORMAT, TestNet.RETAILER_ADMIN,
                c -> n.participants.registerParticipants(c, "[{\"participant\":\"home\\u0000-9\",\"kind\":\"HOUSEHOLD\"}]"));
        assertTrue(msg.startsWith("participants[0]: "), msg);
    }
}
