package io.p2pe.chaincode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Sets a transaction's chaincode event. Fabric keeps one event per transaction, so each
 * transaction type sets exactly one (its name from {@link io.p2pe.protocol.EventNames}), with a
 * compact canonical JSON payload (docs/chaincode.md lists the fields).
 */
public final class Events {
    private Events() {
    }

    static void emit(ChaincodeStub stub, String name, Object payload) {
        stub.setEvent(name, Json.bytes(payload));
    }

    /**
     * The event of a batch transaction: {@code {"count", <field>: entries, "txId"}}, the records
     * it stored (a skipped retry is not repeated); none when it stored nothing.
     */
    static void emitBatch(ChaincodeStub stub, String name, String field, List<Map<String, Object>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("count", entries.size());
        event.put(field, entries);
        event.put("txId", stub.getTxId());
        emit(stub, name, event);
    }
}
