package io.p2pe.sdk;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Slot;
import io.p2pe.market.Trade;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.market.provenance.SourceShare;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.DeliveryRecord;
import io.p2pe.protocol.Participant;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.protocol.SlotState;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

final class GatewayAuditClient implements AuditClient {
    private final ClientSupport support;
    private final GatewayParticipantClient reader;
    private final GatewayOperatorClient registry;

    GatewayAuditClient(ClientSupport support, GatewayParticipantClient reader, GatewayOperatorClient registry) {
        this.support = support;
        this.reader = reader;
        this.registry = registry;
    }

    @Override
    public List<ProvenanceRecord> provenanceByConsumer(String consumer, Slot from, Slot to) throws P2peException {
        return support.allPages(ProvenanceRecord.class, Contracts.Provenance.NAME, Contracts.Provenance.LIST_PROVENANCE_BY_CONSUMER,
                Objects.requireNonNull(consumer, "consumer"), from.toString(), to.toString());
    }

    @Override
    public ProvenanceRecord provenance(String consumer, Slot slot) throws P2peException {
        return support.evaluate(ProvenanceRecord.class, Contracts.Provenance.NAME, Contracts.Provenance.GET_PROVENANCE,
                Objects.requireNonNull(consumer, "consumer"), slot.toString());
    }

    @Override
    public List<DeliveryRecord> deliveriesByGenerator(String generator, Slot from, Slot to) throws P2peException {
        return support.allPages(DeliveryRecord.class, Contracts.Provenance.NAME, Contracts.Provenance.LIST_DELIVERIES_BY_GENERATOR,
                Objects.requireNonNull(generator, "generator"), from.toString(), to.toString());
    }

    @Override
    public List<ProvenanceRecord> provenanceByArea(String area, Slot from, Slot to) throws P2peException {
        Objects.requireNonNull(area, "area");
        List<ProvenanceRecord> out = new ArrayList<>();
        for (Participant p : registry.participants(null)) {
            String loc = p.location() == null ? "" : p.location();
            if (loc.equals(area) || loc.startsWith(area + "/") || area.isEmpty()) {
                out.addAll(provenanceByConsumer(p.id(), from, to));
            }
        }
        return out;
    }

    @Override
    public RenewableShare renewableShare(String participant, Slot from, Slot to) throws P2peException {
        return GatewayParticipantClient.renewableShareOf(support, Objects.requireNonNull(participant, "participant"),
                from, to);
    }

    @Override
    public List<SettlementRecord> settlements(String participant, Slot from, Slot to) throws P2peException {
        return GatewayParticipantClient.settlementsOf(support, Objects.requireNonNull(participant, "participant"),
                from, to);
    }

    @Override
    public List<MarketSettings> marketConfigHistory() throws P2peException {
        return support.allPages(MarketSettings.class, Contracts.Config.NAME, Contracts.Config.GET_MARKET_CONFIG_HISTORY);
    }

    @Override
    public ClearingVerification verifyClearing(Slot slot) throws P2peException {
        return verify(reader.clearingResult(Objects.requireNonNull(slot, "slot")));
    }

    /** Re-computes every run of a stored clearing with the market engine and compares. */
    static ClearingVerification verify(ClearingRecord record) {
        List<String> problems = new ArrayList<>();
        List<ClearingVerification.SegmentCheck> checks = new ArrayList<>();
        SlotState.ClearingSummary summary = record.clearing();
        if (summary == null) {
            problems.add("slot " + record.slot() + " has no clearing summary");
        } else if (summary.segments().size() != record.segments().size()) {
            problems.add("summary lists " + summary.segments().size() + " clearing runs, the ledger holds "
                    + record.segments().size());
        }
        long volume = 0;
        long surplus = 0;
        int trades = 0;
        for (int i = 0; i < record.segments().size(); i++) {
            ClearingRecord.SegmentText seg = record.segments().get(i);
            String name = seg.segment();
            ClearingInput input;
            try {
                input = MarketJson.readInput(seg.input());
            } catch (InvalidInputException e) {
                problems.add("run " + name + ": ledger's input is refused by the engine: " + e.getMessage());
                checks.add(new ClearingVerification.SegmentCheck(name, null, false));
                continue;
            }
            if (!MarketJson.writeInput(input).equals(seg.input())) {
                problems.add("run " + name + ": ledger's input is not in canonical form");
            }
            String digest = MarketJson.inputDigest(input);
            ClearingResult result;
            ClearingResult engine = null;
            InvalidInputException refusal = null;
            try {
                engine = Clearing.clear(input);
            } catch (InvalidInputException e) {
                refusal = e;
            }
            boolean identical = engine != null && MarketJson.writeResult(engine).equals(seg.result());
            if (!identical && input.mechanism() == Mechanism.OPTIMAL) {
                // A solver's proposal may have won the slot: check it instead (ProposalVerification).
                ProposalVerification.Check won = ProposalVerification.check(input, seg.result(), engine);
                if (won.result() == null) {
                    problems.add("run " + name + ": " + won.problem());
                    checks.add(new ClearingVerification.SegmentCheck(name, digest, false));
                    continue;
                }
                result = won.result();
                identical = true;
            } else if (engine == null) {
                problems.add("run " + name + ": the engine refuses the ledger's input: " + refusal.getMessage());
                checks.add(new ClearingVerification.SegmentCheck(name, digest, false));
                continue;
            } else {
                result = engine;
            }
            if (!identical) {
                problems.add("run " + name + ": re-computed result differs from the stored result");
            }
            if (!digest.equals(result.inputDigest())) {
                problems.add("run " + name + ": result digest " + result.inputDigest() + " is not the input's " + digest);
            }
            if (summary != null && i < summary.segments().size()) {
                SlotState.Segment s = summary.segments().get(i);
                if (!name.equals(s.segment()) || !digest.equals(s.inputDigest())) {
                    problems.add("run " + name + ": summary names run " + s.segment() + " with digest " + s.inputDigest()
                            + ", the ledger's input's digest is " + digest);
                }
                if (s.volumeWh() != result.volumeWh() || s.surplus() != result.surplus()
                        || s.tradeCount() != result.trades().size()
                        || !Objects.equals(s.clearingPrice(), result.clearingPrice())) {
                    problems.add("run " + name + ": summary figures differ from the re-computed result");
                }
            }
            volume += result.volumeWh();
            surplus += result.surplus();
            trades += result.trades().size();
            checks.add(new ClearingVerification.SegmentCheck(name, digest, identical));
        }
        if (summary != null && (summary.volumeWh() != volume || summary.surplus() != surplus
                || summary.tradeCount() != trades)) {
            problems.add("summary totals (" + summary.volumeWh() + " Wh, " + summary.tradeCount()
                    + " trades) differ from the runs' sums (" + volume + " Wh, " + trades + " trades)");
        }
        return new ClearingVerification(record.slot(), summary == null ? null : summary.clearTxId(), checks, problems);
    }

    @Override
    public String privateRecordText(String kind, String participant, Slot slot) throws P2peException {
        Objects.requireNonNull(participant, "participant");
        String s = Objects.requireNonNull(slot, "slot").toString();
        return switch (Objects.requireNonNull(kind, "kind")) {
            case "reading" -> support.evaluateText(Contracts.Meter.NAME, Contracts.Meter.GET_METER_READING, participant, s);
            case "settlement" -> support.evaluateText(Contracts.Settlement.NAME, Contracts.Settlement.GET_SETTLEMENT,
                    participant, s);
            case "provenance" -> support.evaluateText(Contracts.Provenance.NAME, Contracts.Provenance.GET_PROVENANCE,
                    participant, s);
            default -> throw new IllegalArgumentException("kind must be reading, settlement or provenance, got " + kind);
        };
    }

    @Override
    public boolean recordHashMatches(String kind, String participant, Slot slot, String recordJson)
            throws P2peException {
        try {
            support.evaluateText(Contracts.Provenance.NAME, Contracts.Provenance.VERIFY_RECORD_HASH,
                    Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(participant, "participant"),
                    Objects.requireNonNull(slot, "slot").toString(), Objects.requireNonNull(recordJson, "recordJson"));
            return true;
        } catch (P2peException e) {
            if (e.errorCode().filter(c -> c == io.p2pe.protocol.ErrorCode.HASH_MISMATCH).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public ProvenanceVerification verifyProvenance(ProvenanceRecord record) throws P2peException {
        Objects.requireNonNull(record, "record");
        MarketSettings market = reader.marketSettings();
        Slot slot = Slot.parse(record.slot(), market.slotLengthMinutes());
        ProvenanceRecord stored = provenance(record.consumer(), slot);
        ClearingRecord clearing = reader.clearingResult(slot);
        return check(record, stored, clearing, verify(clearing));
    }

    /** Compares a record with the ledger's copy and the trades of the slot's clearing. */
    static ProvenanceVerification check(ProvenanceRecord record, ProvenanceRecord stored, ClearingRecord clearing,
                                        ClearingVerification clearingCheck) throws UnexpectedResponseException {
        List<String> problems = new ArrayList<>();
        if (!record.equals(stored)) {
            problems.add("the record differs from the ledger's provenance record of " + record.consumer() + " in "
                    + record.slot());
        }
        Map<String, Trade> trades = new HashMap<>();
        for (Trade t : clearing.trades()) {
            trades.merge(t.buyOrderId() + "|" + t.sellOrderId(), t,
                    (a, b) -> new Trade(a.buyOrderId(), a.sellOrderId(), a.wh() + b.wh(), a.price(), a.wheelingFee()));
        }
        ConsumerProvenance p = record.provenance();
        long delivered = 0;
        long renewable = 0;
        long contracted = 0;
        for (SourceShare s : p.sources()) {
            Trade t = trades.get(s.buyOrderId() + "|" + s.sellOrderId());
            String ref = s.buyOrderId() + "/" + s.sellOrderId();
            if (t == null) {
                problems.add("source " + s.generator() + " references trade " + ref + ", which the clearing does not hold");
            } else if (t.wh() != s.contractedWh()) {
                problems.add("source " + s.generator() + " contracted " + s.contractedWh() + " Wh, trade " + ref
                        + " is " + t.wh() + " Wh");
            }
            if (!p.consumer().equals(s.consumer())) {
                problems.add("source " + ref + " names consumer " + s.consumer() + ", the record is of " + p.consumer());
            }
            if (s.deliveredWh() < 0 || s.deliveredWh() > s.contractedWh()) {
                problems.add("source " + ref + " delivered " + s.deliveredWh() + " Wh of " + s.contractedWh()
                        + " contracted");
            }
            delivered += s.deliveredWh();
            contracted += s.contractedWh();
            renewable += s.renewable() ? s.deliveredWh() : 0;
        }
        if (delivered != p.deliveredWh() || contracted != p.contractedWh() || renewable != p.renewableWh()) {
            problems.add("totals (" + p.contractedWh() + " contracted, " + p.deliveredWh() + " delivered, "
                    + p.renewableWh() + " renewable Wh) differ from the sources' sums (" + contracted + ", " + delivered
                    + ", " + renewable + ")");
        }
        if (p.deliveredWh() > p.importedWh()) {
            problems.add("delivered " + p.deliveredWh() + " Wh exceeds metered import " + p.importedWh() + " Wh");
        }
        return new ProvenanceVerification(record.consumer(), record.slot(), clearingCheck, problems);
    }

    static final String CSV_HEADER = "consumer,slot,generator,sourceType,location,renewable,contractedWh,deliveredWh,"
            + "buyOrderId,sellOrderId,settleTxId";

    @Override
    public void exportCsv(List<ProvenanceRecord> records, Writer out) throws IOException {
        writeCsv(records, out);
    }

    static void writeCsv(List<ProvenanceRecord> records, Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write('\n');
        for (ProvenanceRecord r : records) {
            for (SourceShare s : r.provenance().sources()) {
                out.write(String.join(",", csv(r.consumer()), csv(r.slot()), csv(s.generator()), csv(s.sourceType()),
                        csv(s.location()), Boolean.toString(s.renewable()), Long.toString(s.contractedWh()),
                        Long.toString(s.deliveredWh()), csv(s.buyOrderId()), csv(s.sellOrderId()), csv(r.settleTxId())));
                out.write('\n');
            }
        }
        out.flush();
    }

    /** RFC 4180 field: quoted when it holds a comma, quote or line break; null as empty. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public void exportJson(List<ProvenanceRecord> records, Writer out) throws IOException {
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, records);
    }
}
