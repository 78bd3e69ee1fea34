package io.p2pe.chaincode;

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
}
