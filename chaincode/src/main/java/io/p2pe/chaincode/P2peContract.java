package io.p2pe.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;

/**
 * What every p2pe contract does before its transaction method runs: the shim calls
 * {@link #beforeTransaction} after routing and before the method, so the argument limits hold for
 * every transaction, present and future, in one place.
 */
public abstract class P2peContract implements ContractInterface {
    @Override
    public void beforeTransaction(Context ctx) {
        Limits.checkArguments(ctx.getStub());
    }
}
