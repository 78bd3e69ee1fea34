package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.GRID;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.P2peConnection;
import java.time.Duration;
import java.time.Instant;
import org.hyperledger.fabric.client.EndorseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Time a client cannot invent. Peers keep Fabric's 15-minute proposal timestamp window, so a
 * proposal stamped 20 minutes off is refused before any chaincode runs; and in LEDGER mode the
 * time rules (gate closure, meter readings after the slot's end) follow the ledger time the
 * operator sets, whatever timestamp a client puts on its proposal within the window.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedTimeIT {
    private static final Duration TWENTY_MINUTES = Duration.ofMinutes(20);
    /** Inside the peers' window: the peers accept it, so only the chaincode's rules can refuse. */
    private static final Duration FOURTEEN_MINUTES = Duration.ofMinutes(14);

    private Adversary household;
    private Adversary meter;
    private Adversary operator;
    private MarketSettings market;

    @BeforeAll
    void setUp() throws Exception {
        try (P2peConnection op = ItNetwork.connect(EXCHANGE, "operator")) {
            market = ItNetwork.ensureMarket(op.operator(), op);
            ItNetwork.ensureTraders(op.operator());
        }
        household = Adversary.of(RETAILER, "home-001");
        meter = Adversary.of(GRID, "meter");
        operator = Adversary.of(EXCHANGE, "operator");
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(household, meter, operator);
    }

    @Test
    void proposalsStampedTwentyMinutesOffAreRefusedByThePeers() throws Exception {
        for (Duration off : new Duration[] {TWENTY_MINUTES.negated(), TWENTY_MINUTES}) {
            Instant at = Instant.now().plus(off);
            EndorseException e = assertThrows(EndorseException.class,
                    () -> household.stampedAt(at, "config", "GetMarketConfig").endorse(), "stamped " + off);
            assertTrue(Adversary.details(e).contains("incorrect timestamp"), off + ": " + Adversary.details(e));
            EndorseException order = assertThrows(EndorseException.class, () -> household.stampedAt(at, "order",
                    "SubmitOrder", orderJson("fti-" + RUN + "-" + off.toMinutes(), market.slotAt(at.plus(Duration.ofDays(2)))))
                    .endorse(), "order stamped " + off);
            assertTrue(Adversary.details(order).contains("incorrect timestamp"), off + ": " + Adversary.details(order));
        }
        // The window is not zero: the same proposal stamped 14 minutes off is endorsed.
        household.stampedAt(Instant.now().minus(FOURTEEN_MINUTES), "config", "GetMarketConfig").endorse();
    }

    @Test
    void ledgerTimeRulesIgnoreTheProposalTimestamp() throws Exception {
        // Ledger time at least 2 h ahead of the wall clock: by the ledger, the gate of slot `closed`
        // passed 30-60 min ago, while by the wall clock (and by any timestamp a peer accepts) it
        // is at least an hour away.
        Instant ledger = operator.ensureLedgerClock(Instant.now().plus(Duration.ofHours(2)));
        Slot closed = market.slotAt(ledger.plus(Duration.ofMinutes(market.gateClosureLeadMinutes()))
                .minus(Duration.ofMinutes(30)));
        assertTrue(market.gateClosure(closed).isBefore(ledger)
                && market.gateClosure(closed).isAfter(Instant.now().plus(Duration.ofMinutes(30))), closed.toString());
        for (Duration stamp : new Duration[] {Duration.ZERO, FOURTEEN_MINUTES.negated()}) {
            EndorseException e = assertThrows(EndorseException.class, () -> household.stampedAt(
                    Instant.now().plus(stamp), "order", "SubmitOrder", orderJson("ftl-" + RUN + "-" + stamp.toMinutes(),
                            closed)).endorse());
            assertEquals("SLOT_CLOSED", Adversary.chaincodeCode(e), Adversary.details(e));
        }
        // A slot that by the ledger has not ended cannot take a meter reading, even stamped 14 min later.
        Slot notDelivered = market.slotAt(ledger.plus(Duration.ofMinutes(5)));
        String reading = Adversary.JSON.writeValueAsString(java.util.Map.of("participant", "RetailerOrgMSP:home-001",
                "slot", notDelivered.toString(), "importedWh", 100, "exportedWh", 0, "meterId", "m-home-001"));
        EndorseException early = assertThrows(EndorseException.class, () -> meter.stampedAt(
                Instant.now().plus(FOURTEEN_MINUTES), Adversary.readingTransient(reading), "meter",
                "RecordMeterReading").endorse());
        assertEquals("INVALID_STATE", Adversary.chaincodeCode(early), Adversary.details(early));
        // Nor can a trader close a slot before its gate (only the operator may close early) by
        // stamping CloseSlot ahead: the gate is 5-35 minutes of ledger time away.
        Slot toClose = market.next(market.slotAt(ledger.plus(Duration.ofMinutes(market.gateClosureLeadMinutes() + 5L))));
        EndorseException closeEarly = assertThrows(EndorseException.class, () -> household.stampedAt(
                Instant.now().plus(FOURTEEN_MINUTES), "slot", "CloseSlot", toClose.toString()).endorse());
        assertEquals("SLOT_OPEN", Adversary.chaincodeCode(closeEarly), Adversary.details(closeEarly));
    }

    private static String orderJson(String clientOrderId, Slot slot) throws Exception {
        return Adversary.JSON.writeValueAsString(java.util.Map.of("clientOrderId", clientOrderId, "slot", slot.toString(),
                "side", "BUY", "wh", 100, "price", 2_000));
    }
}
