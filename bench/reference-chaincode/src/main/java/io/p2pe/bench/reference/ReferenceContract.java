package io.p2pe.bench.reference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The benchmark's reference chaincode: {@code Put(key)} writes one 200-byte value under the key
 * the client names, with no read, no JSON and no event. On the same network, same endorsement
 * policy and same shim as p2pe, its throughput is the floor that every p2pe transaction's figure
 * is read against: what Fabric and a Java chaincode-as-a-service cost per transaction before any
 * market logic (bench/caliper/README.md).
 */
@Contract(name = "reference")
@Default
public final class ReferenceContract implements ContractInterface {
    /** The size of the stored value: of the order of one p2pe order record. */
    static final int VALUE_BYTES = 200;
    private static final byte[] VALUE = value();

    private static byte[] value() {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, "x".getBytes(StandardCharsets.US_ASCII)[0]);
        return v;
    }

    /** One putState of {@value #VALUE_BYTES} bytes under {@code key}; returns nothing. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void Put(final Context ctx, final String key) {
        ctx.getStub().putState(key, VALUE);
    }
}
