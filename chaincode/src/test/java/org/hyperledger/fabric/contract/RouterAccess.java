package org.hyperledger.fabric.contract;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;

/** Builds the shim's real ContractRouter with its classpath scan done, as its main method does. */
public final class RouterAccess {
    private RouterAccess() {
    }

    public static ContractRouter router() {
        ContractRouter router = new ContractRouter(new String[] {"-i", "p2pe_1:test"});
        router.findAllContracts();
        MetadataBuilder.initialize(router.getRoutingRegistry(), router.getTypeRegistry());
        return router;
    }
}
