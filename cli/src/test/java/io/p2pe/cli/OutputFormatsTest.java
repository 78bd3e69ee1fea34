package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.provenance.ConsumerProvenance;
import io.p2pe.market.provenance.SourceShare;
import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.ProvenanceRecord;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.MarketSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tables of the ledger commands in each output format, from hand-made records: table (aligned
 * on the widest cell plus two spaces, no trailing blanks), CSV (RFC 4180) in kWh and JPY/kWh, JSON
 * the record as the ledger stores it (Wh, ticks). The same commands against a network:
 * {@code it/LedgerCommandsIT}.
 */
class OutputFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String write(ConnectionOptions.Format format, Object value, Output.Table table) throws Exception {
        StringWriter out = new StringWriter();
        Output.write(new PrintWriter(out), format, value, table);
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private static final SlotState OPEN = new SlotState("2026-06-17T12:00+09:00", "20260617T0300Z", SlotState.Status.OPEN,
            "2026-06-17T02:00:00Z", null, null, null, null, null, null);

    private static final SlotState CLEARED = new SlotState("2026-06-17T12:00+09:00", "20260617T0300Z",
            SlotState.Status.CLEARED, "2026-06-17T02:00:00Z", "2026-06-17T02:00:01Z", "operator", "tx-close",
            null, new SlotState.ClearingSummary("2026-06-17T02:00:02Z", "tx-clear", "operator", 3, 1_500, 2_000, 2,
                    List.of(new SlotState.Segment("renewable", 2, 2_100L, 1_000, 1_000, 1, "d1", 0, List.of()),
                            new SlotState.Segment("main", 1, null, 500, 1_000, 1, "d2", 0, List.of())),
                    List.of(), 0, 0),
            null);

    @Test
    void aRevealReportAndASealingKeyInEachFormat() throws Exception {
        var r = new io.p2pe.sdk.SealedBookClient.RevealReport("2026-06-17T12:00+09:00", 3, List.of("o-1", "o-2"),
                List.of("o-3"), List.of(), 1);
        assertEquals("""
                SLOT                    SEALED  OPEN  REJECTED  UNDECRYPTABLE  TRANSACTIONS
                2026-06-17T12:00+09:00  3       2     1         0              1
                """, write(ConnectionOptions.Format.table, r, RevealCommand.table(r)));
        assertEquals("""
                SLOT,SEALED,OPEN,REJECTED,UNDECRYPTABLE,TRANSACTIONS
                2026-06-17T12:00+09:00,3,2,1,0,1
                """, write(ConnectionOptions.Format.csv, r, RevealCommand.table(r)));
        assertEquals(JSON.readTree("""
                {"slot": "2026-06-17T12:00+09:00", "sealedUnderKeys": 3, "opened": ["o-1", "o-2"], "rejected": ["o-3"],
                 "undecryptable": [], "transactions": 1}
                """), JSON.readTree(write(ConnectionOptions.Format.json, r, RevealCommand.table(r))));
        var k = new io.p2pe.protocol.SealingKey("RetailerOrgMSP", "retail-1", "MFkw", "2026-06-17T00:00:00Z", "admin",
                "tx-1");
        assertEquals("""
                MSP             KEY ID    SET AT                TX
                RetailerOrgMSP  retail-1  2026-06-17T00:00:00Z  tx-1
                """, write(ConnectionOptions.Format.table, k, SealingCommand.table(k)));
    }

    @Test
    void slotWithoutAClearingLeavesItsColumnsEmpty() throws Exception {
        assertEquals("""
                SLOT                    STATUS  GATE CLOSURE          ORDERS  TRADES  KWH  PRICE JPY/KWH
                2026-06-17T12:00+09:00  OPEN    2026-06-17T02:00:00Z
                """, write(ConnectionOptions.Format.table, OPEN, SlotCommand.table(OPEN)));
        assertEquals("""
                SLOT,STATUS,GATE CLOSURE,ORDERS,TRADES,KWH,PRICE JPY/KWH
                2026-06-17T12:00+09:00,OPEN,2026-06-17T02:00:00Z,,,,
                """, write(ConnectionOptions.Format.csv, OPEN, SlotCommand.table(OPEN)));
    }

    @Test
    void aClearedSlotShowsEachSegmentsPriceAndADashWithoutOne() throws Exception {
        // 1,500 Wh = 1.500 kWh; 2,100 ticks = 21.00 JPY/kWh; the main segment has no uniform price.
        assertEquals("""
                SLOT                    STATUS   GATE CLOSURE          ORDERS  TRADES  KWH    PRICE JPY/KWH
                2026-06-17T12:00+09:00  CLEARED  2026-06-17T02:00:00Z  3       2       1.500  renewable:21.00 main:-
                """, write(ConnectionOptions.Format.table, CLEARED, SlotCommand.table(CLEARED)));
        assertEquals("""
                SLOT,STATUS,GATE CLOSURE,ORDERS,TRADES,KWH,PRICE JPY/KWH
                2026-06-17T12:00+09:00,CLEARED,2026-06-17T02:00:00Z,3,2,1.500,renewable:21.00 main:-
                """, write(ConnectionOptions.Format.csv, CLEARED, SlotCommand.table(CLEARED)));
        String json = write(ConnectionOptions.Format.json, CLEARED, SlotCommand.table(CLEARED));
        assertEquals(JSON.readTree("""
                {"slot": "2026-06-17T12:00+09:00", "slotKey": "20260617T0300Z", "status": "CLEARED",
                 "gateClosure": "2026-06-17T02:00:00Z", "closedAt": "2026-06-17T02:00:01Z", "closedBy": "operator",
                 "closeTxId": "tx-close", "terms": null,
                 "clearing": {"clearedAt": "2026-06-17T02:00:02Z", "clearTxId": "tx-clear", "clearedBy": "operator",
                   "orderCount": 3, "volumeWh": 1500, "surplus": 2000, "tradeCount": 2, "segments": [
                     {"segment": "renewable", "orderCount": 2, "clearingPrice": 2100, "volumeWh": 1000, "surplus": 1000,
                      "tradeCount": 1, "inputDigest": "d1", "resultBytes": 0, "resultChunkDigests": []},
                     {"segment": "main", "orderCount": 1, "clearingPrice": null, "volumeWh": 500, "surplus": 1000,
                      "tradeCount": 1, "inputDigest": "d2", "resultBytes": 0, "resultChunkDigests": []}],
                   "resultChunkBytes": 0, "resultChunksPublished": 0},
                 "settlement": null}
                """), JSON.readTree(json));
        assertEquals("{\n  \"slot\" : \"2026-06-17T12:00+09:00\",", json.substring(0, json.indexOf(',') + 1),
                "indented, one field a line");
    }

    private static final List<ProvenanceRecord> PROVENANCE = List.of(
            new ProvenanceRecord("RetailerOrgMSP:home-001", "2026-06-17T12:00+09:00", "20260617T0300Z",
                    new ConsumerProvenance("RetailerOrgMSP:home-001", 1_400, 1_000, 1_000, 600, 270_000, List.of(
                            new SourceShare("RetailerOrgMSP:home-001", "ExchangeOrgMSP:biz-001", "solar",
                                    "tokyo/setagaya/seijo/feeder-1", true, 600, 600, "b1", "s1"),
                            new SourceShare("RetailerOrgMSP:home-001", "RetailerOrgMSP:home-002", null, null, false,
                                    400, 400, "b1", "s2"))),
                    "tx-settle"),
            new ProvenanceRecord("RetailerOrgMSP:home-001", "2026-06-17T12:30+09:00", "20260617T0330Z",
                    new ConsumerProvenance("RetailerOrgMSP:home-001", 200, 0, 0, 0, 0, List.of()), "tx-settle-2"));

    @Test
    void provenanceIsOneRowPerSourceAndNoneForASlotWithoutP2pEnergy() throws Exception {
        Output.Table table = ProvenanceCommand.table(PROVENANCE);
        assertEquals("""
                CONSUMER                 SLOT                    GENERATOR                SOURCE  LOCATION                       RENEWABLE  DELIVERED KWH
                RetailerOrgMSP:home-001  2026-06-17T12:00+09:00  ExchangeOrgMSP:biz-001   solar   tokyo/setagaya/seijo/feeder-1  true       0.600
                RetailerOrgMSP:home-001  2026-06-17T12:00+09:00  RetailerOrgMSP:home-002                                         false      0.400
                """, write(ConnectionOptions.Format.table, PROVENANCE, table));
        assertEquals("""
                CONSUMER,SLOT,GENERATOR,SOURCE,LOCATION,RENEWABLE,DELIVERED KWH
                RetailerOrgMSP:home-001,2026-06-17T12:00+09:00,ExchangeOrgMSP:biz-001,solar,tokyo/setagaya/seijo/feeder-1,true,0.600
                RetailerOrgMSP:home-001,2026-06-17T12:00+09:00,RetailerOrgMSP:home-002,,,false,0.400
                """, write(ConnectionOptions.Format.csv, PROVENANCE, table));
        assertEquals(JSON.readTree("""
                [{"consumer": "RetailerOrgMSP:home-001", "slot": "2026-06-17T12:00+09:00", "slotKey": "20260617T0300Z",
                  "provenance": {"consumer": "RetailerOrgMSP:home-001", "importedWh": 1400, "contractedWh": 1000,
                    "deliveredWh": 1000, "renewableWh": 600, "co2AvoidedMg": 270000, "sources": [
                      {"consumer": "RetailerOrgMSP:home-001", "generator": "ExchangeOrgMSP:biz-001", "sourceType": "solar",
                       "location": "tokyo/setagaya/seijo/feeder-1", "renewable": true, "contractedWh": 600,
                       "deliveredWh": 600, "buyOrderId": "b1", "sellOrderId": "s1"},
                      {"consumer": "RetailerOrgMSP:home-001", "generator": "RetailerOrgMSP:home-002", "sourceType": null,
                       "location": null, "renewable": false, "contractedWh": 400, "deliveredWh": 400,
                       "buyOrderId": "b1", "sellOrderId": "s2"}]},
                  "settleTxId": "tx-settle"},
                 {"consumer": "RetailerOrgMSP:home-001", "slot": "2026-06-17T12:30+09:00", "slotKey": "20260617T0330Z",
                  "provenance": {"consumer": "RetailerOrgMSP:home-001", "importedWh": 200, "contractedWh": 0,
                    "deliveredWh": 0, "renewableWh": 0, "co2AvoidedMg": 0, "sources": []},
                  "settleTxId": "tx-settle-2"}]
                """), JSON.readTree(write(ConnectionOptions.Format.json, PROVENANCE, table)));
    }

    private static MarketSettings market(Mechanism mechanism, Objective objective) {
        return new MarketSettings(7, mechanism, objective, 30, 60, 366, "Asia/Tokyo", ClockMode.LEDGER, 0, 10_000,
                null, 2_620, 850, 450, List.of("solar"), Map.of(), 0, 100_000, 1_000_000, 1_000_000, 16,
                "2026-06-01T00:00:00Z", "operator", "tx-config");
    }

    @Test
    void theMarketConfigurationShowsTheObjectiveOnlyForOptimal() throws Exception {
        MarketSettings optimal = market(Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS);
        assertEquals("""
                VERSION  MECHANISM                SLOT MIN  GATE LEAD MIN  RETAIL JPY/KWH  BUY-BACK JPY/KWH  ZONE
                7        OPTIMAL/MAX_MIN_SURPLUS  30        60             26.20           8.50              Asia/Tokyo
                """, write(ConnectionOptions.Format.table, optimal, OperatorCommand.table(optimal)));
        MarketSettings uniform = market(Mechanism.UNIFORM_PRICE, null);
        assertEquals("""
                VERSION,MECHANISM,SLOT MIN,GATE LEAD MIN,RETAIL JPY/KWH,BUY-BACK JPY/KWH,ZONE
                7,UNIFORM_PRICE,30,60,26.20,8.50,Asia/Tokyo
                """, write(ConnectionOptions.Format.csv, uniform, OperatorCommand.table(uniform)));
    }
}
