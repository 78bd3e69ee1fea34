package io.p2pe.chaincode;

import static org.hyperledger.fabric.protos.peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.PHANTOM_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.junit.jupiter.api.Test;

/** The fake peer's own semantics, each as Fabric 2.5's peer has it (see InMemoryStub's class comment). */
class InMemoryStubTest {
    private static final Instant T = Instant.parse("2026-06-17T01:00:00Z");
    private static final byte[] CREATOR = new byte[0];
    private final InMemoryStub stub = new InMemoryStub();
    private int n;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String k(String... parts) {
        return Keys.key("t", parts);
    }

    private void begin() {
        stub.begin("tx" + (++n), T, CREATOR);
    }

    private InMemoryStub.Endorsed endorsed(Set<String> orgs) {
        return new InMemoryStub.Endorsed(stub.endSimulation(), orgs);
    }

    private InMemoryStub.Endorsed endorsed() {
        return endorsed(InMemoryStub.PEER_ORGS);
    }

    private void put(String key, String value) {
        begin();
        stub.putState(key, b(value));
        stub.commit();
    }

    private static List<String> keys(QueryResultsIterator<KeyValue> it) {
        List<String> out = new ArrayList<>();
        it.forEach(kv -> out.add(kv.getKey()));
        return out;
    }

    @Test
    void readsSeeCommittedStateOnlyAndRecordTheVersionSeen() {
        put(k("a"), "1");
        assertEquals(new InMemoryStub.Version(1, 0), stub.committedVersion(k("a")));
        begin();
        stub.putState(k("a"), b("2"));
        assertArrayEquals(b("1"), stub.getState(k("a")), "own writes are not visible");
        assertNull(stub.getState(k("b")));
        InMemoryStub.Simulation s = stub.endSimulation();
        assertEquals(new InMemoryStub.Version(1, 0), s.reads().get(k("a")));
        assertTrue(s.reads().containsKey(k("b")));
        assertNull(s.reads().get(k("b")), "an absent key is read with no version");
        assertArrayEquals(b("1"), stub.snapshot().get(k("a")), "a simulation applies nothing");
    }

    @Test
    void aReadWhoseKeyAnEarlierTransactionOfTheBlockWroteIsAnMvccConflict() {
        put(k("a"), "1");
        begin();
        stub.getState(k("a"));
        stub.putState(k("a"), b("2"));
        InMemoryStub.Endorsed first = endorsed();
        begin();
        stub.getState(k("a"));
        stub.putState(k("a"), b("3"));
        InMemoryStub.Endorsed second = endorsed();
        begin();
        stub.putState(k("a"), b("4")); // a blind write reads nothing: no conflict
        InMemoryStub.Endorsed blind = endorsed();
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT, VALID), stub.commitBlock(List.of(first, second, blind)));
        assertArrayEquals(b("4"), stub.snapshot().get(k("a")));
        assertEquals(new InMemoryStub.Version(2, 2), stub.committedVersion(k("a")));
    }

    @Test
    void aReadOfAnAbsentKeyConflictsOnceTheKeyExistsEvenInALaterBlock() {
        begin();
        stub.getState(k("a"));
        InMemoryStub.Endorsed reader = endorsed();
        put(k("a"), "1");
        assertEquals(List.of(MVCC_READ_CONFLICT), stub.commitBlock(List.of(reader)));
    }

    @Test
    void rangeScansAreReRunAtCommitInsertsUpdatesAndDeletesArePhantoms() {
        put(k("r", "1"), "1");
        put(k("r", "3"), "3");
        for (String change : List.of("insert", "update", "delete", "outside")) {
            begin();
            keys(stub.getStateByPartialCompositeKey(Keys.prefix("t", "r")));
            InMemoryStub.Endorsed scan = endorsed();
            begin();
            switch (change) {
                case "insert" -> stub.putState(k("r", "2"), b("2"));
                case "update" -> stub.putState(k("r", "1"), b("1'"));
                case "delete" -> stub.delState(k("r", "3"));
                default -> stub.putState(k("s", "1"), b("x"));
            }
            InMemoryStub.Endorsed writer = endorsed();
            assertEquals(List.of(VALID, "outside".equals(change) ? VALID : PHANTOM_READ_CONFLICT),
                    stub.commitBlock(List.of(writer, scan)), change);
        }
    }

    @Test
    void aScanStopsSilentlyAtTheTotalQueryLimitAndIsReCheckedOnlyUpToItsLastResult() {
        for (int i = 1; i <= 5; i++) {
            put(k("r", String.valueOf(i)), "v");
        }
        stub.totalQueryLimit(3);
        begin();
        // No error and no marker: the chaincode sees 3 records, as from Fabric's handler.
        assertEquals(List.of(k("r", "1"), k("r", "2"), k("r", "3")),
                keys(stub.getStateByPartialCompositeKey(Keys.prefix("t", "r"))));
        InMemoryStub.Simulation s = stub.endSimulation();
        assertFalse(s.ranges().get(0).exhausted());
        // A write past the last result does not invalidate the truncated scan; one inside it does.
        begin();
        stub.putState(k("r", "4"), b("changed"));
        InMemoryStub.Endorsed beyond = endorsed();
        assertEquals(List.of(VALID, VALID), stub.commitBlock(List.of(beyond, new InMemoryStub.Endorsed(s,
                InMemoryStub.PEER_ORGS))));
        begin();
        keys(stub.getStateByPartialCompositeKey(Keys.prefix("t", "r")));
        InMemoryStub.Endorsed scan = endorsed();
        begin();
        stub.putState(k("r", "2"), b("changed"));
        assertEquals(List.of(VALID, PHANTOM_READ_CONFLICT), stub.commitBlock(List.of(endorsed(), scan)));
    }

    @Test
    void aPageHoldsAtMostTotalQueryLimitRecordsWithABookmarkToTheRest() throws Exception {
        for (int i = 1; i <= 5; i++) {
            put(k("r", String.valueOf(i)), "v");
        }
        stub.totalQueryLimit(2);
        begin();
        try (QueryResultsIteratorWithMetadata<KeyValue> page =
                     stub.getStateByPartialCompositeKeyWithPagination(Keys.prefix("t", "r"), 10, "")) {
            List<String> got = new ArrayList<>();
            page.forEach(kv -> got.add(kv.getKey()));
            assertEquals(List.of(k("r", "1"), k("r", "2")), got);
            assertEquals(2, page.getMetadata().getFetchedRecordsCount());
            assertEquals(k("r", "3"), page.getMetadata().getBookmark());
        }
        assertThrows(IllegalStateException.class, () -> stub.putState(k("x"), b("1")), "no writes after a page");
        stub.rollback();
        begin();
        try (QueryResultsIteratorWithMetadata<KeyValue> last =
                     stub.getStateByPartialCompositeKeyWithPagination(Keys.prefix("t", "r"), 2, k("r", "5"))) {
            assertEquals("", last.getMetadata().getBookmark(), "no bookmark after the last page");
            assertEquals(1, last.getMetadata().getFetchedRecordsCount());
        }
        stub.rollback();
    }

    @Test
    void keyLevelPoliciesReplaceTheChaincodePolicyForTheirKeys() {
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, "GridOrgMSP");
        begin();
        stub.putState(k("bound"), b("1"));
        stub.setStateValidationParameter(k("bound"), sbe.policy());
        // A new key has no key-level policy yet: the chaincode policy (2 of 3 orgs) decides.
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP")))));
        begin();
        stub.putState(k("bound"), b("1"));
        stub.setStateValidationParameter(k("bound"), sbe.policy());
        assertEquals(List.of(VALID), stub.commitBlock(List.of(endorsed(Set.of("ExchangeOrgMSP", "RetailerOrgMSP")))));

        Set<String> withoutGrid = Set.of("ExchangeOrgMSP", "RetailerOrgMSP");
        begin();
        stub.putState(k("bound"), b("2"));
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), stub.commitBlock(List.of(endorsed(withoutGrid))));
        begin();
        stub.putState(k("bound"), b("2"));
        assertEquals(List.of(VALID), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP")))),
                "the key's policy alone applies to it");
        begin();
        stub.putState(k("bound"), b("3"));
        stub.putState(k("free"), b("1"));
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP")))),
                "another key of the same transaction still needs the chaincode policy");
        begin();
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP")))),
                "a transaction without writes needs the chaincode policy");
        // Deleting the key drops its policy: the next write is back under the chaincode policy.
        begin();
        stub.delState(k("bound"));
        assertEquals(List.of(VALID), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP", "ExchangeOrgMSP")))));
        assertNull(stub.committedValidationParameter(k("bound")));
        begin();
        stub.putState(k("bound"), b("4"));
        assertEquals(List.of(VALID), stub.commitBlock(List.of(endorsed(withoutGrid))));
    }

    @Test
    void aKeyWhosePolicyAnEarlierTransactionOfTheBlockChangedCannotBeWrittenInThatBlock() {
        byte[] gridOnly = InMemoryStub.outOf(1, Set.of("GridOrgMSP"));
        begin();
        stub.putState(k("a"), b("1"));
        stub.setStateValidationParameter(k("a"), gridOnly);
        stub.commit();
        begin();
        stub.setStateValidationParameter(k("a"), InMemoryStub.outOf(1, Set.of("RetailerOrgMSP")));
        InMemoryStub.Endorsed change = endorsed(Set.of("GridOrgMSP"));
        begin();
        stub.putState(k("a"), b("2"));
        InMemoryStub.Endorsed write = endorsed(Set.of("GridOrgMSP", "RetailerOrgMSP"));
        assertEquals(List.of(VALID, ENDORSEMENT_POLICY_FAILURE), stub.commitBlock(List.of(change, write)));
    }

    @Test
    void policiesAreEvaluatedWithOneEndorsementPerOrg() {
        byte[] twoOfThree = InMemoryStub.outOf(2, InMemoryStub.PEER_ORGS);
        assertFalse(InMemoryStub.satisfies(twoOfThree, Set.of("GridOrgMSP")));
        assertFalse(InMemoryStub.satisfies(twoOfThree, Set.of("GridOrgMSP", "OtherMSP")));
        assertTrue(InMemoryStub.satisfies(twoOfThree, Set.of("GridOrgMSP", "RetailerOrgMSP")));
        assertTrue(InMemoryStub.satisfies(twoOfThree, InMemoryStub.PEER_ORGS));
        assertFalse(InMemoryStub.satisfies(b("not a policy"), InMemoryStub.PEER_ORGS));
    }

    @Test
    void theTestNetsPeersRefuseAProposalStampedOutsideTheirTimestampWindow() {
        TestNet net = new TestNet().configured();
        Instant peers = net.now;
        net.endorse(TestNet.OPERATOR, InMemoryStub.PEER_ORGS, peers.plusSeconds(15 * 60), c -> "ok");
        net.endorse(TestNet.OPERATOR, InMemoryStub.PEER_ORGS, peers.minusSeconds(15 * 60), c -> "ok");
        assertThrows(TestNet.ProposalRefused.class, () -> net.endorse(TestNet.OPERATOR, InMemoryStub.PEER_ORGS,
                peers.plusSeconds(15 * 60 + 1), c -> "ok"));
        assertThrows(TestNet.ProposalRefused.class, () -> net.endorse(TestNet.OPERATOR, InMemoryStub.PEER_ORGS,
                peers.minusSeconds(20 * 60), c -> "ok"));
    }

    // ------------------------------------------------------------------ private data

    private static final String COLL = TestNet.RETAILER_COLLECTION;
    private static final byte[] GRID_CLIENT = TestIdentity.client("GridOrgMSP", "meter", "meter", null).creator();

    private void beginAs(byte[] creator) {
        stub.begin("tx" + (++n), T, creator);
    }

    private void putPrivate(String key, String value) {
        beginAs(GRID_CLIENT);
        stub.putPrivateData(COLL, key, b(value));
        assertEquals(List.of(VALID), stub.commitBlock(List.of(endorsed(Set.of("GridOrgMSP", "RetailerOrgMSP")))));
    }

    @Test
    void theShippedCollectionNeedsGridOrgForEveryWriteTheCreatingOneIncluded() {
        beginAs(GRID_CLIENT);
        stub.putPrivateData(COLL, k("a"), b("1"));
        InMemoryStub.Simulation s = stub.endSimulation();
        // The chaincode policy (2 of 3) is met, the collection's is not.
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE),
                stub.commitBlock(List.of(new InMemoryStub.Endorsed(s, Set.of("ExchangeOrgMSP", "RetailerOrgMSP")))));
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE),
                stub.commitBlock(List.of(new InMemoryStub.Endorsed(s, Set.of("GridOrgMSP")))), "GridOrg alone is not enough");
        assertEquals(List.of(VALID),
                stub.commitBlock(List.of(new InMemoryStub.Endorsed(s, Set.of("GridOrgMSP", "ExchangeOrgMSP")))));
        assertArrayEquals(b("1"), stub.privateSnapshot(COLL).get(k("a")));
        assertNull(stub.snapshot().get(k("a")), "no public copy");
    }

    @Test
    void aKeyLevelPolicyOfAPrivateKeyReplacesTheCollectionPolicy() {
        putPrivate(k("a"), "1");
        beginAs(GRID_CLIENT);
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, "GridOrgMSP", "RetailerOrgMSP");
        stub.setPrivateDataValidationParameter(COLL, k("a"), sbe.policy());
        stub.commit();
        beginAs(GRID_CLIENT);
        stub.putPrivateData(COLL, k("a"), b("2"));
        InMemoryStub.Simulation s = stub.endSimulation();
        assertEquals(List.of(ENDORSEMENT_POLICY_FAILURE),
                stub.commitBlock(List.of(new InMemoryStub.Endorsed(s, Set.of("GridOrgMSP", "ExchangeOrgMSP")))));
        assertEquals(List.of(VALID),
                stub.commitBlock(List.of(new InMemoryStub.Endorsed(s, Set.of("GridOrgMSP", "RetailerOrgMSP")))));
    }

    @Test
    void privateReadsAreVersionedAndCheckedAtCommit() {
        putPrivate(k("a"), "1");
        beginAs(GRID_CLIENT);
        assertArrayEquals(b("1"), stub.getPrivateData(COLL, k("a")));
        stub.putState(k("out"), b("x"));
        InMemoryStub.Endorsed reader = endorsed();
        beginAs(GRID_CLIENT);
        stub.putPrivateData(COLL, k("a"), b("2"));
        assertArrayEquals(b("1"), stub.getPrivateData(COLL, k("a")), "own writes are not visible");
        InMemoryStub.Endorsed writer = endorsed();
        assertEquals(List.of(VALID, MVCC_READ_CONFLICT), stub.commitBlock(List.of(writer, reader)));
    }

    @Test
    void membersOnlyReadAndWriteValuesAndAnyClientReadsTheHash() {
        putPrivate(k("a"), "1");
        byte[] outsider = TestIdentity.client("MunicipalityOrgMSP", "city-hall", "participant", "city-hall").creator();
        beginAs(outsider);
        assertTrue(assertThrows(IllegalStateException.class, () -> stub.getPrivateData(COLL, k("a"))).getMessage()
                .contains("does not have read access"));
        assertThrows(IllegalStateException.class, () -> stub.putPrivateData(COLL, k("b"), b("1")));
        assertEquals(32, stub.getPrivateDataHash(COLL, k("a")).length);
        assertNull(stub.getPrivateDataHash(COLL, k("b")));
        stub.rollback();
        beginAs(GRID_CLIENT);
        assertThrows(IllegalStateException.class, () -> stub.getPrivateData("nosuch", k("a")));
        stub.rollback();
    }

    @Test
    void aPrivateScanIsForReadOnlyTransactions() {
        putPrivate(k("a"), "1");
        putPrivate(k("b"), "2");
        beginAs(GRID_CLIENT);
        assertEquals(List.of(k("a"), k("b")), keys(stub.getPrivateDataByPartialCompositeKey(COLL, Keys.prefix("t"))));
        assertTrue(assertThrows(IllegalStateException.class, () -> stub.putState(k("c"), b("1"))).getMessage()
                .contains("Writes are not allowed"));
        assertThrows(IllegalStateException.class, () -> stub.putPrivateData(COLL, k("c"), b("1")));
        stub.rollback();
        beginAs(GRID_CLIENT);
        stub.putState(k("c"), b("1"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> stub.getPrivateDataByPartialCompositeKey(COLL, Keys.prefix("t"))).getMessage()
                .contains("read-only transaction"));
        stub.rollback();
        stub.totalQueryLimit(1);
        beginAs(GRID_CLIENT);
        assertEquals(List.of(k("a")), keys(stub.getPrivateDataByPartialCompositeKey(COLL, Keys.prefix("t"))),
                "a private scan stops silently at totalQueryLimit too");
        stub.rollback();
    }
}
