package io.p2pe.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.SettlementRecord;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Traceability queries over the provenance SettleSlot writes: which generators supplied a
 * consumer, where a generator's energy went, renewable share and CO2 avoided over a period.
 */
@Contract(name = Contracts.Provenance.NAME, info = @Info(title = "p2pe provenance", version = "1.0.0"))
public final class ProvenanceContract extends P2peContract {
    /** Slots a renewable-share query may cover (a year of 15-minute slots). */
    static final int MAX_SHARE_SLOTS = 366 * 96;

    /**
     * A consumer's delivered provenance for one settled slot, as stored (with its {@code salt}),
     * through a peer of an org that holds the consumer's collection.
     */
    @Transaction(name = Contracts.Provenance.GET_PROVENANCE, intent = Transaction.TYPE.EVALUATE)
    public String getProvenance(Context ctx, String consumer, String slot) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), consumer, config, "GetProvenance");
        Slot s = Slots.parse(slot, config, "slot");
        String r = PrivateRecords.text(stub, consumer, Keys.provenance(consumer, s.sortKey()));
        if (r == null) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "no provenance of " + consumer + " for slot " + slot
                    + " (it bought nothing P2P, or the slot is not settled)");
        }
        return r;
    }

    /** A consumer's provenance records for slots from {@code fromSlot} to {@code toSlot} inclusive. */
    @Transaction(name = Contracts.Provenance.LIST_PROVENANCE_BY_CONSUMER, intent = Transaction.TYPE.EVALUATE)
    public String listProvenanceByConsumer(Context ctx, String consumer, String fromSlot, String toSlot,
                                           String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), consumer, config, "ListProvenanceByConsumer");
        return Json.write(Access.privatePeriod(stub, config, Keys.PROVENANCE, consumer, fromSlot, toSlot, pageSize,
                bookmark));
    }

    /** A generator's deliveries for slots from {@code fromSlot} to {@code toSlot} inclusive. */
    @Transaction(name = Contracts.Provenance.LIST_DELIVERIES_BY_GENERATOR, intent = Transaction.TYPE.EVALUATE)
    public String listDeliveriesByGenerator(Context ctx, String generator, String fromSlot, String toSlot,
                                            String pageSize, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), generator, config, "ListDeliveriesByGenerator");
        return Json.write(Access.privatePeriod(stub, config, Keys.DELIVERY, generator, fromSlot, toSlot, pageSize,
                bookmark));
    }

    /**
     * A participant's consumption, P2P-delivered and renewable energy and CO2 avoided over its
     * settled slots from {@code fromSlot} to {@code toSlot} inclusive.
     *
     * @return {@code {"participant", "fromSlot", "toSlot", "settledSlots", "importedWh", "deliveredWh",
     *     "renewableWh", "renewableShareBasisPoints", "co2AvoidedMg"}}
     */
    @Transaction(name = Contracts.Provenance.GET_RENEWABLE_SHARE, intent = Transaction.TYPE.EVALUATE)
    public String getRenewableShare(Context ctx, String participantId, String fromSlot, String toSlot) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Access.requireRead(Caller.of(ctx), participantId, config, "GetRenewableShare");
        Slot[] b = Access.bounds(config, fromSlot, toSlot);
        long span = java.time.Duration.between(b[0].startInstant(), b[1].startInstant()).toMinutes()
                / config.slotLengthMinutes();
        if (span >= MAX_SHARE_SLOTS) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "GetRenewableShare covers at most " + MAX_SHARE_SLOTS
                    + " slots; split the period");
        }
        long slots = 0;
        long imported = 0;
        long delivered = 0;
        long renewable = 0;
        long co2 = 0;
        try {
            for (JsonNode item : Access.privatePeriodAll(stub, Keys.SETTLEMENT, participantId, b[0], b[1])) {
                SettlementRecord r = Json.MAPPER.convertValue(item, SettlementRecord.class);
                slots++;
                imported = Math.addExact(imported, r.line().importedWh());
                delivered = Math.addExact(delivered, r.deliveredWh());
                renewable = Math.addExact(renewable, r.renewableWh());
                co2 = Math.addExact(co2, r.co2AvoidedMg());
            }
        } catch (ArithmeticException e) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "GetRenewableShare: the totals of " + participantId + " from "
                    + fromSlot + " to " + toSlot + " are beyond the 64-bit range; split the period (fields "
                    + "'fromSlot', 'toSlot')");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("participant", participantId);
        out.put("fromSlot", b[0].toString());
        out.put("toSlot", b[1].toString());
        out.put("settledSlots", slots);
        out.put("importedWh", imported);
        out.put("deliveredWh", delivered);
        out.put("renewableWh", renewable);
        // Basis points, rounded down: 10000 = all consumption was renewable P2P energy.
        // renewable <= imported, so the share fits even where renewable x 10000 would not.
        out.put("renewableShareBasisPoints", imported == 0 ? 0 : BigInteger.valueOf(renewable)
                .multiply(BigInteger.valueOf(10_000L)).divide(BigInteger.valueOf(imported)).longValue());
        out.put("co2AvoidedMg", co2);
        return Json.write(out);
    }

    /**
     * Checks a private record someone was shown against the hash every org's peer holds (the
     * private write set's hash on the public ledger): any p2pe identity, through any org's peer,
     * without access to the value. The record must be the exact text the chaincode returned for it
     * (GetMeterReading, GetSettlement, GetProvenance, a listing's item), its {@code salt} included.
     *
     * @param kind {@code reading}, {@code settlement}, {@code provenance} or {@code delivery}
     * @param participantId the record's participant (the consumer of a provenance, the generator of a delivery)
     * @param record the record's JSON text
     * @return {@code {"kind","participant","slot","collection","hash","match":true}}; a mismatch is
     *     refused with HASH_MISMATCH, a record the ledger has no hash of with NOT_FOUND
     */
    @Transaction(name = Contracts.Provenance.VERIFY_RECORD_HASH, intent = Transaction.TYPE.EVALUATE)
    public String verifyRecordHash(Context ctx, String kind, String participantId, String slot, String record) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = ConfigContract.require(stub);
        Caller caller = Caller.of(ctx);
        if (!caller.isMember(config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, Contracts.Provenance.VERIFY_RECORD_HASH + " is for p2pe identities; "
                    + "caller is " + caller.describe());
        }
        Slot s = Slots.parse(slot, config, "slot");
        if (participantId == null || participantId.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "field 'participantId' is required");
        }
        ParticipantContract.require(stub, participantId);
        String key = switch (kind == null ? "" : kind) {
            case "reading" -> Keys.meter(s.sortKey(), participantId);
            case "settlement" -> Keys.settlement(participantId, s.sortKey());
            case "provenance" -> Keys.provenance(participantId, s.sortKey());
            case "delivery" -> Keys.delivery(participantId, s.sortKey());
            default -> throw Refusal.of(ErrorCode.UNKNOWN_VALUE, "field 'kind' must be one of delivery, provenance, "
                    + "reading, settlement, got " + Args.quote(String.valueOf(kind)));
        };
        if (record == null || record.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, "field 'record' is required (the record's JSON text)");
        }
        String collection = Keys.privateCollection(participantId);
        byte[] onLedger = stub.getPrivateDataHash(collection, key);
        if (onLedger == null || onLedger.length == 0) {
            throw Refusal.of(ErrorCode.NOT_FOUND, "the ledger has no " + kind + " of " + participantId + " for slot " + slot);
        }
        byte[] shown = PrivateRecords.sha256(record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.HexFormat hex = java.util.HexFormat.of();
        if (!java.security.MessageDigest.isEqual(onLedger, shown)) {
            throw Refusal.of(ErrorCode.HASH_MISMATCH, "the " + kind + " of " + participantId + " for slot " + slot
                    + " shown has hash " + hex.formatHex(shown) + "; the ledger's is " + hex.formatHex(onLedger)
                    + " (field 'record': not the stored text, or altered)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("participant", participantId);
        out.put("slot", s.toString());
        out.put("collection", collection);
        out.put("hash", hex.formatHex(onLedger));
        out.put("match", true);
        return Json.write(out);
    }
}
