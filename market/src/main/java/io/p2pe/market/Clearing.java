package io.p2pe.market;

import java.util.Arrays;

/**
 * Entry point of the engine: validate, clear with the input's mechanism, and assemble the result
 * with fills, volume, surplus and the input digest.
 *
 * <pre>{@code
 * ClearingInput input = MarketJson.readInput(json);
 * ClearingResult result = Clearing.clear(input);
 * String out = MarketJson.writeResult(result);
 * }</pre>
 */
public final class Clearing {
    private Clearing() {
    }

    /**
     * @throws InvalidInputException for input the rules refuse, and with code
     *     {@link MarketErrorCode#BEYOND_LIMITS} for a valid book whose volume or surplus is beyond
     *     64 bits
     */
    public static ClearingResult clear(ClearingInput input) throws InvalidInputException {
        InputValidator.ById sorted = InputValidator.sortForValidation(input);
        // The digest needs only the orders in id order: a large book computes it beside the order
        // checks and the clearing (and drops it if the checks refuse the input).
        Order[] inIdOrder = sorted.orders;
        Forked<String> digest = Forked.of(inIdOrder.length, () -> MarketJson.inputDigest(input, inIdOrder));
        Order[] byId = sorted.validate();
        // The book's sources are positions in id order: a trade's orders map to their fills directly.
        Book book = new Book(input.slot(), input.effectiveWheeling(), byId);
        try {
            return assemble(input, byId, ranked(input, book, byId), digest.join());
        } catch (ArithmeticException e) {
            throw new InvalidInputException(MarketErrorCode.BEYOND_LIMITS, null, "orders",
                    "give a volume or surplus beyond the 64-bit range of Wh and money units");
        }
    }

    static ClearingMechanism mechanismFor(ClearingInput input) {
        return switch (input.mechanism()) {
            case UNIFORM_PRICE -> new UniformPriceClearing();
            case PAY_AS_BID -> new PayAsBidClearing();
            case OPTIMAL -> new OptimalClearing(input.objective());
        };
    }

    /** The mechanism's trades with their orders as positions in {@code byId}. */
    private static Matches ranked(ClearingInput input, Book book, Order[] byId) {
        Matches m;
        switch (input.mechanism()) {
            case UNIFORM_PRICE -> m = UniformPriceClearing.match(book);
            case PAY_AS_BID -> m = PayAsBidClearing.match(book);
            default -> {
                // OPTIMAL names orders by id; its books are small, so a binary search per trade will do.
                ClearingMechanism.Outcome outcome = mechanismFor(input).clear(book);
                String[] ids = new String[byId.length];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = byId[k].id();
                }
                m = new Matches(outcome.trades().size());
                m.clearingPrice = outcome.clearingPrice();
                for (Trade t : outcome.trades()) {
                    int buy = Arrays.binarySearch(ids, t.buyOrderId());
                    int sell = Arrays.binarySearch(ids, t.sellOrderId());
                    m.add(buy, sell, t.wh(), t.price(), t.wheelingFee());
                    m.surplus = Math.addExact(m.surplus, surplus(byId[buy].price(), byId[sell].price(), t.wheelingFee(), t.wh()));
                }
                return m;
            }
        }
        // Surplus from the sides' contiguous prices, then the positions turned into id ranks.
        Book.Half buys = book.buyHalf();
        Book.Half sells = book.sellHalf();
        for (int t = 0; t < m.size; t++) {
            int buy = m.buys[t];
            int sell = m.sells[t];
            m.surplus = Math.addExact(m.surplus, surplus(buys.prices[buy], sells.prices[sell], m.fees[t], m.whs[t]));
            m.buys[t] = buys.sources[buy];
            m.sells[t] = sells.sources[sell];
        }
        return m;
    }

    /** The surplus of a trade: {@code (price_i − price_j − fee_ij) × w}. */
    private static long surplus(long buyPrice, long sellPrice, long fee, long wh) {
        return Math.multiplyExact(buyPrice - sellPrice - fee, wh);
    }

    /**
     * Fills and volume from the trades, the trades sorted by (buyOrderId, sellOrderId),
     * i.e. by their orders' positions in id order.
     */
    private static ClearingResult assemble(ClearingInput input, Order[] byId, Matches m, String inputDigest) {
        long[] filled = new long[byId.length];
        long volume = 0;
        long[] pairs = new long[m.size];
        int[] tradeIndex = new int[m.size];
        for (int t = 0; t < m.size; t++) {
            int buy = m.buys[t];
            int sell = m.sells[t];
            long wh = m.whs[t];
            filled[buy] = Math.addExact(filled[buy], wh);
            filled[sell] = Math.addExact(filled[sell], wh);
            volume = Math.addExact(volume, wh);
            pairs[t] = (long) buy << 32 | sell;
            tradeIndex[t] = t;
        }
        KeySort.sort(pairs, tradeIndex, m.size);
        Trade[] trades = new Trade[m.size];
        for (int k = 0; k < trades.length; k++) {
            int t = tradeIndex[k];
            // The sorted pair key holds both ranks: BUY ranks ascend here, so byId is read in order.
            trades[k] = new Trade(byId[(int) (pairs[k] >>> 32)].id(), byId[(int) pairs[k]].id(), m.whs[t], m.prices[t],
                    m.fees[t]);
        }
        Fill[] fills = new Fill[byId.length];
        for (int k = 0; k < byId.length; k++) {
            fills[k] = new Fill(byId[k].id(), filled[k]);
        }
        Objective objective = input.mechanism() == Mechanism.OPTIMAL ? input.objective() : null;
        return new ClearingResult(input.slot(), input.mechanism(), objective, m.clearingPrice,
                volume, m.surplus, Arrays.asList(trades), Arrays.asList(fills), inputDigest);
    }
}
