package io.p2pe.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * What every p2pe contract does around its transaction methods, in one place for every
 * transaction, present and future: the shim calls {@link #createContext} and
 * {@link #beforeTransaction} after routing and before the method, {@link #afterTransaction} after
 * it returns. The context's stub batches the transaction's ledger writes ({@link BatchedStub}),
 * the argument limits are checked before the method, and the writes go to the peer after it.
 */
public abstract class P2peContract implements ContractInterface {
    @Override
    public Context createContext(ChaincodeStub stub) {
        return new Context(BatchedStub.of(stub));
    }

    @Override
    public void beforeTransaction(Context ctx) {
        Limits.checkArguments(ctx.getStub());
    }

    @Override
    public void afterTransaction(Context ctx, Object result) {
        if (ctx.getStub() instanceof BatchedStub batched) {
            batched.flush();
        }
    }
}
