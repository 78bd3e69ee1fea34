package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** UNIFORM_PRICE on random books: the shared contract plus price, fills and trades by brute force. */
class UniformPriceClearingPropertiesTest extends ClearingMechanismContract {

    @Override
    Mechanism mechanism() {
        return Mechanism.UNIFORM_PRICE;
    }

    @Property(tries = 300)
    void matchesTheReferenceExactly(@ForAll("books") List<Order> orders) throws InvalidInputException {
        ClearingResult result = clear(orders);
        Long price = Reference.uniformPrice(orders);
        assertEquals(price, result.clearingPrice());
        TreeMap<String, Long> fills = Reference.uniformFills(Books.SLOT, orders);
        TreeMap<String, Long> actual = new TreeMap<>();
        result.fills().forEach(f -> actual.put(f.orderId(), f.filledWh()));
        assertEquals(fills, actual);
        List<Trade> trades = price == null ? List.of() : Reference.sorted(Reference.staircase(Books.SLOT, orders, fills, price));
        assertEquals(trades, result.trades());
    }
}
