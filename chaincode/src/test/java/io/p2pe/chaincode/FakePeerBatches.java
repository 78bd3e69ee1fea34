package io.p2pe.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The fake peer's side of Fabric 3.1's batch messages, as the peer's handler does it
 * (core/chaincode/handler.go, HandleWriteBatch and HandleGetStateMultipleKeys): a batch's records
 * applied in order through the single calls, many public or private keys read one by one. Every
 * message is kept.
 */
final class FakePeerBatches implements BatchedStub.Peer {
    private final ChaincodeStub peer;
    final List<ChaincodeMessage> messages = new ArrayList<>();

    FakePeerBatches(ChaincodeStub peer) {
        this.peer = peer;
    }

    @Override
    public ByteString send(ChaincodeMessage m) {
        messages.add(m);
        if (!m.getTxid().equals(peer.getTxId()) || !m.getChannelId().equals(peer.getChannelId())) {
            throw new IllegalStateException("a message of another transaction: " + m.getTxid());
        }
        try {
            return switch (m.getType()) {
                case WRITE_BATCH_STATE -> {
                    for (WriteRecord r : WriteBatchState.parseFrom(m.getPayload()).getRecList()) {
                        apply(r);
                    }
                    yield ByteString.EMPTY;
                }
                case GET_STATE_MULTIPLE -> {
                    GetStateMultipleResult.Builder out = GetStateMultipleResult.newBuilder();
                    GetStateMultiple get = GetStateMultiple.parseFrom(m.getPayload());
                    for (String key : get.getKeysList()) {
                        byte[] v = get.getCollection().isEmpty() ? peer.getState(key)
                                : peer.getPrivateData(get.getCollection(), key);
                        out.addValues(v == null ? ByteString.EMPTY : ByteString.copyFrom(v));
                    }
                    yield out.build().toByteString();
                }
                default -> throw new IllegalStateException("the peer does not batch " + m.getType());
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(WriteRecord r) {
        boolean isPrivate = !r.getCollection().isEmpty();
        switch (r.getType()) {
            case PUT_STATE -> {
                if (isPrivate) {
                    peer.putPrivateData(r.getCollection(), r.getKey(), r.getValue().toByteArray());
                } else {
                    peer.putState(r.getKey(), r.getValue().toByteArray());
                }
            }
            case DEL_STATE -> {
                if (isPrivate) {
                    peer.delPrivateData(r.getCollection(), r.getKey());
                } else {
                    peer.delState(r.getKey());
                }
            }
            case PURGE_PRIVATE_DATA -> peer.purgePrivateData(r.getCollection(), r.getKey());
            case PUT_STATE_METADATA -> {
                if (!"VALIDATION_PARAMETER".equals(r.getMetadata().getMetakey())) {
                    throw new IllegalStateException("unknown metadata " + r.getMetadata().getMetakey());
                }
                if (isPrivate) {
                    peer.setPrivateDataValidationParameter(r.getCollection(), r.getKey(),
                            r.getMetadata().getValue().toByteArray());
                } else {
                    peer.setStateValidationParameter(r.getKey(), r.getMetadata().getValue().toByteArray());
                }
            }
            default -> throw new IllegalStateException("unknown operation type " + r.getType());
        }
    }
}
