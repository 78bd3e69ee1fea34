package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.GridLocation;
import io.p2pe.market.MarketJson;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.market.provenance.SourceShare;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SlotState;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clearing re-computation with the real market engine, provenance checks and CSV export. */
class AuditVerificationTest {
    private static final String SLOT = "2026-06-17T12:00+09:00";

    private static ClearingRecord cleared() throws Exception {
        ClearingInput input = new ClearingInput(SLOT, Mechanism.UNIFORM_PRICE, null, null, List.of(
                new Order("b1", "R:home-001", Side.BUY, 1500, 2150, GridLocation.NONE),
                new Order("s1", "R:home-002", Side.SELL, 1000, 1200, GridLocation.NONE)));
        ClearingResult r = Clearing.clear(input);
        SlotState.Segment seg = new SlotState.Segment("main", 2, r.clearingPrice(), r.volumeWh(), r.surplus(),
                r.trades().size(), r.inputDigest(), 0, List.of());
        SlotState.ClearingSummary summary = new SlotState.ClearingSummary("t", "tx-clear", "op", 2, r.volumeWh(),
                r.surplus(), r.trades().size(), List.of(seg), List.of(), 0, 0);
        return new ClearingRecord(SLOT, SlotState.Status.CLEARED, summary, List.of(new ClearingRecord.SegmentText("main",
                MarketJson.writeInput(input), MarketJson.writeResult(r))));
    }

    @Test
    void storedClearingReComputesExactly() throws Exception {
        ClearingVerification v = GatewayAuditClient.verify(cleared());
        assertTrue(v.verified(), v.problems().toString());
        assertTrue(v.segments().get(0).resultIdentical());
        assertEquals("tx-clear", v.clearTxId());
    }

    /**
     * GetClearingResult's answer for a 100,000-order slot holds the input as one string of more
     * than 20,000,000 characters, Jackson's default limit: the SDK reads it and the audit passes.
     */
    @Test
    void theClearingOfA100000OrderSlotIsReadAndVerified() throws Exception {
        List<Order> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            boolean buy = i % 2 == 0;
            orders.add(new Order(String.format("20260617T0300Z-%040d", i), "RetailerOrgMSP:house-" + (i % 1000),
                    buy ? Side.BUY : Side.SELL, 500 + (i * 37L) % 2_000, buy ? 1_800 + (i * 13L) % 600 : 1_400 + (i * 17L) % 600,
                    GridLocation.parse("tokyo/setagaya/district-" + (i % 20) + "/substation-" + (i % 50) + "/feeder-" + (i % 200))));
        }
        ClearingInput input = new ClearingInput(SLOT, Mechanism.UNIFORM_PRICE, null, null, orders);
        ClearingResult r = Clearing.clear(input);
        String inputText = MarketJson.writeInput(input);
        assertTrue(inputText.length() > 20_000_000, "longer than Jackson's default string limit: " + inputText.length());
        SlotState.Segment seg = new SlotState.Segment("main", orders.size(), r.clearingPrice(), r.volumeWh(),
                r.surplus(), r.trades().size(), r.inputDigest(), 0, List.of());
        SlotState.ClearingSummary summary = new SlotState.ClearingSummary("t", "tx-clear", "op", orders.size(),
                r.volumeWh(), r.surplus(), r.trades().size(), List.of(seg), List.of(), 0, 0);
        byte[] answer = Json.MAPPER.writeValueAsBytes(new ClearingRecord(SLOT, SlotState.Status.CLEARED, summary,
                List.of(new ClearingRecord.SegmentText("main", inputText, MarketJson.writeResult(r)))));
        ClearingRecord read = Json.read(answer, ClearingRecord.class, "slot:GetClearingResult");
        assertEquals(inputText, read.segments().get(0).input());
        ClearingVerification v = GatewayAuditClient.verify(read);
        assertTrue(v.verified(), v.problems().toString());
    }

    @Test
    void alteredResultIsReported() throws Exception {
        ClearingRecord c = cleared();
        ClearingRecord.SegmentText s = c.segments().get(0);
        ClearingRecord altered = new ClearingRecord(c.slot(), c.status(), c.clearing(), List.of(
                new ClearingRecord.SegmentText("main", s.input(), s.result().replace("\"wh\":1000", "\"wh\":1001"))));

        ClearingVerification v = GatewayAuditClient.verify(altered);

        assertFalse(v.verified());
        assertEquals(List.of("run main: re-computed result differs from the stored result"), v.problems());
    }

    /** MAX_WELFARE: 3000 Wh from s1 and s3 to b2 (1800) and b4 (1200) in many equal ways. */
    private static final ClearingInput OPTIMAL = new ClearingInput(SLOT, Mechanism.OPTIMAL,
            io.p2pe.market.Objective.MAX_WELFARE, null, List.of(
                    new Order("s1", "R:home-001", Side.SELL, 2000, 1500, GridLocation.NONE),
                    new Order("s3", "R:home-003", Side.SELL, 1000, 1700, GridLocation.NONE),
                    new Order("b2", "R:home-002", Side.BUY, 1800, 2200, GridLocation.NONE),
                    new Order("b4", "E:biz-001", Side.BUY, 1500, 1900, GridLocation.NONE)));

    private static ClearingRecord clearedBy(io.p2pe.market.proposal.ProposedTrade... trades) throws Exception {
        var scorer = io.p2pe.market.proposal.ProposalScorer.of(OPTIMAL);
        ClearingResult r = scorer.result(scorer.score(new io.p2pe.market.proposal.Proposal(SLOT, scorer.inputDigest(),
                List.of(trades))));
        SlotState.Segment seg = new SlotState.Segment("main", 4, null, r.volumeWh(), r.surplus(), r.trades().size(),
                r.inputDigest(), 0, List.of());
        SlotState.ClearingSummary summary = new SlotState.ClearingSummary("t", "tx-final", "solver", 4, r.volumeWh(),
                r.surplus(), r.trades().size(), List.of(seg), List.of(), 0, 0);
        return new ClearingRecord(SLOT, SlotState.Status.CLEARED, summary, List.of(new ClearingRecord.SegmentText("main",
                MarketJson.writeInput(OPTIMAL), MarketJson.writeResult(r))));
    }

    private static io.p2pe.market.proposal.ProposedTrade t(String buy, String sell, long wh) {
        return new io.p2pe.market.proposal.ProposedTrade(buy, sell, wh);
    }

    @Test
    void aClearingWonByAnEqualProposalVerifies() throws Exception {
        ClearingRecord c = clearedBy(t("b2", "s1", 1000), t("b2", "s3", 800), t("b4", "s1", 1000), t("b4", "s3", 200));
        assertFalse(MarketJson.writeResult(Clearing.clear(OPTIMAL)).equals(c.segments().get(0).result()));
        ClearingVerification v = GatewayAuditClient.verify(c);
        assertTrue(v.verified(), v.problems().toString());
    }

    @Test
    void aClearingWorseThanTheEnginesOrNotItsTradesExactResultIsReported() throws Exception {
        ClearingVerification worse = GatewayAuditClient.verify(clearedBy(t("b2", "s1", 100)));
        assertEquals("run main: the stored result ranks below the engine's own result, which competed",
                worse.problems().get(0));
        ClearingRecord c = clearedBy(t("b2", "s1", 1000), t("b2", "s3", 800), t("b4", "s1", 1000), t("b4", "s3", 200));
        ClearingRecord.SegmentText s = c.segments().get(0);
        ClearingRecord repriced = new ClearingRecord(c.slot(), c.status(), c.clearing(), List.of(
                new ClearingRecord.SegmentText("main", s.input(), s.result().replace("\"price\":1850", "\"price\":1851"))));
        assertEquals("run main: the stored result is neither the engine's nor the exact result of its own trades",
                GatewayAuditClient.verify(repriced).problems().get(0));
    }

    private static ProvenanceRecord provenance(long contracted, long delivered) {
        SourceShare share = new SourceShare("R:home-001", "R:home-002", "solar", "tokyo/setagaya", true, contracted,
                delivered, "b1", "s1");
        return new ProvenanceRecord("R:home-001", SLOT, "20260617T0300Z",
                new ConsumerProvenance("R:home-001", 1400, contracted, delivered, delivered, 100, List.of(share)),
                "tx-settle");
    }

    @Test
    void provenanceMatchingTheClearingIsVerified() throws Exception {
        ClearingRecord c = cleared();
        ProvenanceRecord p = provenance(1000, 900);
        ProvenanceVerification v = GatewayAuditClient.check(p, p, c, GatewayAuditClient.verify(c));
        assertTrue(v.verified(), v.problems().toString());
    }

    @Test
    void provenanceClaimingMoreThanTheTradeIsRefused() throws Exception {
        ClearingRecord c = cleared();
        ProvenanceRecord claimed = provenance(1200, 1200);
        ProvenanceVerification v = GatewayAuditClient.check(claimed, provenance(1000, 900), c,
                GatewayAuditClient.verify(c));
        assertFalse(v.verified());
        assertEquals(List.of("the record differs from the ledger's provenance record of R:home-001 in " + SLOT,
                "source R:home-002 contracted 1200 Wh, trade b1/s1 is 1000 Wh"), v.problems());
    }

    @Test
    void csvHasOneRowPerSourceWithQuotedFields() throws Exception {
        SourceShare odd = new SourceShare("R:home-001", "M:city,hall", "solar", "tokyo/\"x\"", true, 5, 4, "b2", "s2");
        ProvenanceRecord two = new ProvenanceRecord("R:home-001", SLOT, "k",
                new ConsumerProvenance("R:home-001", 10, 5, 4, 4, 1, List.of(odd)), "tx2");
        StringWriter out = new StringWriter();

        GatewayAuditClient.writeCsv(List.of(provenance(1000, 900), two), out);

        assertEquals(GatewayAuditClient.CSV_HEADER + "\n"
                + "R:home-001," + SLOT + ",R:home-002,solar,tokyo/setagaya,true,1000,900,b1,s1,tx-settle\n"
                + "R:home-001," + SLOT + ",\"M:city,hall\",solar,\"tokyo/\"\"x\"\"\",true,5,4,b2,s2,tx2\n", out.toString());
    }
}
