package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** PAY_AS_BID on random books: the shared contract plus the exact trades of the reference. */
class PayAsBidClearingPropertiesTest extends ClearingMechanismContract {

    @Override
    Mechanism mechanism() {
        return Mechanism.PAY_AS_BID;
    }

    @Property(tries = 300)
    void matchesTheReferenceExactly(@ForAll("books") List<Order> orders) throws InvalidInputException {
        ClearingResult result = clear(orders);
        assertNull(result.clearingPrice());
        assertEquals(Reference.sorted(Reference.payAsBid(Books.SLOT, orders)), result.trades());
    }
}
