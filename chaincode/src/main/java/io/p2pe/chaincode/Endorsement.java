package io.p2pe.chaincode;

import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;

/** Key-level (state-based) endorsement policies: writes only one org may make. */
final class Endorsement {
    private Endorsement() {
    }

    /**
     * Every later write of {@code key} needs the endorsement of a peer of each of {@code mspIds}
     * (all of them), instead of the chaincode's policy. Fabric validates a write against the policy
     * the key had before the transaction: the write that creates a key (and sets this) is checked
     * against the chaincode policy only — the transactions that create meter keys therefore also
     * rewrite a key that already carries the meter org's policy (the meter binding).
     */
    static void requireOrgs(ChaincodeStub stub, String key, String... mspIds) {
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, mspIds);
        stub.setStateValidationParameter(key, sbe.policy());
    }
}
