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
     * against the chaincode policy only. Records that must never be created without an org are
     * therefore kept in a private data collection with a collection-level policy (Keys.privateCollection).
     */
    static void requireOrgs(ChaincodeStub stub, String key, String... mspIds) {
        stub.setStateValidationParameter(key, policy(mspIds));
    }

    /**
     * The same for a key of a private data collection. Fabric then validates later writes of the
     * key against this policy <em>instead of</em> the collection's endorsement policy, so it must
     * never be weaker than the collection's.
     */
    static void requireOrgsPrivate(ChaincodeStub stub, String collection, String key, String... mspIds) {
        stub.setPrivateDataValidationParameter(collection, key, policy(mspIds));
    }

    private static byte[] policy(String... mspIds) {
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, mspIds);
        return sbe.policy();
    }
}
