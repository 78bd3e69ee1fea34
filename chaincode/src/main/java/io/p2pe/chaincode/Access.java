package io.p2pe.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Slot;
import io.p2pe.protocol.ErrorCode;
import java.util.List;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Read rules and period listings shared by the settlement and provenance queries. */
final class Access {
    private Access() {
    }

    /** The participant itself, an admin of its org, the operator or an auditor. */
    static void requireRead(Caller caller, String participantId, MarketConfig config, String tx) {
        if (participantId == null || participantId.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, tx + ": participant id is required");
        }
        if (!caller.mayRead(participantId, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, tx + " of " + participantId + " is for the participant, its org's admins, "
                    + "the operator and auditors; caller is " + caller.describe());
        }
    }

    /** The two ends of a period, validated: from ≤ to. */
    static Slot[] bounds(MarketConfig config, String fromSlot, String toSlot) {
        Slot from = Slots.parse(fromSlot, config, "fromSlot");
        Slot to = Slots.parse(toSlot, config, "toSlot");
        if (from.compareTo(to) > 0) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "field 'fromSlot' must not be after toSlot, got " + fromSlot + " > " + toSlot);
        }
        return new Slot[] {from, to};
    }

    /**
     * One page of {@code <type>~<participant>~<slot>} records with slots from {@code fromSlot} to
     * {@code toSlot} inclusive: the scan starts at the first slot's key and stops after the last.
     */
    static <T> Ledger.Page<T> period(ChaincodeStub stub, MarketConfig config, String type, String participantId,
                                     String fromSlot, String toSlot, String pageSize, String bookmark, Class<T> cls) {
        Slot[] b = bounds(config, fromSlot, toSlot);
        String last = b[1].sortKey();
        return Ledger.page(stub, Keys.prefix(type, participantId), Keys.key(type, participantId, b[0].sortKey()),
                pageSize, bookmark, kv -> Json.read(kv.getValue(), cls),
                kv -> slotKeyOf(stub, kv.getKey()).compareTo(last) > 0);
    }

    /**
     * As {@link #period}, over the participant's private collection ({@link Keys#privateCollection}),
     * each record as stored (its {@code salt} included, so that it can be checked against its hash).
     * Only a peer of an org that holds the collection has the values.
     */
    static Ledger.Page<JsonNode> privatePeriod(ChaincodeStub stub, MarketConfig config, String type,
                                               String participantId, String fromSlot, String toSlot, String pageSize,
                                               String bookmark) {
        Slot[] b = bounds(config, fromSlot, toSlot);
        String last = b[1].sortKey();
        return Ledger.privatePage(stub, Keys.privateCollection(participantId), Keys.prefix(type, participantId),
                Keys.key(type, participantId, b[0].sortKey()), pageSize, bookmark,
                kv -> Json.parseObject(kv.getStringValue(), "a stored record"),
                kv -> slotKeyOf(stub, kv.getKey()).compareTo(last) > 0);
    }

    /**
     * Every private record of the participant with a slot from {@code from} to {@code to}, in one
     * partial-key scan of its {@code <type>~<participant>} records (see {@link Ledger#privatePage}).
     */
    static List<JsonNode> privatePeriodAll(ChaincodeStub stub, String type, String participantId, Slot from,
                                           Slot to) {
        String start = Keys.key(type, participantId, from.sortKey());
        String last = to.sortKey();
        List<JsonNode> out = new java.util.ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getPrivateDataByPartialCompositeKey(
                Keys.privateCollection(participantId), Keys.prefix(type, participantId))) {
            for (KeyValue kv : it) {
                if (kv.getKey().compareTo(start) < 0) {
                    continue;
                }
                if (slotKeyOf(stub, kv.getKey()).compareTo(last) > 0) {
                    break;
                }
                out.add(Json.parseObject(kv.getStringValue(), "a stored record"));
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException("closing a ledger iterator failed", e);
        }
        return out;
    }

    /** The slot component of a {@code <type>~<participant>~<slot>} key. */
    static String slotKeyOf(ChaincodeStub stub, String key) {
        List<String> attrs = stub.splitCompositeKey(key).getAttributes();
        return attrs.get(attrs.size() - 1);
    }
}
