package io.p2pe.chaincode;

import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;

/** Key-level (state-based) endorsement policies: writes only one org may make. */
final class Endorsement {
    private Endorsement() {
    }

    /**
     * From this transaction on, every write of {@code key} — this one included, since Fabric
     * validates a key's first write against the policy set with it — needs the endorsement of a
     * peer of {@code mspId}, in addition to the chaincode's policy. A coalition of other orgs
     * running a modified chaincode cannot write the key without that peer.
     */
    static void requireOrg(ChaincodeStub stub, String key, String mspId) {
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, mspId);
        stub.setStateValidationParameter(key, sbe.policy());
    }
}
