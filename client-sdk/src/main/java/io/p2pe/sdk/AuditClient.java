package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.DeliveryRecord;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Read-only reporting and verification for auditors (an {@code auditor} identity may read every
 * participant's records; other identities only their own): provenance by consumer, generator,
 * grid area and period, renewable share and CO2 avoided, re-computation of clearings and
 * verification of provenance records against the ledger, CSV and JSON export.
 *
 * <pre>{@code
 * AuditClient audit = connection.audit();
 * List<ProvenanceRecord> records = audit.provenanceByArea("tokyo/setagaya", from, to);
 * for (ProvenanceRecord r : records) {
 *     if (!audit.verifyProvenance(r).verified()) System.err.println("mismatch: " + r);
 * }
 * audit.exportCsv(records, Files.newBufferedWriter(Path.of("provenance.csv")));
 * }</pre>
 */
public interface AuditClient {

    /** A consumer's provenance records for settled slots {@code from}..{@code to}, inclusive. */
    List<ProvenanceRecord> provenanceByConsumer(String consumer, Slot from, Slot to) throws P2peException;

    /** One consumer's provenance record of one settled slot. */
    ProvenanceRecord provenance(String consumer, Slot slot) throws P2peException;

    /** What a generator delivered, slot by slot, {@code from}..{@code to}. */
    List<DeliveryRecord> deliveriesByGenerator(String generator, Slot from, Slot to) throws P2peException;

    /**
     * Provenance records of every registered consumer whose grid location lies in {@code area}
     * (a location path prefix such as {@code tokyo/setagaya}), {@code from}..{@code to}, by
     * consumer then slot.
     */
    List<ProvenanceRecord> provenanceByArea(String area, Slot from, Slot to) throws P2peException;

    /** A participant's renewable share and CO2 avoided over settled slots {@code from}..{@code to}. */
    RenewableShare renewableShare(String participant, Slot from, Slot to) throws P2peException;

    /**
     * A participant's settlement lines of settled slots {@code from}..{@code to}, inclusive, by slot.
     *
     * @throws EndorsementRejectedException {@code FORBIDDEN} unless the caller is the participant,
     *     an admin of its org, the operator or an auditor; {@code OUT_OF_RANGE} when {@code from}
     *     is after {@code to}
     */
    List<SettlementRecord> settlements(String participant, Slot from, Slot to) throws P2peException;

    /**
     * Every version of the market configuration, oldest first (version 1, 2, …; the last is the
     * one in force): which terms held when. Any identity with a p2pe role and the orgs' admins.
     */
    List<MarketSettings> marketConfigHistory() throws P2peException;

    /**
     * A participant's private record as the chaincode stores it (its {@code salt} included), the
     * text whose hash every org's ledger holds: {@code kind} {@code reading}, {@code settlement}
     * or {@code provenance}. Only peers of the orgs that hold the participant's collection (its own
     * org, GridOrg, ExchangeOrg) have it: connect through one of them.
     */
    String privateRecordText(String kind, String participant, Slot slot) throws P2peException;

    /**
     * Whether a private record's text (as {@link #privateRecordText} gave it, or as someone showed
     * it) is the one whose hash the ledger holds: {@code provenance:VerifyRecordHash}, answered by
     * any org's peer from the public hash. {@code false} for a mismatch (the chaincode's
     * {@code HASH_MISMATCH}); {@code NOT_FOUND} when the ledger has no such record.
     *
     * @param kind {@code reading}, {@code settlement}, {@code provenance} or {@code delivery}
     */
    boolean recordHashMatches(String kind, String participant, Slot slot, String recordJson) throws P2peException;

    /**
     * Re-runs the market engine ({@code io.p2pe.market.Clearing}) on each clearing input of
     * the slot and compares with the stored results, bytes and digests.
     */
    ClearingVerification verifyClearing(Slot slot) throws P2peException;

    /**
     * Checks a provenance record (e.g. from an export or a report) against the ledger: the stored
     * record, the slot's clearing re-computed, and the trade references.
     */
    ProvenanceVerification verifyProvenance(ProvenanceRecord record) throws P2peException;

    /**
     * Writes records as CSV, one row per source share: {@code consumer,slot,generator,sourceType,
     * location,renewable,contractedWh,deliveredWh,buyOrderId,sellOrderId,settleTxId}.
     */
    void exportCsv(List<ProvenanceRecord> records, Writer out) throws IOException;

    /** Writes records as a JSON array, fields as the ledger stores them. */
    void exportJson(List<ProvenanceRecord> records, Writer out) throws IOException;
}
