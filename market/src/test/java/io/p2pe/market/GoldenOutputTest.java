package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact bytes of the engine's output for fixed books, pinned as SHA-256 digests recorded from
 * the engine before its end-to-end rewrite for speed (commit 579471e): the canonical input text
 * ({@link MarketJson#writeInput}), the result text ({@link MarketJson#writeResult} of
 * {@link Clearing#clear}, which includes the input digest), and the same bytes again for the book
 * in reversed and shuffled input order. Any change to keys, sorting, rationing, pairing, digest or
 * serialisation shows here.
 */
class GoldenOutputTest {

    /** Lowercase hex SHA-256 of the UTF-8 bytes of a text. */
    private static String sha256(String text) {
        return TieBreak.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Order order(String id, String participant, Side side, long wh, long price, String location) {
        return new Order(id, participant, side, wh, price, GridLocation.parse(location));
    }

    /** Worked book: ties at every price level, rationed marginal levels on both sides. */
    private static List<Order> ties() {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(order("b" + i, "home-b" + i, Side.BUY, 100 + 7L * i, 50 - (i % 3), null));
            orders.add(order("s" + i, "home-s" + i, Side.SELL, 90 + 5L * i, 45 + (i % 4), null));
        }
        return orders;
    }

    /**
     * Edge values: negative and extreme prices, the largest Wh, ids using every allowed character,
     * participants with non-ASCII, quotes, backslashes and a character beyond the BMP, shared
     * participants on one side, locations present and absent.
     */
    private static List<Order> edges() {
        return List.of(
                order("A-Za-z0-9._:/-", "RetailerMSP:家-1", Side.BUY, 1_000_000_000, 10_000_000, "tokyo/世田谷/seijo"),
                order("b.2", "say \"hi\" \\ é", Side.BUY, 3, -5, "tokyo/setagaya/seijo/feeder-3"),
                order("b:3", "RetailerMSP:家-1", Side.BUY, 999_999_999, -1_000_000, null),
                order("s/1", "grid \uD83D\uDE00", Side.SELL, 1_000_000_000, -1_000_000, "tokyo"),
                order("s_2", "seller-2", Side.SELL, 7, -5, "osaka/kita/feeder-1"),
                order("s-3", "seller-3", Side.SELL, 2, 9_999_999, "tokyo/setagaya/seijo/feeder-4"));
    }

    /** No BUY meets any SELL: no trades, no clearing price. */
    private static List<Order> apart() {
        return List.of(order("b1", "p1", Side.BUY, 100, 10, null), order("s1", "p2", Side.SELL, 100, 11, null));
    }

    /** Seeded random book: prices on a coarse grid (large levels), a few participants with many orders. */
    private static List<Order> random(int size, long seed) {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            boolean sell = random.nextInt(10) < 6;
            int home = random.nextInt(size);
            String location = random.nextInt(5) == 0 ? null
                    : "tokyo/ward-" + random.nextInt(4) + "/district-" + random.nextInt(6) + "/feeder-" + random.nextInt(3);
            long price = sell ? 700 + 50L * random.nextInt(19) : 1100 + 50L * random.nextInt(29);
            long wh = 1 + random.nextInt(random.nextInt(20) == 0 ? 1_000_000 : 4000);
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "-" + i;
            orders.add(order(id, "RetailerMSP:" + (sell ? "pv-" : "home-") + home, sell ? Side.SELL : Side.BUY,
                    wh, price, location));
        }
        return orders;
    }

    private static ClearingInput input(Mechanism mechanism, Objective objective, WheelingSchedule wheeling,
                                       List<Order> orders) {
        return new ClearingInput("2026-06-17T12:00+09:00", mechanism, objective, wheeling, orders);
    }

    private static final WheelingSchedule LEVELS = new WheelingSchedule(List.of(0L, 150L, 300L, 450L));

    static Stream<Arguments> books() {
        List<Order> random10k = random(10_000, 20261202L);
        List<Order> random2k = random(2_000, 7L);
        // Above Forked.THRESHOLD: the digest and the BUY side are computed beside the caller; the
        // bytes were recorded from the single-threaded engine (commit 517107b).
        List<Order> random50k = random(50_000, 20261203L);
        return Stream.of(
                Arguments.of("random 50k UNIFORM_PRICE", input(Mechanism.UNIFORM_PRICE, null, LEVELS, random50k),
                        "55630fd77a50b63ac64b492b6a8fc2ccf7589ba0146c562eb3304f952aeb55ce",
                        "4f9699a98354808d7f81ea47b5415dafdad002695818a8407d0c875cdb8ab56a"),
                Arguments.of("random 50k PAY_AS_BID", input(Mechanism.PAY_AS_BID, null, null, random50k),
                        "6b4dc9a7188b6e83ffa01d5f7c7f0fcd00915fdbdb2c57756804c46e583647e9",
                        "840d16a818d026190cf8ebef3143170f212f8d213bc572edd531bd4f754d837d"),
                Arguments.of("ties UNIFORM_PRICE", input(Mechanism.UNIFORM_PRICE, null, null, ties()),
                        "93c0445568df618d7703053f4122a93ada6be57b540b85ec339da8d539766add",
                        "25cfe4e01e711bf4ca62925fefabe3bc27475941eff1c3e2cace6d9832819a9d"),
                Arguments.of("ties PAY_AS_BID", input(Mechanism.PAY_AS_BID, null, null, ties()),
                        "9706599518cc12e2978d6aa29f4ed871666a3ba1cd9470ab63584378a7be53c2",
                        "7881514ffbfdb9eaff9739dc7495cbc26c5ea525a7ee8eee236b4c85095bd5e6"),
                Arguments.of("edges UNIFORM_PRICE", input(Mechanism.UNIFORM_PRICE, null, LEVELS, edges()),
                        "738742dcd337b113f003f54f23770646a83a17f0f1369bd9402e6ecf9fe8999b",
                        "e872cdda82a72b4d9ab7c14e99659453afb9b9012113d9fcd46dc5068fa356bc"),
                Arguments.of("edges PAY_AS_BID", input(Mechanism.PAY_AS_BID, null, null, edges()),
                        "f40b3e5c06addd9b9a1e6a2fbfb24f7dc06190b3f007b6231a921a615fb59a10",
                        "56861f0a4810bacd6f4194570d8e215c521994a844ec5ea34853d7c786205263"),
                Arguments.of("edges OPTIMAL MAX_WELFARE", input(Mechanism.OPTIMAL, Objective.MAX_WELFARE, LEVELS, edges()),
                        "97490fd1d0cc65c34b611e51ebd9574cd56f4afcebe00bd4953efcec82532cbd",
                        "71c33c6fcb89ba0af11d389d085cfb9f05d890e9102d4a26861ae4fb7b70f0d3"),
                Arguments.of("apart UNIFORM_PRICE", input(Mechanism.UNIFORM_PRICE, null, null, apart()),
                        "def4fc475fd0c2cc4c9ddda9381e10ca64b30137d52c6d0ff55c3df734eccfa5",
                        "e2e6a91328f75a3304892d8d384af2c040af70958d86a97fd2c90dcd4b2c4c7a"),
                Arguments.of("empty PAY_AS_BID", input(Mechanism.PAY_AS_BID, null, LEVELS, List.of()),
                        "4c987ab82121fd5151c94decb170627cce601b4c96984443d9781ea5808c79e6",
                        "aa0e701491f9b84ad05725b8a646669099457ea1a43a1996a3068310e959172c"),
                Arguments.of("random 10k UNIFORM_PRICE", input(Mechanism.UNIFORM_PRICE, null, LEVELS, random10k),
                        "f8c42cf34de786e9f2a5698220b89e5050d9cc0bdd9ff77f8fa7b9dd8d3869da",
                        "553f29d0bee9d59452db68ec348c9b590f3d04627cb852febb4e5210fccbba0e"),
                Arguments.of("random 10k PAY_AS_BID", input(Mechanism.PAY_AS_BID, null, null, random10k),
                        "b10b700e0cfcf7ecca984b82a1d86996ebda749fd636b5041062e3cf716cd5d6",
                        "26deb56fa0490496a6e0a82bc23d68ec31fd38e3d4ee9f62f3b7a42331ce589e"),
                Arguments.of("random 2k OPTIMAL MAX_WELFARE", input(Mechanism.OPTIMAL, Objective.MAX_WELFARE, LEVELS, random2k),
                        "145d3df94590d900c190bd08fabba5297f3d9800cbacc9df54f088844c38e97a",
                        "d32d6e9969e8d96d8bf1b04213218b3faf8608bc893c1b679a7fdbc8b3d6b2df"),
                Arguments.of("random 2k OPTIMAL MAX_VOLUME", input(Mechanism.OPTIMAL, Objective.MAX_VOLUME, LEVELS, random2k),
                        "d7c21b7389fb952fb2bc390afb5913e1c76818aba4738c2d6d50d180493097bc",
                        "edece8c34cc46aa973d14342eb535f31d1220f18f5d34f0b06d3ab6e6d82d64c"),
                Arguments.of("benchmark 10k UNIFORM_PRICE", BenchmarkBooks.input(Mechanism.UNIFORM_PRICE, null, 10_000),
                        "289b9ee2498410c18b5dce0dc956e169c5008802213904dc65ca12beed00b2ea",
                        "e9043f2048ca20fcec937a48efc8a11dc7161c7fc04f8422e191ddf1b6c2b984"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void outputBytesAreUnchanged(String name, ClearingInput input, String inputSha, String resultSha)
            throws InvalidInputException {
        String result = MarketJson.writeResult(Clearing.clear(input));
        assertEquals(inputSha, sha256(MarketJson.writeInput(input)), "canonical input");
        assertEquals(resultSha, sha256(result), "result");

        List<Order> reversed = new ArrayList<>(input.orders());
        Collections.reverse(reversed);
        List<Order> shuffled = new ArrayList<>(input.orders());
        Collections.shuffle(shuffled, new Random(name.hashCode()));
        for (List<Order> orders : List.of(reversed, shuffled)) {
            ClearingInput other = new ClearingInput(input.slot(), input.mechanism(), input.objective(),
                    input.wheeling(), orders);
            assertEquals(result, MarketJson.writeResult(Clearing.clear(other)), "same bytes in another input order");
        }
    }

    @Test
    void aLargeBookIsRefusedForItsFirstBadOrderWhileItsDigestRunsBeside() {
        List<Order> orders = new ArrayList<>(random(50_000, 20261203L));
        Order last = orders.get(orders.size() - 1);
        orders.set(orders.size() - 1, order(last.id(), last.participant(), last.side(), 0, last.price(), null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Clearing.clear(input(Mechanism.UNIFORM_PRICE, null, null, orders)));
        assertEquals(MarketErrorCode.OUT_OF_RANGE, e.code());
        assertEquals(last.id(), e.orderId());
    }
}
