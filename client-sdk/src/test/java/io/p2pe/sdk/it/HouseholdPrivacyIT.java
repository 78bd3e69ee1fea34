package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.market.Slot;
import io.p2pe.protocol.SettlementRecord;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A household's reading and settlement line on a 4-org network (integration-test.sh's privacy
 * phase, P2PE_IT_PRIVACY=1): in clear on the peers of the orgs that hold RetailerOrg's collection
 * (RetailerOrg, GridOrg, ExchangeOrg), nowhere on MunicipalityOrg's peer — not in its blocks (no
 * argument, return value or event carries the figures), not in its private data store (its admin's
 * block-and-private-data stream has no value of the collection, and the chaincode evaluated on its
 * peer finds none) — while MunicipalityOrg can check a record it is shown against the hash its
 * ledger holds, and a tampered record is a HASH_MISMATCH. The distinctive figures are written to
 * {@code privacy-markers.txt} in the network directory, for the script's peer CLI check of the
 * same blocks (peer channel fetch + configtxlator).
 */
@EnabledIfEnvironmentVariable(named = "P2PE_IT_PRIVACY", matches = "1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HouseholdPrivacyIT {
    private static final String MUNICIPALITY = "municipalityorg";
    private static final String HOME = "RetailerOrgMSP:home-001";
    /** The household's imported Wh: six digits no other figure of the test network has. */
    private static final long IMPORTED_WH = 917_263;
    private static final String MARKER = Long.toString(IMPORTED_WH);
    /**
     * A second household's import in the slot: the slot's public total (917263 + 5011 = 922274 Wh)
     * is then no single household's figure. With one metered household the public totals would
     * tell its reading (docs/privacy.md).
     */
    private static final long OTHER_IMPORTED_WH = 5_011;
    private static final String PUBLIC_TOTAL = Long.toString(IMPORTED_WH + OTHER_IMPORTED_WH);
    private P2peConnection operator;
    private P2peConnection auditor;
    private P2peConnection home1;
    private P2peConnection biz;
    private P2peConnection meter;
    private Adversary municipalityAdmin;
    private Adversary retailerAdmin;
    private Adversary operatorRaw;
    private LedgerDay day;
    private Slot slot;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        auditor = ItNetwork.connect(EXCHANGE, "auditor");
        home1 = ItNetwork.connect(RETAILER, "home-001");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        meter = ItNetwork.connect(GRID, "meter");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        operatorRaw = Adversary.of(EXCHANGE, "operator");
        day = new LedgerDay(operatorRaw, operator, market);
        slot = day.clearedTrade(home1, biz, "hpi-" + RUN);
        LedgerDay.readings(meter, slot, List.of(new Object[] {HOME, IMPORTED_WH, 0L},
                new Object[] {"RetailerOrgMSP:home-002", OTHER_IMPORTED_WH, 0L},
                new Object[] {ItNetwork.BIZ_001, 0L, 1_000L}));
        assertEquals(IMPORTED_WH + OTHER_IMPORTED_WH, operator.operator().settleSlot(slot).settlement().importedWh());
        municipalityAdmin = Adversary.of(MUNICIPALITY, "Admin");
        retailerAdmin = Adversary.of(RETAILER, "Admin");
        // For the script's peer CLI check: the private figure, the public total, the slot.
        Files.writeString(ItNetwork.dir().resolve("privacy-markers.txt"), MARKER + "\n" + PUBLIC_TOTAL + "\n" + slot
                + "\n");
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, auditor, home1, biz, meter, municipalityAdmin, retailerAdmin, operatorRaw,
                day == null ? null : day.clock());
    }

    @Test
    void theEntitledOrgsReadTheLineAndItsHashMatches() throws Exception {
        SettlementRecord own = home1.participant().settlements(slot, slot).get(0);
        assertEquals(IMPORTED_WH, own.line().importedWh());
        String text = auditor.audit().privateRecordText("settlement", HOME, slot);
        JsonNode stored = Adversary.JSON.readTree(text);
        assertEquals(IMPORTED_WH, stored.get("line").get("importedWh").asLong());
        assertEquals(32, stored.get("salt").asText().length());
        assertTrue(auditor.audit().recordHashMatches("settlement", HOME, slot, text));
        String reading = auditor.audit().privateRecordText("reading", HOME, slot);
        assertTrue(reading.contains("\"importedWh\":" + MARKER), reading);
        assertTrue(auditor.audit().recordHashMatches("reading", HOME, slot, reading));
    }

    /** The height of the channel as {@code who}'s peer has it (qscc GetChainInfo). */
    private static long height(Adversary who) throws Exception {
        return BlockchainInfo.parseFrom(who.network().getContract("qscc").evaluateTransaction("GetChainInfo",
                who.channelName())).getHeight();
    }

    /** Whether any block (with the private data the peer holds for it) up to the height carries the figure. */
    private static boolean blocksCarry(Adversary admin, long height, String figure) throws Exception {
        boolean found = false;
        try (CloseableIterator<BlockAndPrivateData> blocks = admin.network().newBlockAndPrivateDataEventsRequest()
                .startBlock(0).build().getEvents(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))) {
            for (long n = 0; n < height; n++) {
                BlockAndPrivateData b = blocks.next();
                assertEquals(n, b.getBlock().getHeader().getNumber());
                found |= b.toByteString().toStringUtf8().contains(figure);
            }
        }
        return found;
    }

    @Test
    @Timeout(180)
    void municipalityOrgsPeerHasNeitherTheReadingNorTheLineInClear() throws Exception {
        long height = height(municipalityAdmin);
        assertFalse(blocksCarry(municipalityAdmin, height, MARKER),
                "a block or private data on MunicipalityOrg's peer holds " + MARKER);
        // The controls: the public totals are in MunicipalityOrg's blocks, and RetailerOrg's peer
        // holds the household's value (its private data of the same blocks).
        assertTrue(blocksCarry(municipalityAdmin, height, PUBLIC_TOTAL), "the slot's public total " + PUBLIC_TOTAL);
        assertTrue(blocksCarry(retailerAdmin, height(retailerAdmin), MARKER),
                "RetailerOrg's peer should hold the household's reading");
    }

    @Test
    void theChaincodeOnMunicipalityOrgsPeerFindsNoValueWhileExchangeOrgsPeerDoes() throws Exception {
        // The operator may read any household; asked on MunicipalityOrg's peer, that peer has no value.
        String answer;
        try {
            answer = new String(operatorRaw.contract("meter").newProposal("GetMeterReading")
                    .addArguments(HOME, slot.toString()).setEndorsingOrganizations("MunicipalityOrgMSP").build()
                    .evaluate(), StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            answer = Adversary.details(e);
        }
        assertFalse(answer.contains(MARKER), answer);
        String onExchange = new String(operatorRaw.contract("meter").newProposal("GetMeterReading")
                .addArguments(HOME, slot.toString()).setEndorsingOrganizations("ExchangeOrgMSP").build().evaluate(),
                StandardCharsets.UTF_8);
        assertTrue(onExchange.contains("\"importedWh\":" + MARKER), onExchange);
        // MunicipalityOrg's admin is refused by the chaincode's access rule as well.
        GatewayException refused = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class,
                () -> municipalityAdmin.contract("settlement").evaluateTransaction("GetSettlement", HOME,
                        slot.toString()));
        assertTrue(Adversary.details(refused).contains("FORBIDDEN"), Adversary.details(refused));
    }

    @Test
    void municipalityOrgChecksARecordItIsShownAgainstItsOwnLedger() throws Exception {
        String shown = auditor.audit().privateRecordText("settlement", HOME, slot);
        String match = new String(municipalityAdmin.contract("provenance").newProposal("VerifyRecordHash")
                .addArguments("settlement", HOME, slot.toString(), shown).setEndorsingOrganizations("MunicipalityOrgMSP")
                .build().evaluate(), StandardCharsets.UTF_8);
        assertTrue(match.contains("\"match\":true"), match);
        String tampered = shown.replace("\"importedWh\":" + MARKER, "\"importedWh\":" + (IMPORTED_WH - 1));
        GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class,
                () -> municipalityAdmin.contract("provenance").newProposal("VerifyRecordHash")
                        .addArguments("settlement", HOME, slot.toString(), tampered)
                        .setEndorsingOrganizations("MunicipalityOrgMSP").build().evaluate());
        assertTrue(Adversary.details(e).contains("HASH_MISMATCH"), Adversary.details(e));
        assertFalse(auditor.audit().recordHashMatches("settlement", HOME, slot, tampered));
    }
}
