package io.p2pe.chaincode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Transaction facts every peer agrees on: the client-set timestamp, never the wall clock. */
final class Tx {
    private Tx() {
    }

    static Instant instant(ChaincodeStub stub) {
        return stub.getTxTimestamp();
    }

    /** The tx timestamp as ISO-8601 UTC, e.g. {@code 2026-06-17T02:30:00Z}. */
    static String timestamp(ChaincodeStub stub) {
        return DateTimeFormatter.ISO_INSTANT.format(stub.getTxTimestamp());
    }
}
