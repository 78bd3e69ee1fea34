package io.p2pe.sdk.it;

import io.p2pe.protocol.ErrorCode;
import static io.p2pe.sdk.it.ItNetwork.EXCHANGE;
import static io.p2pe.sdk.it.ItNetwork.RETAILER;
import static io.p2pe.sdk.it.ItNetwork.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SlotState;
import io.p2pe.sdk.EndorsementRejectedException;
import io.p2pe.sdk.MarketSettings;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.ParticipantRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A slot whose book is larger than the peers' range-query limit ({@code totalQueryLimit}, which
 * Fabric applies silently: a scan just stops) is refused with a code, never cleared on part of its
 * book: ClearSlot refuses it with BEYOND_LIMITS and the slot stays CLOSED. Runs on a network
 * started with a small limit ({@code P2PE_TOTAL_QUERY_LIMIT=50 network.sh up}, the second phase of
 * integration-test.sh), read from the network's {@code network.env}; the market configuration's
 * {@code totalQueryLimit} is set to the peers' limit, as docs/chaincode.md ("Limits") requires.
 */
@EnabledIf("smallQueryLimit")
class QueryLimitIT {
    private static final int PARTICIPANTS = 13;

    static long queryLimit() {
        String dir = System.getenv("P2PE_NETWORK_DIR");
        if (dir == null) {
            return Long.MAX_VALUE;
        }
        try {
            for (String line : Files.readAllLines(Path.of(dir, "network.env"))) {
                if (line.startsWith("TOTAL_QUERY_LIMIT=")) {
                    return Long.parseLong(line.substring("TOTAL_QUERY_LIMIT=".length()).trim());
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    static boolean smallQueryLimit() {
        return queryLimit() <= 1_000;
    }

    @Test
    void bookBeyondTheQueryLimitIsRefusedNotClearedInPart() throws Exception {
        long limit = queryLimit();
        int perParticipant = (int) (limit / PARTICIPANTS + 1);
        List<String> names = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            names.add(String.format("ql-%s-%02d", RUN, i));
            lines.add("retailerorg " + names.get(i) + " participant");
        }
        LedgerDay.enroll(lines);
        ExecutorService pool = Executors.newFixedThreadPool(PARTICIPANTS);
        List<P2peConnection> traders = new ArrayList<>();
        try (P2peConnection operator = ItNetwork.connect(EXCHANGE, "operator");
             Adversary clock = Adversary.of(EXCHANGE, "operator")) {
            MarketSettings market = ItNetwork.ensureMarket(operator.operator(), operator);
            clock.reconfigure(java.util.Map.of("totalQueryLimit", limit));
            for (String name : names) {
                operator.operator().ensureParticipant(ParticipantRegistration.of(name, "HOUSEHOLD")
                        .withMspId("RetailerOrgMSP").withLocation("tokyo/setagaya/seijo/feeder-2"));
                traders.add(ItNetwork.connect(RETAILER, name));
            }
            LedgerDay day = new LedgerDay(clock, operator, market);
            Slot slot = day.openSlot();
            List<Future<?>> submitted = new ArrayList<>();
            for (int p = 0; p < PARTICIPANTS; p++) {
                P2peConnection t = traders.get(p);
                int participant = p;
                submitted.add(pool.submit(() -> {
                    for (int k = 0; k < perParticipant; k++) {
                        t.participant().submitOrder(OrderRequest.buy("ql-" + RUN + "-" + participant + "-" + k, slot,
                                100 + k, 2_000));
                    }
                    return null;
                }));
            }
            for (Future<?> f : submitted) {
                f.get();
            }
            long orders = (long) perParticipant * PARTICIPANTS;
            assertTrue(orders > limit, orders + " orders vs limit " + limit);

            day.advanceToGateClosure(slot);
            String code;
            try {
                operator.operator().closeSlot(slot);
                code = ItNetwork.refusal(() -> operator.operator().clearSlot(slot));
            } catch (EndorsementRejectedException closeRefused) {
                code = closeRefused.errorCode().map(ErrorCode::name).orElse("no code in: " + closeRefused.getMessage());
            }
            System.out.printf("query limit %d, book of %d orders: refused with %s%n", limit, orders, code);
            assertEquals("BEYOND_LIMITS", code);
            assertEquals(SlotState.Status.CLOSED, operator.operator().slot(slot).status(), "the slot stays CLOSED");
            assertEquals(orders, operator.participant().slotBook(slot).size(), "the book, paged, is complete");
        } finally {
            pool.shutdownNow();
            for (P2peConnection t : traders) {
                t.close();
            }
        }
    }
}
