package io.p2pe.sdk.it;

import io.p2pe.protocol.ErrorCode;
import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.MeterReadingRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Meter writes need the grid operator's endorsement on every key they write. The chaincode's own
 * policy is any 2 of 3 orgs, so a reading endorsed by ExchangeOrg's and RetailerOrg's peers alone
 * satisfies it; every meter record is in the private data collection of the participant's org
 * ({@code private-RetailerOrgMSP} here: RetailerOrg, GridOrg, ExchangeOrg), whose
 * collection-level endorsement policy (GridOrg and one of ExchangeOrg, RetailerOrg) Fabric checks
 * for every write of it, creating writes included, so the transaction is invalid at commit. Tried
 * for a participant never metered before (no key of it exists) and for one already metered, for a
 * reading, a first source attestation and a meter binding; then the honest reading, endorsed with
 * GridOrg, is accepted in the same slot (so the refused one wrote nothing). docs/security.md section 5.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterEndorsementIT {
    private final String fresh = "meter-fresh-" + RUN;
    private P2peConnection operator;
    private P2peConnection meter;
    private Adversary meterRaw;
    private Adversary clock;
    private Slot delivered;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        LedgerDay.enroll(List.of("retailerorg " + fresh + " participant"));
        operator.operator().ensureParticipant(ParticipantRegistration.of(fresh, "HOUSEHOLD").withMspId("RetailerOrgMSP")
                .withLocation("tokyo/setagaya/seijo/feeder-2"));
        meter = ItNetwork.connect(GRID, "meter");
        meterRaw = Adversary.of(GRID, "meter");
        clock = Adversary.of(EXCHANGE, "operator");
        delivered = new LedgerDay(clock, operator, market).deliveredSlot();
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, meter, meterRaw, clock);
    }

    /** Endorsed by the given orgs' peers only, submitted, and its validation code. */
    private TxValidationCode withoutGridOrg(String contract, String function, String... args) throws Exception {
        return withoutGridOrg(Map.of(), contract, function, args);
    }

    /** {@link #withoutGridOrg(String, String, String...)} with a transient map (a reading travels in it). */
    private TxValidationCode withoutGridOrg(Map<String, byte[]> transientData, String contract, String function,
                                            String... args) throws Exception {
        Status status = Adversary.commit(meterRaw.contract(contract).newProposal(function).addArguments(args)
                .putAllTransient(transientData).setEndorsingOrganizations("ExchangeOrgMSP", "RetailerOrgMSP").build()
                .endorse());
        return status.getCode();
    }

    private static String reading(String participant, Slot slot, long importedWh) throws Exception {
        return Adversary.JSON.writeValueAsString(Map.of("participant", participant, "slot", slot.toString(),
                "importedWh", importedWh, "exportedWh", 0, "meterId", "m-" + participant.substring(participant.indexOf(':') + 1)));
    }

    @Test
    void readingOfANeverMeteredParticipantWithoutGridOrgIsInvalid() throws Exception {
        String participant = "RetailerOrgMSP:" + fresh;
        assertEquals(TxValidationCode.ENDORSEMENT_POLICY_FAILURE,
                withoutGridOrg(Adversary.readingTransient(reading(participant, delivered, 9_999)), "meter",
                        "RecordMeterReading"));
        // Nothing was written: the honest reading of the same slot is the first.
        meter.operator().recordMeterReading(new MeterReadingRequest(participant, delivered, 400, 0, "m-" + fresh));
        assertEquals(400, meter.operator().meterReading(participant, delivered).importedWh());
    }

    @Test
    void readingOfAMeteredParticipantWithoutGridOrgIsInvalid() throws Exception {
        String participant = "RetailerOrgMSP:home-002";
        Slot before = meterSlotBefore(delivered);
        try {
            meter.operator().recordMeterReading(new MeterReadingRequest(participant, before, 100, 0, "m-home-002"));
        } catch (io.p2pe.sdk.EndorsementRejectedException e) {
            // Metered there by an earlier run on this network: metered all the same.
            assertEquals("ALREADY_EXISTS", e.errorCode().map(ErrorCode::name).orElse(e.getMessage()));
        }
        assertEquals(TxValidationCode.ENDORSEMENT_POLICY_FAILURE,
                withoutGridOrg(Adversary.readingTransient(reading(participant, delivered, 9_999)), "meter",
                        "RecordMeterReading"));
    }

    @Test
    void sourceAttestationOfANeverAttestedParticipantWithoutGridOrgIsInvalid() throws Exception {
        // A renewable label forged by two orgs: the first attestation of a participant.
        assertEquals(TxValidationCode.ENDORSEMENT_POLICY_FAILURE,
                withoutGridOrg("meter", "AttestSource", "RetailerOrgMSP:" + fresh, "solar"));
    }

    @Test
    void meterBindingWithoutGridOrgIsInvalid() throws Exception {
        assertEquals(TxValidationCode.ENDORSEMENT_POLICY_FAILURE,
                withoutGridOrg("meter", "BindMeter", "RetailerOrgMSP:" + fresh, "m-forged-" + RUN));
    }

    private Slot meterSlotBefore(Slot slot) {
        return new Slot(slot.start().minusMinutes(slot.lengthMinutes()), slot.lengthMinutes());
    }
}
