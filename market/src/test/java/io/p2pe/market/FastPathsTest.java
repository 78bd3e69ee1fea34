package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The engine's fast paths against the straightforward code they replaced: keys as bytes and radix
 * sorts against comparator sorts of hex strings and ids, the hand-written JSON against Jackson's
 * generator (kept here as the reference), the streaming reader against the tree reader.
 */
class FastPathsTest {
    private static final JsonFactory JACKSON = JsonFactory.builder().build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    // ------------------------------------------------------------ arbitrary books with awkward text

    /** Text that needs every kind of escaping, or none. */
    private static Arbitrary<String> awkwardText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcAB09:-_/.").ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withChars("a\"\\/\u0000\u001f\n\t\b\f\r\u007f\u0080é家\u2028\uD83D\uDE00\uD800 ")
                        .ofMinLength(0).ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(6));
    }

    /** Ids: valid ones sharing long prefixes (as ledger ids do), some duplicates, some invalid. */
    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab").ofMinLength(0).ofMaxLength(3).map(s -> "20260617T0300Z-" + s),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(s -> "20260617T0300Z-" + s),
                Arbitraries.strings().withChars("-./09:AZ_az").ofMinLength(0).ofMaxLength(25),
                Arbitraries.of("o", "o1", "x-Y", "a".repeat(64), "a".repeat(80)),
                awkwardText());
    }

    private static Arbitrary<Order> orders(Arbitrary<String> ids, Arbitrary<String> text, Arbitrary<Long> prices) {
        Arbitrary<GridLocation> locations = Arbitraries.oneOf(Arbitraries.just(GridLocation.NONE),
                text.list().ofMinSize(1).ofMaxSize(3).map(GridLocation::new));
        return Combinators.combine(ids, text, Arbitraries.of(Side.class), Arbitraries.longs(), prices, locations)
                .as(Order::new);
    }

    @Provide
    Arbitrary<List<Order>> awkwardBooks() {
        Arbitrary<Long> prices = Arbitraries.oneOf(Arbitraries.longs().between(-3, 3), Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L));
        return orders(ids(), awkwardText(), prices).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Order>> largeBooks() {
        // Many ids sharing the ledger prefix: the id sort's radix passes and its recursion.
        Arbitrary<String> ids = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(0).ofMaxLength(14)
                .map(s -> "20260617T0300Z-" + s);
        return orders(ids, Arbitraries.of("p1", "p2", "p\u00e9"), Arbitraries.longs().between(-2, 2)).list()
                .ofMinSize(100).ofMaxSize(400);
    }

    private static ClearingInput input(List<Order> orders, Mechanism mechanism) {
        WheelingSchedule wheeling = orders.size() % 2 == 0 ? null : new WheelingSchedule(List.of(0L, -7L, Long.MAX_VALUE));
        return new ClearingInput("2026-06-17T12:00+09:00", mechanism, Objective.MAX_VOLUME, wheeling, orders);
    }

    // ------------------------------------------------------------ sorting

    @Property(tries = 300)
    void idOrderIsTheComparatorOrder(@ForAll("awkwardBooks") List<Order> orders) {
        List<Order> expected = new ArrayList<>(orders);
        expected.sort(InputValidator.BY_ID_THEN_CONTENT);
        assertEquals(expected, Arrays.asList(InputValidator.sortById(orders)));
    }

    @Test
    void idKeysDoNotCarryIntoTheNextCharacter() {
        // 'z' is the 67th id character: with too small a base "-z…" would sort after ".".
        List<Order> orders = new ArrayList<>();
        for (String id : List.of(".", "-z/Z__9Zze", "-zzzzzzzzzz", "-", "zzzzzzzzzz", "zzzzzzzzz", "0", "-zzzzzzzzz.")) {
            orders.add(Books.buy(id, 1, 1));
        }
        idOrderIsTheComparatorOrder(orders);
    }

    @Test
    void idKeysFitTenCharacters() {
        // Eleven characters would overflow: "5" (rank 9) would wrap to a small positive key and
        // sort before "0" (rank 4), whose eleven-character key still fits.
        idOrderIsTheComparatorOrder(List.of(Books.buy("5", 1, 1), Books.buy("0", 1, 1), Books.buy("05", 1, 1)));
    }

    @Test
    void ordersWithOneIdAreOrderedByTheirContentToTheLocation() {
        // The visiting order does not depend on the input order, however much of two orders agrees.
        Order a = new Order("o", "p", Side.BUY, 1, 1, GridLocation.parse("tokyo/a"));
        Order b = new Order("o", "p", Side.BUY, 1, 1, GridLocation.parse("tokyo/b"));
        Order c = new Order("o", "p", Side.BUY, 1, 2, GridLocation.NONE);
        assertEquals(List.of(a, b, c), Arrays.asList(InputValidator.sortById(List.of(c, b, a))));
        assertEquals(List.of(a, b, c), Arrays.asList(InputValidator.sortById(List.of(b, a, c))));
    }

    @Provide
    Arbitrary<List<Order>> validIdBooks() {
        // Only id characters, any first character, prefixes shared to 9, 10, 11, 19, 20 and 21
        // characters and ids ending there: the radix path at every depth, with repeats.
        Arbitrary<String> prefix = Arbitraries.of("", "p", "abcdefghi", "abcdefghij", "abcdefghijk",
                "abcdefghijklmnopqrs", "abcdefghijklmnopqrst", "abcdefghijklmnopqrstu");
        Arbitrary<String> tail = Arbitraries.strings().withChars("-./059:AZ_az").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> ids = Combinators.combine(prefix, tail).as(String::concat);
        return orders(ids, Arbitraries.of("p1", "p2"), Arbitraries.longs().between(-2, 2)).list().ofMinSize(1)
                .ofMaxSize(200);
    }

    @Property(tries = 200)
    void idOrderOfBooksOfIdCharactersIsTheComparatorOrder(@ForAll("validIdBooks") List<Order> orders) {
        idOrderIsTheComparatorOrder(orders);
    }

    @Property(tries = 100)
    void idOrderOfLargeLedgerBooksIsTheComparatorOrder(@ForAll("largeBooks") List<Order> orders) {
        idOrderIsTheComparatorOrder(orders);
    }

    @Property(tries = 300)
    void bookOrderIsPriceThenHexKey(@ForAll("awkwardBooks") List<Order> orders) {
        Book book = new Book(Books.SLOT, WheelingSchedule.FREE, orders);
        List<Book.Entry> buys = new ArrayList<>();
        List<Book.Entry> sells = new ArrayList<>();
        for (Order o : orders) {
            String key = TieBreak.sha256Hex((Books.SLOT + "|" + o.id()).getBytes(StandardCharsets.UTF_8));
            (o.side() == Side.BUY ? buys : sells).add(new Book.Entry(o, key));
        }
        Comparator<Book.Entry> byKey = Comparator.comparing(Book.Entry::key);
        buys.sort(Comparator.comparingLong(Book.Entry::price).reversed().thenComparing(byKey));
        sells.sort(Comparator.comparingLong(Book.Entry::price).thenComparing(byKey));
        assertEquals(buys.stream().map(Book.Entry::key).toList(), book.buys().stream().map(Book.Entry::key).toList());
        assertEquals(sells.stream().map(Book.Entry::key).toList(), book.sells().stream().map(Book.Entry::key).toList());
        assertEquals(buys.stream().map(Book.Entry::price).toList(), book.buys().stream().map(Book.Entry::price).toList());
        assertEquals(sells.stream().map(Book.Entry::price).toList(), book.sells().stream().map(Book.Entry::price).toList());
    }

    @Test
    void keysAreTheHexSha256OfSlotBarId() {
        assertEquals(TieBreak.sha256Hex("2026-06-17T12:00+09:00|b1".getBytes(StandardCharsets.UTF_8)),
                TieBreak.key("2026-06-17T12:00+09:00", "b1"));
        assertEquals(TieBreak.sha256Hex("s|\u5bb6\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)),
                TieBreak.key("s", "\u5bb6\uD83D\uDE00"));
        String longId = "x".repeat(300);
        assertEquals(TieBreak.sha256Hex(("s|" + longId).getBytes(StandardCharsets.UTF_8)),
                TieBreak.key("s", longId));
    }

    @Property(tries = 300)
    void keySortIsAStableUnsignedSort(@ForAll("keys") List<Long> input) {
        long[] keys = input.stream().mapToLong(Long::longValue).toArray();
        int[] values = new int[keys.length];
        Arrays.setAll(values, i -> i);
        KeySort.sort(keys, values, keys.length);
        Integer[] expected = new Integer[keys.length];
        Arrays.setAll(expected, i -> i);
        Arrays.sort(expected, (a, b) -> Long.compareUnsigned(input.get(a), input.get(b)));
        assertArrayEquals(Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), values);
        for (int i = 0; i < keys.length; i++) {
            assertEquals(input.get(values[i]), keys[i]);
        }
    }

    @Provide
    Arbitrary<List<Long>> keys() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 3),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 1L << 40)).list().ofMaxSize(300);
    }

    // ------------------------------------------------------------ writing

    @Property(tries = 300)
    void canonicalInputAndDigestAreJacksonsBytes(@ForAll("awkwardBooks") List<Order> orders) {
        for (Mechanism mechanism : List.of(Mechanism.PAY_AS_BID, Mechanism.OPTIMAL)) {
            ClearingInput input = input(orders, mechanism);
            assertEquals(JacksonReference.writeInput(input), MarketJson.writeInput(input));
            assertEquals(JacksonReference.inputDigest(input), MarketJson.inputDigest(input));
        }
    }

    @Provide
    Arbitrary<List<Order>> booksBeyondTheDigestBuffer() {
        // 1,000-3,000 orders of 20-140 bytes of text each: the digest's 64 KiB buffer fills and is
        // flushed several times per book, at a different point of an order each time.
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().withChars("abc-_/09").ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings().withChars("ab\"\\\u00e9\u5bb6\n").ofMinLength(1).ofMaxLength(20));
        return orders(ids(), text, Arbitraries.longs().between(-1_000_000, 10_000_000)).list().ofMinSize(1_000)
                .ofMaxSize(3_000);
    }

    @Property(tries = 15)
    void digestOfBooksBeyondItsBufferIsJacksons(@ForAll("booksBeyondTheDigestBuffer") List<Order> orders) {
        canonicalInputAndDigestAreJacksonsBytes(orders);
    }

    @Test
    void digestOfTextsLongerThanItsBufferIsJacksons() {
        // A participant and a location each longer than the 64 KiB buffer, plain and needing escapes.
        String plain = "p".repeat(70_000);
        String escaped = "\u00e9\"".repeat(35_000);
        List<Order> orders = List.of(new Order("a", plain, Side.BUY, 1, 1, new GridLocation(List.of(plain, "x"))),
                new Order("b", escaped, Side.SELL, 1, 1, new GridLocation(List.of("y", escaped))),
                new Order("c", "q", Side.SELL, 1, 1, new GridLocation(List.of("z".repeat(65_535)))));
        canonicalInputAndDigestAreJacksonsBytes(orders);
    }

    @Test
    void digestOfTextsThatFillItsBufferExactlyIsJacksons() {
        // A participant, then a location, of 65,300 to 65,538 characters: among them the lengths
        // that leave the 64 KiB buffer exactly full before the next piece, with and without a flush
        // before the text, and the lengths at the edge of the buffer itself. Long.MIN_VALUE is
        // written as text, which may end exactly at the end of the buffer before the order's '}'.
        for (int length = 65_300; length <= 65_538; length++) {
            canonicalInputAndDigestAreJacksonsBytes(List.of(new Order("a", "p".repeat(length), Side.BUY, 1,
                    Long.MIN_VALUE, GridLocation.NONE)));
            canonicalInputAndDigestAreJacksonsBytes(List.of(new Order("a", "p", Side.BUY, 1, 1,
                    new GridLocation(List.of("z".repeat(length))))));
        }
    }

    @Property(tries = 300)
    void resultIsJacksonsText(@ForAll("awkwardBooks") List<Order> orders, @ForAll("slots") String slot) {
        List<Trade> trades = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        for (Order o : orders) {
            trades.add(new Trade(o.id(), o.participant(), o.wh(), o.price(), -o.wh()));
            fills.add(new Fill(o.participant(), o.price()));
        }
        Long price = orders.isEmpty() ? null : orders.get(0).price();
        ClearingResult r = new ClearingResult(slot, Mechanism.OPTIMAL, orders.size() % 2 == 0 ? null : Objective.MAX_WELFARE,
                price, Long.MIN_VALUE, Long.MAX_VALUE, trades, fills, orders.isEmpty() ? null : slot);
        assertEquals(JacksonReference.writeResult(r), MarketJson.writeResult(r));
    }

    @Provide
    Arbitrary<String> slots() {
        return awkwardText();
    }

    // ------------------------------------------------------------ reading

    @Property(tries = 300)
    void streamingReadingEqualsTreeReading(@ForAll("awkwardBooks") List<Order> orders) throws InvalidInputException {
        List<Order> valid = new ArrayList<>();
        for (Order o : orders) {
            if (InputValidator.isValidId(o.id()) && o.location().segments().stream().noneMatch(String::isEmpty)) {
                valid.add(o);
            }
        }
        String json = MarketJson.writeInput(input(valid, Mechanism.PAY_AS_BID));
        assertEquals(MarketJson.readRefusing(json), MarketJson.readWellFormed(json));
        // Layout, unknown fields (nested, with names of real fields inside) and explicit nulls.
        String decorated = json.replace("{\"slot\"", " {\n\"extra\": {\"slot\": 1, \"orders\": {\"id\": [null]}}, \"slot\"")
                .replace("\"participant\"", "\"location\": null, \"note\": [{\"wh\": \"x\"}], \"participant\"")
                .replace("]}", "] ,\"objective\" :\"MAX_WELFARE\" } \t");
        ClearingInput streamed = MarketJson.readWellFormed(decorated);
        try {
            ClearingInput tree = MarketJson.readRefusing(decorated);
            if (valid.stream().allMatch(o -> isPlain(o.participant()) && isPlain(o.location().path()))) {
                assertEquals(tree, streamed);
            } else if (streamed != null) {
                assertEquals(tree, streamed);
            }
        } catch (InvalidInputException e) {
            // Decorating inside an awkward string can break the text: then both must refuse it.
            assertNull(streamed, decorated);
        }
    }

    private static boolean isPlain(String s) {
        return s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/');
    }

    @Test
    void streamingReadingLeavesEveryProblemToTheTreeReading() {
        String ok = "\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":1";
        String order = "{\"id\":\"b1\"," + ok + "}";
        String head = "{\"slot\":\"s\",\"mechanism\":\"PAY_AS_BID\",";
        for (String bad : List.of("", "[]", "{", head + "\"orders\":[" + order + "]} x", head + "\"orders\":[" + order + "]",
                head + "\"slot\":\"t\",\"orders\":[]}", head + "\"orders\":null}", head + "\"orders\":{}}",
                "{\"slot\":null,\"mechanism\":\"PAY_AS_BID\",\"orders\":[]}",
                head + "\"objective\":\"MAX\",\"orders\":[]}", head + "\"objective\":{\"orders\":[]},\"orders\":[]}",
                head + "\"wheeling\":{},\"orders\":[]}", head + "\"wheeling\":{\"levels\":[]},\"orders\":[]}",
                head + "\"wheeling\":{\"levels\":[1.0]},\"orders\":[]}", head + "\"wheeling\":[],\"orders\":[]}",
                head + "\"orders\":[1]}", head + "\"orders\":[{" + ok + "}]}",
                head + "\"orders\":[{\"id\":\"b 1\"," + ok + "}]}",
                head + "\"orders\":[{\"id\":\"b1\",\"id\":\"b2\"," + ok + "}]}",
                head + "\"orders\":[{\"id\":{\"id\":\"b1\"}," + ok + "}]}",
                head + "\"orders\":[{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"buy\",\"wh\":1,\"price\":1}]}",
                head + "\"orders\":[{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1e3,\"price\":1}]}",
                head + "\"orders\":[{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1,\"price\":99999999999999999999}]}",
                head + "\"orders\":[{\"id\":\"b1\",\"participant\":\"p\",\"side\":\"BUY\",\"wh\":1}]}",
                head + "\"orders\":[{\"id\":\"b1\"," + ok + ",\"location\":\"\"}]}",
                head + "\"orders\":[{\"id\":\"b1\"," + ok + ",\"location\":7}]}")) {
            assertNull(MarketJson.readWellFormed(bad), bad);
        }
    }

    /** The JSON writing as it was, through Jackson's generator. */
    private static final class JacksonReference {
        static String writeInput(ClearingInput input) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JACKSON.createGenerator(out)) {
                writeCanonical(input, g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        static String inputDigest(ClearingInput input) {
            MessageDigest sha256 = TieBreak.newDigest();
            try (JsonGenerator g = JACKSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
                writeCanonical(input, g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(sha256.digest());
        }

        static String writeResult(ClearingResult result) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JACKSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("slot", result.slot());
                g.writeStringField("mechanism", result.mechanism().name());
                if (result.objective() == null) {
                    g.writeNullField("objective");
                } else {
                    g.writeStringField("objective", result.objective().name());
                }
                if (result.clearingPrice() == null) {
                    g.writeNullField("clearingPrice");
                } else {
                    g.writeNumberField("clearingPrice", result.clearingPrice().longValue());
                }
                g.writeNumberField("volumeWh", result.volumeWh());
                g.writeNumberField("surplus", result.surplus());
                g.writeArrayFieldStart("trades");
                for (Trade t : result.trades()) {
                    g.writeStartObject();
                    g.writeStringField("buyOrderId", t.buyOrderId());
                    g.writeStringField("sellOrderId", t.sellOrderId());
                    g.writeNumberField("wh", t.wh());
                    g.writeNumberField("price", t.price());
                    g.writeNumberField("wheelingFee", t.wheelingFee());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("fills");
                for (Fill f : result.fills()) {
                    g.writeStartObject();
                    g.writeStringField("orderId", f.orderId());
                    g.writeNumberField("filledWh", f.filledWh());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("inputDigest", result.inputDigest());
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        private static void writeCanonical(ClearingInput input, JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("slot", input.slot());
            g.writeStringField("mechanism", input.mechanism().name());
            if (input.mechanism() == Mechanism.OPTIMAL && input.objective() != null) {
                g.writeStringField("objective", input.objective().name());
            }
            if (input.wheeling() != null) {
                g.writeObjectFieldStart("wheeling");
                g.writeArrayFieldStart("levels");
                for (long level : input.wheeling().levels()) {
                    g.writeNumber(level);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            List<Order> orders = new ArrayList<>(input.orders());
            orders.sort(InputValidator.BY_ID_THEN_CONTENT);
            g.writeArrayFieldStart("orders");
            for (Order o : orders) {
                g.writeStartObject();
                g.writeStringField("id", o.id());
                g.writeStringField("participant", o.participant());
                g.writeStringField("side", o.side().name());
                g.writeNumberField("wh", o.wh());
                g.writeNumberField("price", o.price());
                if (!o.location().isNone()) {
                    g.writeStringField("location", o.location().path());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
