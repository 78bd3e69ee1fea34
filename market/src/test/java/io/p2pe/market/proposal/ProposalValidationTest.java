package io.p2pe.market.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p2pe.market.ClearingInput;
import io.p2pe.market.GridLocation;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.WheelingSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a proposal can be refused, with its code, field and message. */
class ProposalValidationTest {
    static final String SLOT = "2026-06-17T12:00+09:00";

    /** b1 and s1 share a feeder (fee 0); s2 is in another city (fee 300 > b1's spread). */
    static ClearingInput book(Objective objective) {
        return new ClearingInput(SLOT, Mechanism.OPTIMAL, objective, new WheelingSchedule(List.of(0L, 100L, 200L, 300L)),
                List.of(new Order("b1", "home-1", Side.BUY, 1000, 2500, GridLocation.parse("tokyo/setagaya/seijo")),
                        new Order("b2", "home-2", Side.BUY, 500, 3000, GridLocation.parse("tokyo/setagaya/kita")),
                        new Order("s1", "pv-1", Side.SELL, 800, 2000, GridLocation.parse("tokyo/setagaya/seijo")),
                        new Order("s2", "pv-2", Side.SELL, 600, 2300, GridLocation.parse("osaka/kita/feeder-1"))));
    }

    private final ProposalScorer scorer = scorer(book(Objective.MAX_WELFARE));

    static ProposalScorer scorer(ClearingInput book) {
        try {
            return ProposalScorer.of(book);
        } catch (InvalidInputException e) {
            throw new AssertionError(e);
        }
    }

    private String json(String trades) {
        return "{\"slot\":\"" + SLOT + "\",\"inputDigest\":\"" + scorer.inputDigest() + "\",\"trades\":[" + trades + "]}";
    }

    private static String trade(String buy, String sell, long wh) {
        return "{\"buyOrderId\":\"" + buy + "\",\"sellOrderId\":\"" + sell + "\",\"wh\":" + wh + "}";
    }

    private InvalidInputException refused(String proposalJson) {
        return assertThrows(InvalidInputException.class, () -> scorer.score(ProposalJson.read(proposalJson)));
    }

    private static void check(InvalidInputException e, MarketErrorCode code, String field, String message) {
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aValidProposalScores() throws InvalidInputException {
        ScoredProposal p = scorer.score(ProposalJson.read(json(trade("b1", "s1", 700) + "," + trade("b2", "s1", 100))));
        // b1-s1 distance 0: (2500-2000)*700; b2-s1 distance 1 (seijo vs kita): (3000-2000-100)*100.
        assertEquals(new Score(Objective.MAX_WELFARE, 500 * 700 + 900 * 100, 800, null), p.score());
    }

    @Test
    void scoresAndVerdictsAreWrittenAsExactText() throws InvalidInputException {
        ScoredProposal p = scorer.score(ProposalJson.read(json(trade("b1", "s1", 700) + "," + trade("b2", "s1", 100))));
        String score = "{\"objective\":\"MAX_WELFARE\",\"minSurplusRate\":null,\"surplus\":440000,\"volumeWh\":800}";
        assertEquals(score, ProposalJson.writeScore(p.score()));
        assertEquals("{\"valid\":true,\"slot\":\"" + SLOT + "\",\"inputDigest\":\"" + scorer.inputDigest()
                + "\",\"proposalDigest\":\"" + p.proposalDigest() + "\",\"drawKey\":\"" + p.drawKey()
                + "\",\"trades\":2,\"score\":" + score + "}", ProposalJson.writeVerdict(p));
        assertEquals("{\"objective\":\"MAX_MIN_SURPLUS\",\"minSurplusRate\":\"7/3\",\"surplus\":-5,\"volumeWh\":0}",
                ProposalJson.writeScore(new Score(Objective.MAX_MIN_SURPLUS, -5, 0, new SurplusRate(7, 3))));
        assertEquals("{\"objective\":\"MAX_MIN_SURPLUS\",\"minSurplusRate\":\"5\",\"surplus\":1,\"volumeWh\":2}",
                ProposalJson.writeScore(new Score(Objective.MAX_MIN_SURPLUS, 1, 2, new SurplusRate(5, 1))));
    }

    @Test
    void malformedJson() {
        // The text is 8 characters long: the parser stops at column 9, one past its end.
        check(refused("{\"slot\":"), MarketErrorCode.MALFORMED_INPUT, null,
                "proposal is not well-formed JSON at line 1, column 9: Unexpected end-of-input within/between Object entries");
        assertEquals(MarketErrorCode.MALFORMED_INPUT, refused("[]").code());
        assertEquals(MarketErrorCode.MALFORMED_INPUT, refused("").code());
        assertEquals(MarketErrorCode.MALFORMED_INPUT, refused(json("") + " {}").code());
        assertEquals(MarketErrorCode.MALFORMED_INPUT,
                refused("{\"slot\":\"a\",\"slot\":\"b\",\"inputDigest\":\"x\",\"trades\":[]}").code());
    }

    @Test
    void missingAndMistypedFields() {
        check(refused("{\"inputDigest\":\"x\",\"trades\":[]}"), MarketErrorCode.MISSING_FIELD, "slot",
                "field 'slot' is required");
        check(refused("{\"slot\":\"" + SLOT + "\",\"trades\":[]}"), MarketErrorCode.MISSING_FIELD, "inputDigest",
                "field 'inputDigest' is required");
        check(refused("{\"slot\":\"" + SLOT + "\",\"inputDigest\":\"x\"}"), MarketErrorCode.MISSING_FIELD, "trades",
                "field 'trades' is required");
        check(refused("{\"slot\":5,\"inputDigest\":\"x\",\"trades\":[]}"), MarketErrorCode.INVALID_FORMAT, "slot",
                "field 'slot' must be a string, got 5");
        check(refused("{\"slot\":\"" + SLOT + "\",\"inputDigest\":\"x\",\"trades\":{}}"), MarketErrorCode.INVALID_FORMAT,
                "trades", "field 'trades' must be an array of trades, got an object");
        check(refused(json(trade("b1", "s1", 1) + ",7")), MarketErrorCode.INVALID_FORMAT, "trades[1]",
                "field 'trades[1]' must be a trade object, got 7");
        check(refused(json("{\"sellOrderId\":\"s1\",\"wh\":1}")), MarketErrorCode.MISSING_FIELD,
                "trades[0].buyOrderId", "field 'trades[0].buyOrderId' is required");
        check(refused(json("{\"buyOrderId\":\"b1\",\"sellOrderId\":null,\"wh\":1}")), MarketErrorCode.MISSING_FIELD,
                "trades[0].sellOrderId", "field 'trades[0].sellOrderId' is required");
        check(refused(json("{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\"}")), MarketErrorCode.MISSING_FIELD,
                "trades[0].wh", "field 'trades[0].wh' is required");
        check(refused(json("{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\",\"wh\":1.0}")), MarketErrorCode.INVALID_FORMAT,
                "trades[0].wh", "field 'trades[0].wh' must be an integer, got 1.0");
        check(refused(json("{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\",\"wh\":\"1\"}")), MarketErrorCode.INVALID_FORMAT,
                "trades[0].wh", "field 'trades[0].wh' must be an integer, got a string");
        check(refused(json("{\"buyOrderId\":1,\"sellOrderId\":\"s1\",\"wh\":1}")), MarketErrorCode.INVALID_FORMAT,
                "trades[0].buyOrderId", "field 'trades[0].buyOrderId' must be a string, got 1");
        check(refused(json(trade("b1", "s1", 1).replace("\"wh\":1", "\"wh\":99999999999999999999"))),
                MarketErrorCode.OUT_OF_RANGE, "trades[0].wh",
                "field 'trades[0].wh' must be at least 1 and at most the orders' Wh, got 99999999999999999999");
    }

    @Test
    void wrongBook() {
        check(refused(json("").replace(SLOT, "2026-06-17T12:30+09:00")), MarketErrorCode.PROPOSAL_MISMATCH, "slot",
                "field 'slot' must be the book's slot " + SLOT + ", got \"2026-06-17T12:30+09:00\"");
        String other = "0".repeat(64);
        check(refused(json("").replace(scorer.inputDigest(), other)), MarketErrorCode.PROPOSAL_MISMATCH,
                "inputDigest", "field 'inputDigest' must be the digest of the slot's closed book "
                        + scorer.inputDigest() + ", got \"" + other + "\"");
    }

    @Test
    void onlyOptimalBooksTakeProposals() {
        ClearingInput uniform = new ClearingInput(SLOT, Mechanism.UNIFORM_PRICE, null, null, book(Objective.MAX_WELFARE).orders());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProposalScorer.of(uniform));
        check(e, MarketErrorCode.WRONG_MECHANISM, "mechanism", "field 'mechanism' must be OPTIMAL for proposals, got UNIFORM_PRICE");
    }

    @Test
    void anInvalidBookIsRefusedAsTheEngineRefusesIt() {
        ClearingInput bad = new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_WELFARE, null,
                List.of(new Order("b1", "p", Side.BUY, 0, 1, GridLocation.NONE)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProposalScorer.of(bad));
        assertEquals(MarketErrorCode.OUT_OF_RANGE, e.code());
        assertEquals("order b1: field 'wh' must be between 1 and 1000000000, got 0", e.getMessage());
    }

    @Test
    void unknownOrders() {
        check(refused(json(trade("b1", "s1", 1) + "," + trade("b9", "s1", 1))), MarketErrorCode.UNKNOWN_ORDER,
                "trades[1].buyOrderId", "trade 1 (buy \"b9\", sell \"s1\"): field 'buyOrderId' must name an order "
                        + "of the slot's book, got \"b9\"");
        check(refused(json(trade("b1", "s9", 1))), MarketErrorCode.UNKNOWN_ORDER, "trades[0].sellOrderId",
                "trade 0 (buy \"b1\", sell \"s9\"): field 'sellOrderId' must name an order of the slot's book, got \"s9\"");
        // An id that is not even a valid id is quoted safely.
        assertEquals("trade 0 (buy \"b\\\"1\", sell \"s1\"): field 'buyOrderId' must name an order of the slot's "
                + "book, got \"b\\\"1\"", refused(json(trade("b\\\"1", "s1", 1))).getMessage());
    }

    @Test
    void wrongSides() {
        check(refused(json(trade("s1", "s2", 1))), MarketErrorCode.WRONG_SIDE, "trades[0].buyOrderId",
                "trade 0 (buy \"s1\", sell \"s2\"): field 'buyOrderId' must name a BUY order, \"s1\" is a SELL");
        check(refused(json(trade("b1", "b2", 1))), MarketErrorCode.WRONG_SIDE, "trades[0].sellOrderId",
                "trade 0 (buy \"b1\", sell \"b2\"): field 'sellOrderId' must name a SELL order, \"b2\" is a BUY");
    }

    @Test
    void nonPositiveWh() {
        check(refused(json(trade("b1", "s1", 0))), MarketErrorCode.OUT_OF_RANGE, "trades[0].wh",
                "trade 0 (buy \"b1\", sell \"s1\"): field 'wh' must be at least 1, got 0");
        assertEquals(MarketErrorCode.OUT_OF_RANGE, refused(json(trade("b1", "s1", -5))).code());
    }

    @Test
    void infeasiblePair() {
        // b1 (2500, tokyo/setagaya/seijo) and s2 (2300, osaka/...): distance 3, fee 300 > 200.
        check(refused(json(trade("b1", "s2", 1))), MarketErrorCode.INFEASIBLE_PAIR, "trades[0].sellOrderId",
                "trade 0 (buy \"b1\", sell \"s2\"): field 'sellOrderId' cannot trade with this BUY: buy price 2500 "
                        + "< sell price 2300 + wheeling fee 300 (distance 3)");
    }

    @Test
    void duplicatePair() {
        check(refused(json(trade("b1", "s1", 5) + "," + trade("b2", "s1", 1) + "," + trade("b1", "s1", 3))),
                MarketErrorCode.DUPLICATE_PAIR, "trades[0].sellOrderId",
                "trade 0 (buy \"b1\", sell \"s1\"): field 'sellOrderId' must not pair the same BUY and SELL as another trade");
    }

    @Test
    void overfilledOrders() {
        check(refused(json(trade("b1", "s1", 600) + "," + trade("b2", "s1", 300))), MarketErrorCode.OVERFILLED, "wh",
                "order s1: field 'wh' is 800 Wh, but the proposal's trades with this order sum to 900 Wh");
        check(refused(json(trade("b2", "s1", 501))), MarketErrorCode.OVERFILLED, "wh",
                "order b2: field 'wh' is 500 Wh, but the proposal's trades with this order sum to 501 Wh");
        // Sums beyond 64 bits are still reported as an overfill, not as an overflow.
        check(refused(json(trade("b1", "s1", Long.MAX_VALUE) + "," + trade("b2", "s1", Long.MAX_VALUE))),
                MarketErrorCode.OVERFILLED, "wh", "order b1: field 'wh' is 1000 Wh, but the proposal's trades with "
                        + "this order sum to at least " + Long.MAX_VALUE + " Wh");
    }

    @Test
    void totalsBeyond64BitsAreRefused() throws InvalidInputException {
        // 1000 pairs of 1e9 Wh at a spread of 1.1e7: 1.1e19 money units > 2^63.
        List<Order> orders = new ArrayList<>();
        StringBuilder trades = new StringBuilder();
        for (int k = 0; k < 1000; k++) {
            orders.add(new Order("b" + k, "h" + k, Side.BUY, 1_000_000_000L, 10_000_000, GridLocation.NONE));
            orders.add(new Order("s" + k, "g" + k, Side.SELL, 1_000_000_000L, -1_000_000, GridLocation.NONE));
            trades.append(k == 0 ? "" : ",").append(trade("b" + k, "s" + k, 1_000_000_000L));
        }
        ProposalScorer big = ProposalScorer.of(new ClearingInput(SLOT, Mechanism.OPTIMAL, Objective.MAX_WELFARE, null, orders));
        String p = "{\"slot\":\"" + SLOT + "\",\"inputDigest\":\"" + big.inputDigest() + "\",\"trades\":[" + trades + "]}";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> big.score(ProposalJson.read(p)));
        check(e, MarketErrorCode.BEYOND_LIMITS, "trades",
                "field 'trades' give a volume or surplus beyond the 64-bit range of Wh and money units");
    }

    @Test
    void theProblemReportedDoesNotDependOnTradeOrder() {
        List<String> trades = new ArrayList<>(List.of(trade("b1", "s1", 1), trade("b2", "s9", 1), trade("b2", "s1", 0),
                trade("b1", "s2", 1)));
        String first = null;
        for (int k = 0; k < 12; k++) {
            Collections.rotate(trades, 1);
            if (k % 3 == 0) {
                Collections.swap(trades, 0, 2);
            }
            InvalidInputException e = refused(json(String.join(",", trades)));
            // The same trade is reported (b1/s2 comes first in canonical order); only its index moves.
            String message = e.getMessage().replaceFirst("^trade \\d+ ", "trade # ");
            if (first == null) {
                first = message;
            }
            assertEquals(first, message);
            assertEquals(MarketErrorCode.INFEASIBLE_PAIR, e.code());
        }
    }
}
