package io.p2pe.market.proposal;

import io.p2pe.market.Book;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.ClearingResult;
import io.p2pe.market.Fill;
import io.p2pe.market.InputValidator;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import io.p2pe.market.MarketJson;
import io.p2pe.market.MessageText;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.Trade;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.market.optimal.OptimalTrades;
import io.p2pe.market.optimal.Tradable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Checks and scores proposals against one closed OPTIMAL book, exactly and in integers, and turns
 * the winner into the slot's {@link ClearingResult} (docs/market-rules.md, "Proposals").
 *
 * <pre>{@code
 * ProposalScorer scorer = ProposalScorer.of(book);
 * ScoredProposal builtIn = scorer.score(Clearing.clear(book));
 * ScoredProposal theirs = scorer.score(ProposalJson.read(json));
 * ClearingResult result = scorer.result(Ranking.best(List.of(builtIn, theirs)));
 * }</pre>
 *
 * <h2>Checks, in this order (the first problem is reported)</h2>
 * <ol>
 *   <li>{@code slot}, then {@code inputDigest} equal the book's ({@code PROPOSAL_MISMATCH});</li>
 *   <li>each trade, trades taken in canonical order (buyOrderId, sellOrderId, wh) so that the
 *       problem reported does not depend on how the proposal lists them, and named by their index
 *       as given: {@code buyOrderId} is an order of the book ({@code UNKNOWN_ORDER}) and a BUY
 *       ({@code WRONG_SIDE}); {@code sellOrderId} likewise a SELL; {@code wh ≥ 1}
 *       ({@code OUT_OF_RANGE}); {@code price_i ≥ price_j + fee_ij} ({@code INFEASIBLE_PAIR}); the pair is not the same as
 *       the previous trade's ({@code DUPLICATE_PAIR});</li>
 *   <li>each order, by id: its trades sum to at most its Wh ({@code OVERFILLED});</li>
 *   <li>total volume and surplus fit 64 bits ({@code BEYOND_LIMITS}, as for the engine).</li>
 * </ol>
 *
 * The rules' "different participants" needs no check of its own: a valid book never has one
 * participant on both sides.
 *
 * <h2>Score</h2>
 * Surplus {@code Σ (price_i − price_j − fee_ij) · wh}, volume {@code Σ wh}; for MAX_MIN_SURPLUS
 * also the smallest surplus rate over the orders with a feasible counterparty (the BUY's share of a
 * pair's surplus {@code s} per kWh is {@code s − ⌊s/2⌋}, the SELL's {@code ⌊s/2⌋}; the rate is the
 * order's total share over its Wh, compared exactly as fractions; an order left unfilled has rate 0).
 * Cost: {@code O(t log t + n log n)} for {@code t} trades and {@code n} orders, after
 * {@link #of}'s one-time {@code O(n log n)} indexing (plus, for MAX_MIN_SURPLUS, the pair classes).
 */
public final class ProposalScorer {
    private final ClearingInput input;
    private final String inputDigest;
    private final Objective objective;
    private final WheelingSchedule wheeling;
    /** The book's orders sorted by id, and their fields as arrays (index = rank by id). */
    private final String[] ids;
    private final Order[] orders;
    /** Per order (by id), for MAX_MIN_SURPLUS: has a feasible counterparty. Null otherwise. */
    private final boolean[] tradable;

    private ProposalScorer(ClearingInput input, String inputDigest, Order[] orders, boolean[] tradable) {
        this.input = input;
        this.inputDigest = inputDigest;
        this.objective = input.objective();
        this.wheeling = input.effectiveWheeling();
        this.orders = orders;
        this.ids = new String[orders.length];
        for (int k = 0; k < orders.length; k++) {
            ids[k] = orders[k].id();
        }
        this.tradable = tradable;
    }

    /**
     * Indexes a book for scoring. The book is validated as the engine validates it.
     *
     * @throws InvalidInputException the book's own refusal, or {@code WRONG_MECHANISM} when it is
     *     not an OPTIMAL book
     */
    public static ProposalScorer of(ClearingInput input) throws InvalidInputException {
        InputValidator.validate(input);
        if (input.mechanism() != Mechanism.OPTIMAL) {
            throw new InvalidInputException(MarketErrorCode.WRONG_MECHANISM, null, "mechanism",
                    "must be OPTIMAL for proposals, got " + input.mechanism());
        }
        Order[] byId = input.orders().toArray(new Order[0]);
        Arrays.sort(byId, Comparator.comparing(Order::id));
        boolean[] tradable = null;
        if (input.objective() == Objective.MAX_MIN_SURPLUS) {
            tradable = tradable(input, byId);
        }
        return new ProposalScorer(input, MarketJson.inputDigest(input), byId, tradable);
    }

    private static boolean[] tradable(ClearingInput input, Order[] byId) {
        Book book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        Tradable t = OptimalTrades.tradable(book);
        String[] ids = Arrays.stream(byId).map(Order::id).toArray(String[]::new);
        boolean[] result = new boolean[byId.length];
        List<Book.Entry> buys = book.buys();
        for (int i = 0; i < buys.size(); i++) {
            result[Arrays.binarySearch(ids, buys.get(i).id())] = t.buy(i);
        }
        List<Book.Entry> sells = book.sells();
        for (int j = 0; j < sells.size(); j++) {
            result[Arrays.binarySearch(ids, sells.get(j).id())] = t.sell(j);
        }
        return result;
    }

    public ClearingInput input() {
        return input;
    }

    /** The book's digest, which every proposal for it must name. */
    public String inputDigest() {
        return inputDigest;
    }

    /** The proposal of an engine result's trades (prices and fees dropped: they are implied). */
    public static Proposal proposalOf(ClearingResult result) {
        List<ProposedTrade> trades = new ArrayList<>(result.trades().size());
        for (Trade t : result.trades()) {
            trades.add(new ProposedTrade(t.buyOrderId(), t.sellOrderId(), t.wh()));
        }
        return new Proposal(result.slot(), result.inputDigest(), trades);
    }

    /** Scores an engine result for this book (the built-in reference) as the proposal of its trades. */
    public ScoredProposal score(ClearingResult engineResult) throws InvalidInputException {
        return score(proposalOf(engineResult));
    }

    /**
     * @throws InvalidInputException for the first rule the proposal breaks (see the class comment)
     */
    public ScoredProposal score(Proposal p) throws InvalidInputException {
        if (!p.slot().equals(input.slot())) {
            throw new InvalidInputException(MarketErrorCode.PROPOSAL_MISMATCH, null, "slot",
                    "must be the book's slot " + input.slot() + ", got " + quote(p.slot()));
        }
        if (!p.inputDigest().equals(inputDigest)) {
            throw new InvalidInputException(MarketErrorCode.PROPOSAL_MISMATCH, null, "inputDigest",
                    "must be the digest of the slot's closed book " + inputDigest + ", got " + quote(p.inputDigest()));
        }
        List<ProposedTrade> given = p.trades();
        Integer[] visit = new Integer[given.size()];
        Arrays.setAll(visit, k -> k);
        Arrays.sort(visit, Comparator.<Integer, ProposedTrade>comparing(given::get, ProposalJson.CANONICAL_ORDER)
                .thenComparingInt(k -> k));
        long[] filled = new long[orders.length];
        long[] share = new long[orders.length];
        Trade[] trades = new Trade[visit.length];
        long volume = 0;
        long surplus = 0;
        boolean overflow = false;
        int previousBuy = -1;
        int previousSell = -1;
        for (int n = 0; n < visit.length; n++) {
            int index = visit[n];
            ProposedTrade t = given.get(index);
            int buy = order(index, t, t.buyOrderId(), "buyOrderId", Side.BUY);
            int sell = order(index, t, t.sellOrderId(), "sellOrderId", Side.SELL);
            if (t.wh() < 1) {
                throw InvalidInputException.inTrade(MarketErrorCode.OUT_OF_RANGE, index, t.buyOrderId(),
                        t.sellOrderId(), "wh", "must be at least 1, got " + t.wh());
            }
            Order b = orders[buy];
            Order s = orders[sell];
            long fee = wheeling.fee(b.location(), s.location());
            // Prices are within ±1e7 and fees within 1e7: no overflow.
            long perKwh = b.price() - s.price() - fee;
            if (perKwh < 0) {
                throw InvalidInputException.inTrade(MarketErrorCode.INFEASIBLE_PAIR, index, t.buyOrderId(),
                        t.sellOrderId(), "sellOrderId", "cannot trade with this BUY: buy price " + b.price()
                                + " < sell price " + s.price() + " + wheeling fee " + fee + " (distance "
                                + b.location().distanceTo(s.location()) + ")");
            }
            if (buy == previousBuy && sell == previousSell) {
                throw InvalidInputException.inTrade(MarketErrorCode.DUPLICATE_PAIR, index, t.buyOrderId(),
                        t.sellOrderId(), "sellOrderId", "must not pair the same BUY and SELL as another trade");
            }
            previousBuy = buy;
            previousSell = sell;
            filled[buy] = saturatingAdd(filled[buy], t.wh());
            filled[sell] = saturatingAdd(filled[sell], t.wh());
            long sellerPerKwh = perKwh / 2;
            trades[n] = new Trade(t.buyOrderId(), t.sellOrderId(), t.wh(), s.price() + sellerPerKwh, fee);
            try {
                volume = Math.addExact(volume, t.wh());
                surplus = Math.addExact(surplus, Math.multiplyExact(perKwh, t.wh()));
                share[buy] = Math.addExact(share[buy], Math.multiplyExact(perKwh - sellerPerKwh, t.wh()));
                share[sell] = Math.addExact(share[sell], Math.multiplyExact(sellerPerKwh, t.wh()));
            } catch (ArithmeticException e) {
                // Reported after the fill check: an order's share overflows only when it is overfilled.
                overflow = true;
            }
        }
        for (int k = 0; k < orders.length; k++) {
            if (filled[k] > orders[k].wh()) {
                throw new InvalidInputException(MarketErrorCode.OVERFILLED, ids[k], "wh",
                        "is " + orders[k].wh() + " Wh, but the proposal's trades with this order sum to "
                                + (filled[k] == Long.MAX_VALUE ? "at least " + Long.MAX_VALUE : filled[k]) + " Wh");
            }
        }
        if (overflow) {
            throw new InvalidInputException(MarketErrorCode.BEYOND_LIMITS, null, "trades",
                    "give a volume or surplus beyond the 64-bit range of Wh and money units");
        }
        SurplusRate minRate = objective == Objective.MAX_MIN_SURPLUS ? minRate(share) : null;
        String digest = ProposalJson.digest(p);
        // visit is the canonical order, which is (buyOrderId, sellOrderId) for a valid proposal.
        return new ScoredProposal(p, digest, ProposalJson.drawKey(inputDigest, digest),
                new Score(objective, surplus, volume, minRate), List.of(trades));
    }

    private int order(int index, ProposedTrade t, String id, String field, Side side) throws InvalidInputException {
        int k = Arrays.binarySearch(ids, id);
        if (k < 0) {
            throw InvalidInputException.inTrade(MarketErrorCode.UNKNOWN_ORDER, index, t.buyOrderId(),
                    t.sellOrderId(), field, "must name an order of the slot's book, got " + quote(id));
        }
        if (orders[k].side() != side) {
            throw InvalidInputException.inTrade(MarketErrorCode.WRONG_SIDE, index, t.buyOrderId(),
                    t.sellOrderId(), field, "must name a " + side + " order, " + quote(id) + " is a "
                            + orders[k].side());
        }
        return k;
    }

    private SurplusRate minRate(long[] share) {
        SurplusRate min = null;
        for (int k = 0; k < orders.length; k++) {
            if (tradable[k]) {
                SurplusRate r = new SurplusRate(share[k], orders[k].wh());
                if (min == null || r.compareTo(min) < 0) {
                    min = r;
                }
            }
        }
        return min;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    private static String quote(String text) {
        return MessageText.quote(text);
    }

    /**
     * The slot's result from a scored proposal of this book, exactly as {@link io.p2pe.market.Clearing}
     * writes the engine's: every order's fill sorted by id, trades by (buyOrderId, sellOrderId) with
     * price {@code p_ij} and fee {@code fee_ij}, no clearing price.
     */
    public ClearingResult result(ScoredProposal winner) {
        if (!winner.proposal().inputDigest().equals(inputDigest)) {
            throw new IllegalArgumentException("the proposal is for another book");
        }
        long[] filled = new long[orders.length];
        for (Trade t : winner.trades()) {
            filled[Arrays.binarySearch(ids, t.buyOrderId())] += t.wh();
            filled[Arrays.binarySearch(ids, t.sellOrderId())] += t.wh();
        }
        List<Fill> fills = new ArrayList<>(orders.length);
        for (int k = 0; k < orders.length; k++) {
            fills.add(new Fill(ids[k], filled[k]));
        }
        return new ClearingResult(input.slot(), Mechanism.OPTIMAL, objective, null, winner.score().volumeWh(),
                winner.score().surplus(), winner.trades(), fills, inputDigest);
    }
}
