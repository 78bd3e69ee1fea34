package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties every mechanism without wheeling must have, checked on random books against the
 * brute-force {@link Reference}. Subclasses name the mechanism.
 */
abstract class ClearingMechanismContract {

    abstract Mechanism mechanism();

    @Provide
    Arbitrary<List<Order>> books() {
        return RandomBooks.books();
    }

    ClearingResult clear(List<Order> orders) throws InvalidInputException {
        return Clearing.clear(Books.input(mechanism(), orders));
    }

    @Property(tries = 300)
    void volumeIsTheLargestTradableVolume(@ForAll("books") List<Order> orders) throws InvalidInputException {
        assertEquals(Reference.qStar(orders), clear(orders).volumeWh());
    }

    @Property(tries = 300)
    void fillsAgreeWithTradesAndLimits(@ForAll("books") List<Order> orders) throws InvalidInputException {
        ClearingResult result = clear(orders);
        TreeMap<String, Order> byId = new TreeMap<>();
        orders.forEach(o -> byId.put(o.id(), o));
        TreeMap<String, Long> fromTrades = new TreeMap<>();
        orders.forEach(o -> fromTrades.put(o.id(), 0L));
        long buyTotal = 0;
        long sellTotal = 0;
        long surplus = 0;
        for (Trade t : result.trades()) {
            Order buy = byId.get(t.buyOrderId());
            Order sell = byId.get(t.sellOrderId());
            assertEquals(Side.BUY, buy.side());
            assertEquals(Side.SELL, sell.side());
            assertTrue(t.wh() > 0, "trades carry energy");
            assertEquals(0, t.wheelingFee());
            assertTrue(buy.price() >= t.price() && t.price() >= sell.price(), "limits respected: " + t);
            fromTrades.merge(t.buyOrderId(), t.wh(), Long::sum);
            fromTrades.merge(t.sellOrderId(), t.wh(), Long::sum);
            buyTotal += t.wh();
            sellTotal += t.wh();
            surplus += (buy.price() - sell.price()) * t.wh();
        }
        List<String> ids = new ArrayList<>(fromTrades.keySet());
        assertEquals(ids, result.fills().stream().map(Fill::orderId).toList(), "one fill per order, by id");
        for (Fill f : result.fills()) {
            assertEquals(fromTrades.get(f.orderId()), f.filledWh(), "fill = sum of trades");
            assertTrue(f.filledWh() <= byId.get(f.orderId()).wh(), "never more than the order");
        }
        assertEquals(buyTotal, result.volumeWh());
        assertEquals(sellTotal, result.volumeWh());
        assertEquals(surplus, result.surplus());
        assertTrue(result.surplus() >= 0);
        List<Trade> sorted = Reference.sorted(result.trades());
        assertEquals(sorted, result.trades(), "trades sorted by (buyOrderId, sellOrderId)");
        assertEquals(sorted.size(), sorted.stream().map(t -> t.buyOrderId() + "|" + t.sellOrderId()).distinct().count(),
                "one trade per pair");
    }

    @Property(tries = 200)
    void outputIsByteIdenticalUnderShuffles(@ForAll("books") List<Order> orders, @ForAll Random random)
            throws InvalidInputException {
        String expected = MarketJson.writeResult(clear(orders));
        List<Order> shuffled = new ArrayList<>(orders);
        Collections.shuffle(shuffled, random);
        assertEquals(expected, MarketJson.writeResult(clear(shuffled)));
        ClearingInput roundTrip = MarketJson.readInput(MarketJson.writeInput(Books.input(mechanism(), shuffled)));
        assertEquals(expected, MarketJson.writeResult(Clearing.clear(roundTrip)));
    }
}
