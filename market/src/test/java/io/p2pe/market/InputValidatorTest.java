package io.p2pe.market;

import static io.p2pe.market.Books.buy;
import static io.p2pe.market.Books.sell;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every rule of docs/market-rules.md with its exact message and code, and the fixed reporting order. */
class InputValidatorTest {
    private static final String ID_REFUSAL = "field 'id' must be 1-64 characters of [A-Za-z0-9._:/-], got ";

    private static ClearingInput input(Order... orders) {
        return Books.input(Mechanism.UNIFORM_PRICE, orders);
    }

    private static void assertRefused(ClearingInput input, MarketErrorCode code, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InputValidator.validate(input));
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
    }

    /** The book refused at order {@code refused}, whose participant also has {@code otherSide} order {@code first}. */
    private static void assertBothSides(String refused, String participant, Side otherSide, String first, Order... book) {
        assertRefused(input(book), MarketErrorCode.BOTH_SIDES, "order " + refused + ": field 'participant' must be on"
                + " one side per slot, \"" + participant + "\" also has " + otherSide + " order " + first);
    }

    private static Order order(String id, String participant, Side side, long wh, long price, String location) {
        return new Order(id, participant, side, wh, price, GridLocation.parse(location));
    }

    @Test
    void acceptsTheBoundaries() {
        assertDoesNotThrow(() -> InputValidator.validate(input(
                order("A-Za-z0-9._:/-".repeat(4) + "abcdefgh", "p".repeat(128), Side.BUY, 1, -1_000_000, "a/b"),
                order("x", "q", Side.SELL, 1_000_000_000, 10_000_000, null))));
        assertDoesNotThrow(() -> InputValidator.validate(new ClearingInput(Books.SLOT, Mechanism.OPTIMAL,
                Objective.MAX_VOLUME, new WheelingSchedule(List.of(0L, 10_000_000L)), List.of())));
    }

    @Test
    void slotMustBeASlotStartWithOffset() {
        assertRefused(new ClearingInput("2026-06-17 12:00", Mechanism.UNIFORM_PRICE, null, null, List.of()),
                MarketErrorCode.INVALID_FORMAT,
                "field 'slot' must be a slot start like 2026-06-17T12:00+09:00, got \"2026-06-17 12:00\"");
        assertRefused(new ClearingInput("2026-02-30T12:00+09:00", Mechanism.UNIFORM_PRICE, null, null, List.of()),
                MarketErrorCode.INVALID_FORMAT,
                "field 'slot' must be a slot start like 2026-06-17T12:00+09:00, got \"2026-02-30T12:00+09:00\"");
        assertDoesNotThrow(() -> InputValidator.validate(
                new ClearingInput("2026-06-17T03:00Z", Mechanism.UNIFORM_PRICE, null, null, List.of())));
    }

    @Test
    void objectiveIsRequiredForOptimalOnly() {
        assertRefused(new ClearingInput(Books.SLOT, Mechanism.OPTIMAL, null, null, List.of()),
                MarketErrorCode.MISSING_FIELD, "field 'objective' is required when mechanism is OPTIMAL");
        assertDoesNotThrow(() -> InputValidator.validate(input()));
    }

    @Test
    void wheelingLevelsMustBeInRange() {
        assertRefused(new ClearingInput(Books.SLOT, Mechanism.UNIFORM_PRICE, null,
                        new WheelingSchedule(List.of(0L, -1L, 10_000_001L)), List.of()),
                MarketErrorCode.OUT_OF_RANGE, "field 'wheeling.levels[1]' must be between 0 and 10000000, got -1");
        assertRefused(new ClearingInput(Books.SLOT, Mechanism.UNIFORM_PRICE, null,
                        new WheelingSchedule(List.of(10_000_001L)), List.of()),
                MarketErrorCode.OUT_OF_RANGE,
                "field 'wheeling.levels[0]' must be between 0 and 10000000, got 10000001");
    }

    @Test
    void idMustMatchThePattern() {
        assertRefused(input(buy("b 1", 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"b 1\"");
        assertRefused(input(buy("", 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"\"");
        assertRefused(input(buy("b\n1", 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"b\\n1\"");
        assertRefused(input(buy("é", 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"é\"");
        assertRefused(input(buy("a".repeat(65), 1, 1)), MarketErrorCode.INVALID_FORMAT,
                ID_REFUSAL + "\"" + "a".repeat(64) + "\"... (65 characters)");
    }

    @Test
    void idCharactersPastTheTenthAreChecked() {
        // The radix sort reads ids ten characters at a time; characters 11 to 64 are checked apart.
        for (String bad : List.of("abcdefghij!", "abcdefghij\u0080", "abcdefghijklmnopqrstuvwxyz{", "a".repeat(63) + "@")) {
            assertRefused(input(buy("a1", 1, 1), buy(bad, 1, 1), buy("zz", 1, 1)), MarketErrorCode.INVALID_FORMAT,
                    ID_REFUSAL + MessageText.quote(bad));
        }
    }

    @Test
    void idCharactersAtTheEdgesOfEachRange() {
        // "~" (no id character, and after every id character) sends the book to the comparator path;
        // both paths accept the edge characters and refuse their neighbours.
        List<Order> edges = new ArrayList<>();
        for (String id : List.of("-", ".", "/", "0", "9", ":", "A", "Z", "_", "a", "z", "a".repeat(64))) {
            edges.add(buy(id, 1, 1));
        }
        assertDoesNotThrow(() -> InputValidator.validate(Books.input(Mechanism.UNIFORM_PRICE, edges)));
        edges.add(buy("~", 1, 1));
        assertRefused(Books.input(Mechanism.UNIFORM_PRICE, edges), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"~\"");
        for (String bad : List.of(",", ";", "@", "[", "`", "{")) {
            assertRefused(input(buy(bad, 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + MessageText.quote(bad));
            assertRefused(input(buy(bad, 1, 1), buy("~", 1, 1)), MarketErrorCode.INVALID_FORMAT,
                    ID_REFUSAL + MessageText.quote(bad));
        }
        // The empty id and a 65-character one sort before "~" and are the ones named.
        assertRefused(input(buy("", 1, 1), buy("~", 1, 1)), MarketErrorCode.INVALID_FORMAT, ID_REFUSAL + "\"\"");
        assertRefused(input(buy("a".repeat(65), 1, 1), buy("~", 1, 1)), MarketErrorCode.INVALID_FORMAT,
                ID_REFUSAL + "\"" + "a".repeat(64) + "\"... (65 characters)");
    }

    @Test
    void participantMustBeShortPrintableAndPresent() {
        assertRefused(input(order("b1", "", Side.BUY, 1, 1, null)), MarketErrorCode.INVALID_FORMAT,
                "order b1: field 'participant' must not be empty");
        assertRefused(input(order("b1", "p".repeat(129), Side.BUY, 1, 1, null)), MarketErrorCode.INVALID_FORMAT,
                "order b1: field 'participant' must be at most 128 characters, got 129");
        assertRefused(input(order("b1", "home\t1", Side.BUY, 1, 1, null)), MarketErrorCode.INVALID_FORMAT,
                "order b1: field 'participant' must not contain control characters, got \"home\\t1\"");
    }

    @Test
    void whMustBeInRange() {
        assertRefused(input(buy("b1", 0, 1)), MarketErrorCode.OUT_OF_RANGE,
                "order b1: field 'wh' must be between 1 and 1000000000, got 0");
        assertRefused(input(sell("s1", 1_000_000_001, 1)), MarketErrorCode.OUT_OF_RANGE,
                "order s1: field 'wh' must be between 1 and 1000000000, got 1000000001");
        assertRefused(input(sell("s1", -5, 1)), MarketErrorCode.OUT_OF_RANGE,
                "order s1: field 'wh' must be between 1 and 1000000000, got -5");
    }

    @Test
    void priceMustBeInRange() {
        assertRefused(input(buy("b1", 1, -1_000_001)), MarketErrorCode.OUT_OF_RANGE,
                "order b1: field 'price' must be between -1000000 and 10000000, got -1000001");
        assertRefused(input(buy("b1", 1, 10_000_001)), MarketErrorCode.OUT_OF_RANGE,
                "order b1: field 'price' must be between -1000000 and 10000000, got 10000001");
    }

    @Test
    void locationSegmentsMustBeNonEmpty() {
        String rule = "order b1: field 'location' must be a /-separated path of non-empty segments without"
                + " control characters, got ";
        for (String bad : List.of("tokyo//feeder-1", "/tokyo", "tokyo/", "/")) {
            assertRefused(input(order("b1", "p", Side.BUY, 1, 1, bad)), MarketErrorCode.INVALID_FORMAT,
                    rule + MessageText.quote(bad));
        }
        assertRefused(input(order("b1", "p", Side.BUY, 1, 1, "tokyo/\u0007")), MarketErrorCode.INVALID_FORMAT,
                rule + "\"tokyo/\\u0007\"");
    }

    @Test
    void idsMustBeUnique() {
        assertRefused(input(buy("b1", 1, 1), sell("b1", 1, 1), buy("b1", 2, 1)), MarketErrorCode.DUPLICATE_ORDER_ID,
                "order b1: field 'id' must be unique in the slot, got 3 orders with this id");
    }

    @Test
    void everyOrderWithARepeatedIdIsCounted() {
        // Runs of one id longer than the sort's small runs (16), ids ending before, at and after
        // the tenth and twentieth character, with unique ids around them.
        for (String id : List.of("dup", "abcdefghij", "abcdefghijk", "20260617T0300Z-dup", "20260617T0300Z-dupl",
                "20260617T0300Z-dupli", "20260617T0300Z-duplicate")) {
            for (int copies : List.of(2, 17, 40)) {
                List<Order> book = new ArrayList<>();
                for (int i = 0; i < copies; i++) {
                    book.add(buy(id, 1 + i, 1));
                }
                book.add(buy(id + "0", 1, 1));
                book.add(buy("0" + id, 1, 1));
                assertRefused(Books.input(Mechanism.UNIFORM_PRICE, book), MarketErrorCode.DUPLICATE_ORDER_ID,
                        "order " + id + ": field 'id' must be unique in the slot, got " + copies + " orders with this id");
            }
        }
        // Repeated ids sorted last, after unique ones.
        assertRefused(input(buy("a", 1, 1), buy("z", 1, 1), buy("z", 2, 1)), MarketErrorCode.DUPLICATE_ORDER_ID,
                "order z: field 'id' must be unique in the slot, got 2 orders with this id");
    }

    @Test
    void aRepeatedIdAmongManySharingTheirFirstCharactersIsFound() {
        // 30 ledger ids share the first 15 characters: the sort tells them apart by the next ten,
        // and only a comparison can find the one pair that is equal.
        for (String repeated : List.of("20260617T0300Z-00017", "20260617T0300Z-0001700000000")) {
            List<Order> book = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                book.add(buy(String.format("20260617T0300Z-%05d", i) + (repeated.length() > 20 ? "00000000" : ""), 1, 1));
            }
            book.add(sell(repeated, 5, 1));
            assertRefused(Books.input(Mechanism.UNIFORM_PRICE, book), MarketErrorCode.DUPLICATE_ORDER_ID,
                    "order " + repeated + ": field 'id' must be unique in the slot, got 2 orders with this id");
            book.remove(book.size() - 1);
            assertDoesNotThrow(() -> InputValidator.validate(Books.input(Mechanism.UNIFORM_PRICE, book)));
        }
        // Three ids that agree in their first ten characters, and no repeat.
        assertDoesNotThrow(() -> InputValidator.validate(input(buy("20260617T0300Z-b", 1, 1),
                buy("20260617T0300Z-a", 1, 1), sell("20260617T0300Z-c", 1, 1))));
    }

    @Test
    void aParticipantsOrdersAreFoundWhereverTheirIdsSort() {
        // home-1's BUY a and SELL c with home-2's b between them in id order.
        assertBothSides("c", "home-1", Side.BUY, "a",
                order("c", "home-1", Side.SELL, 1, 1, null), order("b", "home-2", Side.BUY, 1, 1, null),
                order("a", "home-1", Side.BUY, 1, 1, null));
        // The same with participants of one hash ("Aa", "BB"), and BB only on one side.
        assertBothSides("x3", "Aa", Side.BUY, "x1",
                order("x1", "Aa", Side.BUY, 1, 1, null), order("x2", "BB", Side.SELL, 1, 1, null),
                order("x3", "Aa", Side.SELL, 1, 1, null), order("x4", "BB", Side.SELL, 1, 1, null));
        // The participant's first SELL is the first order of all; a second SELL comes before its BUY.
        assertBothSides("c", "home-1", Side.SELL, "a",
                order("a", "home-1", Side.SELL, 1, 1, null), order("b", "home-1", Side.SELL, 1, 1, null),
                order("c", "home-1", Side.BUY, 1, 1, null));
    }

    @Test
    void aParticipantMayNotBeOnBothSides() {
        assertBothSides("s1", "home-1", Side.BUY, "b1",
                order("s1", "home-1", Side.SELL, 1, 1, null), order("b1", "home-1", Side.BUY, 1, 1, null));
        assertDoesNotThrow(() -> InputValidator.validate(input(order("b1", "home-1", Side.BUY, 1, 1, null),
                order("b2", "home-1", Side.BUY, 1, 1, null))));
    }

    @Test
    void bothSidesNamesTheFirstOrderOfTheSecondSideAndTheFirstOrderOfTheOther() {
        // home-1 enters BUY with b1 (smallest id) and SELL first with s3; home-2 conflicts only later.
        assertBothSides("s3", "home-1", Side.BUY, "b1",
                order("b2", "home-1", Side.BUY, 1, 1, null), order("s5", "home-1", Side.SELL, 1, 1, null),
                order("b1", "home-1", Side.BUY, 1, 1, null), order("s3", "home-1", Side.SELL, 1, 1, null),
                order("s4", "home-2", Side.SELL, 1, 1, null), order("t1", "home-2", Side.BUY, 1, 1, null));
        assertBothSides("m", "home-1", Side.SELL, "a",
                order("a", "home-1", Side.SELL, 1, 1, null), order("z", "home-1", Side.BUY, 1, 1, null),
                order("m", "home-1", Side.BUY, 1, 1, null));
    }

    @Test
    void participantsWithOneHashAreToldApart() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertDoesNotThrow(() -> InputValidator.validate(input(order("x1", "Aa", Side.BUY, 1, 1, null),
                order("x2", "BB", Side.SELL, 1, 1, null), order("x3", "Aa", Side.BUY, 1, 1, null))));
        assertBothSides("x3", "BB", Side.SELL, "x2",
                order("x1", "Aa", Side.BUY, 1, 1, null), order("x2", "BB", Side.SELL, 1, 1, null),
                order("x4", "Aa", Side.SELL, 1, 1, null), order("x3", "BB", Side.BUY, 1, 1, null));
    }

    @Test
    void aNewOrderOnTheOtherSideIsTheOneRefused() {
        // The ledger checks a new order against the participant's first open order. As a book the
        // two would be reported at the larger id, here the existing zz; the new order must be named.
        Order existing = order("zz", "home-1", Side.SELL, 1, 1, null);
        Order incoming = order("aa", "home-1", Side.BUY, 1, 1, null);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InputValidator.validateOneSide(existing, incoming));
        assertEquals(MarketErrorCode.BOTH_SIDES, e.code());
        assertEquals("aa", e.orderId());
        assertEquals("order aa: field 'participant' must be on one side per slot, \"home-1\" also has SELL order zz",
                e.getMessage());
        assertBothSides("zz", "home-1", Side.BUY, "aa",
                existing, incoming);
        assertDoesNotThrow(() -> InputValidator.validateOneSide(existing, order("ab", "home-1", Side.SELL, 1, 1, null)));
        assertDoesNotThrow(() -> InputValidator.validateOneSide(existing, order("ac", "home-2", Side.BUY, 1, 1, null)));
    }

    @Test
    void reportsTopLevelThenOrdersByIdThenCrossOrderRules() {
        Order badWhInZ = buy("z", 0, 1);
        Order badPriceInA = buy("a", 1, 99_999_999);
        Order duplicate = sell("m", 1, 1);
        assertRefused(input(badWhInZ, badPriceInA, duplicate, duplicate), MarketErrorCode.OUT_OF_RANGE,
                "order a: field 'price' must be between -1000000 and 10000000, got 99999999");
        assertRefused(input(duplicate, badWhInZ, duplicate), MarketErrorCode.OUT_OF_RANGE,
                "order z: field 'wh' must be between 1 and 1000000000, got 0");
        assertRefused(new ClearingInput("bad", Mechanism.UNIFORM_PRICE, null, null, List.of(badWhInZ)),
                MarketErrorCode.INVALID_FORMAT,
                "field 'slot' must be a slot start like 2026-06-17T12:00+09:00, got \"bad\"");
        assertRefused(input(buy("b1", 0, 1), buy("b1", 5, 1)), MarketErrorCode.OUT_OF_RANGE,
                "order b1: field 'wh' must be between 1 and 1000000000, got 0");
    }

    @Provide
    Arbitrary<List<Order>> faultyBooks() {
        // Each element is one problem on its own, whatever the rest of the book.
        Arbitrary<List<Order>> fault = Arbitraries.of(
                List.of(buy("f1", 0, 1)), List.of(buy("f2", 1, 20_000_000)), List.of(sell("f3", 1, 1), sell("f3", 2, 2)),
                List.of(new Order("f4", "home-4", Side.SELL, 1, 1, GridLocation.NONE),
                        new Order("f4b", "home-4", Side.BUY, 1, 1, GridLocation.NONE)),
                List.of(new Order("f5", "", Side.BUY, 1, 1, GridLocation.NONE)), List.of(buy("bad id", 1, 1)),
                List.of(new Order("f6", "p", Side.BUY, 1, 1, GridLocation.parse("a//b"))));
        return RandomBooks.books().flatMap(book -> fault.list().ofMinSize(1).ofMaxSize(4).map(faults -> {
            List<Order> all = new ArrayList<>(book);
            faults.forEach(all::addAll);
            return all;
        }));
    }

    @Property(tries = 200)
    void theReportedProblemDoesNotDependOnOrderOrder(@ForAll("faultyBooks") List<Order> orders, @ForAll Random random) {
        InvalidInputException first = assertThrows(InvalidInputException.class,
                () -> InputValidator.validate(Books.input(Mechanism.PAY_AS_BID, orders)));
        List<Order> shuffled = new ArrayList<>(orders);
        Collections.shuffle(shuffled, random);
        InvalidInputException second = assertThrows(InvalidInputException.class,
                () -> InputValidator.validate(Books.input(Mechanism.PAY_AS_BID, shuffled)));
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(first.code(), second.code());
    }

    @Test
    void clearingRefusesInvalidInput() {
        assertThrows(InvalidInputException.class, () -> Clearing.clear(input(buy("b1", 0, 1))));
    }
}
