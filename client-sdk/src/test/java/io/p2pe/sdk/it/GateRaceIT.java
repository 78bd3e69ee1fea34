package io.p2pe.sdk.it;

import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.sdk.ClearingRecord;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Gate closure's real guard is the committed {@code CloseSlot}: every order reads the slot's
 * state key (and, on LEDGER time, the clock key), so an order endorsed while the gate was open
 * but ordered after the CloseSlot is invalidated at commit (MVCC_READ_CONFLICT), whatever it did at
 * endorsement. 50 orders of 50 participants are endorsed while the slot is open; 20 are committed
 * first, 15 race the operator's clock advance and CloseSlot, 15 are sent after the CloseSlot
 * committed. The last 15 are all invalid, the first 20 all valid, and ClearSlot's
 * {@code orderCount} (and the slot's book) is exactly the valid ones.
 */
@EnabledIfEnvironmentVariable(named = "P2PE_NETWORK_DIR", matches = ".+")
class GateRaceIT {
    private static final int ORDERS = 50;
    private static final int FIRST = 20;
    private static final int RACING = 15;

    @Test
    void ordersAfterCloseSlotAreInvalidAndClearingCountsTheValidOnes() throws Exception {
        List<String> names = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            names.add(String.format("race-%s-%02d", RUN, i));
            lines.add("retailerorg " + names.get(i) + " participant");
        }
        LedgerDay.enroll(lines);
        List<Adversary> traders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (P2peConnection operator = ItNetwork.connect(EXCHANGE, "operator");
             Adversary clock = Adversary.of(EXCHANGE, "operator")) {
            MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
            List<Future<?>> registered = new ArrayList<>();
            for (String name : names) {
                registered.add(pool.submit(() -> operator.operator().ensureParticipant(ParticipantRegistration.of(name,
                        "HOUSEHOLD").withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"))));
            }
            for (Future<?> f : registered) {
                f.get();
            }
            LedgerDay day = new LedgerDay(clock, operator, market);
            Slot slot = day.openSlot();

            // Every order endorsed while the slot is open.
            List<Transaction> endorsed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                Adversary t = Adversary.of(RETAILER, names.get(i));
                traders.add(t);
                endorsed.add(t.contract("order").newProposal("SubmitOrder").addArguments(Adversary.JSON
                        .writeValueAsString(Map.of("clientOrderId", "gr-" + RUN + "-" + i, "slot", slot.toString(),
                                "side", "BUY", "wh", 1_000 + i, "price", 2_500)))
                        .build().endorse());
            }
            List<TxValidationCode> codes = new ArrayList<>();
            codes.addAll(submitAll(pool, endorsed.subList(0, FIRST)));
            CompletableFuture<Void> close = CompletableFuture.runAsync(() -> {
                try {
                    day.advanceToGateClosure(slot);
                    operator.operator().closeSlot(slot);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            codes.addAll(submitAll(pool, endorsed.subList(FIRST, FIRST + RACING)));
            close.get();
            codes.addAll(submitAll(pool, endorsed.subList(FIRST + RACING, ORDERS)));

            long valid = codes.stream().filter(c -> c == TxValidationCode.VALID).count();
            System.out.printf("gate race: %d orders, %d valid, racing the close: %s%n", ORDERS, valid,
                    codes.subList(FIRST, FIRST + RACING));
            assertTrue(codes.subList(0, FIRST).stream().allMatch(c -> c == TxValidationCode.VALID),
                    "orders committed before the close: " + codes.subList(0, FIRST));
            assertTrue(codes.subList(FIRST + RACING, ORDERS).stream().allMatch(c -> c == TxValidationCode.MVCC_READ_CONFLICT),
                    "orders sent after the close committed: " + codes.subList(FIRST + RACING, ORDERS));

            ClearingRecord clearing = operator.operator().clearSlot(slot);
            assertEquals(valid, clearing.clearing().orderCount(), "ClearSlot's orderCount vs valid orders");
            List<OrderRecord> book = operator.participant().slotBook(slot);
            assertEquals(valid, book.stream().filter(o -> o.clientOrderId().startsWith("gr-" + RUN + "-")).count());
        } finally {
            pool.shutdownNow();
            for (Adversary t : traders) {
                t.close();
            }
        }
    }

    private static List<TxValidationCode> submitAll(ExecutorService pool, List<Transaction> txs) throws Exception {
        List<Future<Status>> statuses = new ArrayList<>();
        for (Transaction tx : txs) {
            statuses.add(pool.submit(() -> Adversary.commit(tx)));
        }
        List<TxValidationCode> codes = new ArrayList<>();
        for (Future<Status> f : statuses) {
            codes.add(f.get().getCode());
        }
        return codes;
    }
}
