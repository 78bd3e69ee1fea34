package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import java.util.Map;
import org.hyperledger.fabric.client.EndorseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Renewable is a property of the asset, not of the order: a seller's source type comes from its
 * registration (attested by the grid operator). A household registered without PV that puts
 * {@code "sourceType":"solar"} into a SELL, or a solar business that relabels its export as
 * wind, is refused and nothing is stored; an order without the field carries the registered type.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenewableLabelIT {
    private P2peConnection operator;
    private P2peConnection home2;
    private P2peConnection biz;
    private Adversary home2Raw;
    private Adversary bizRaw;
    private Adversary clock;
    private Slot slot;

    @BeforeAll
    void setUp() throws Exception {
        operator = ItNetwork.connect(EXCHANGE, "operator");
        MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
        ItNetwork.ensureTraders(operator.operator());
        home2 = ItNetwork.connect(RETAILER, "home-002");
        biz = ItNetwork.connect(EXCHANGE, "biz-001");
        home2Raw = Adversary.of(RETAILER, "home-002");
        bizRaw = Adversary.of(EXCHANGE, "biz-001");
        clock = Adversary.of(EXCHANGE, "operator");
        slot = new LedgerDay(clock, operator, market).openSlot();
    }

    @AfterAll
    void tearDown() throws Exception {
        ItNetwork.closeAll(operator, home2, biz, home2Raw, bizRaw, clock);
    }

    private String forged(Adversary seller, String clientOrderId, String sourceType) {
        EndorseException e = assertThrows(EndorseException.class, () -> seller.contract("order")
                .newProposal("SubmitOrder").addArguments(Adversary.JSON.writeValueAsString(Map.of(
                        "clientOrderId", clientOrderId, "slot", slot.toString(), "side", "SELL", "wh", 2_000,
                        "price", 1_000, "sourceType", sourceType)))
                .build().endorse(), clientOrderId + " with sourceType " + sourceType);
        return Adversary.chaincodeCode(e);
    }

    @Test
    void gridMixSellerCannotLabelItsExportSolar() throws Exception {
        String id = "rl-" + RUN + "-h";
        assertEquals("INVALID_FORMAT", forged(home2Raw, id, "solar"));
        assertTrue(home2.participant().myOrders(slot).stream().noneMatch(o -> o.clientOrderId().equals(id)));
    }

    @Test
    void solarSellerCannotRelabelItsExport() throws Exception {
        assertEquals("INVALID_FORMAT", forged(bizRaw, "rl-" + RUN + "-w", "wind"));
        // Without the field the order carries the registered source type.
        OrderRecord plain = biz.participant().submitOrder(OrderRequest.sell("rl-" + RUN + "-p", slot, 2_000, 1_000));
        assertEquals("solar", plain.sourceType());
    }
}
