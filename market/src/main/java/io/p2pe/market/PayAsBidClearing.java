package io.p2pe.market;

/**
 * PAY_AS_BID (docs/market-rules.md): walk BUYs by (price desc, key) and SELLs by (price asc, key);
 * while the current BUY's price is at least the current SELL's, trade what both still have at
 * the midpoint {@code floor((bid + ask) / 2)}. Wheeling is ignored and there is no single
 * clearing price. The volume equals UNIFORM_PRICE's {@code Q*}. O(n) on the presorted book.
 */
public final class PayAsBidClearing implements ClearingMechanism {

    @Override
    public Outcome clear(Book book) {
        return match(book).outcome(book);
    }

    /** The trades, as {@link Matches} over the book's sides. */
    static Matches match(Book book) {
        long[] buyPrices = book.buyHalf().prices;
        long[] buyWhs = book.buyHalf().whs;
        long[] sellPrices = book.sellHalf().prices;
        long[] sellWhs = book.sellHalf().whs;
        int buys = buyPrices.length;
        int sells = sellPrices.length;
        // Each trade uses up a BUY or a SELL (the last may use up both).
        Matches trades = new Matches(tradableCount(buyPrices, sellPrices));
        int b = 0;
        int s = 0;
        long buyLeft = buys == 0 ? 0 : buyWhs[0];
        long sellLeft = sells == 0 ? 0 : sellWhs[0];
        while (b < buys && s < sells && buyPrices[b] >= sellPrices[s]) {
            long wh = Math.min(buyLeft, sellLeft);
            // floorDiv, not '/': prices may be negative and the rule rounds toward −∞.
            long price = Math.floorDiv(buyPrices[b] + sellPrices[s], 2);
            trades.add(b, s, wh, price, 0);
            buyLeft -= wh;
            sellLeft -= wh;
            if (buyLeft == 0 && ++b < buys) {
                buyLeft = buyWhs[b];
            }
            if (sellLeft == 0 && ++s < sells) {
                sellLeft = sellWhs[s];
            }
        }
        return trades;
    }

    /** BUYs priced at least the best SELL plus SELLs priced at most the best BUY: a bound on the trades. */
    private static int tradableCount(long[] buyPrices, long[] sellPrices) {
        if (buyPrices.length == 0 || sellPrices.length == 0) {
            return 0;
        }
        int count = 0;
        for (long p : buyPrices) {
            if (p >= sellPrices[0]) {
                count++;
            }
        }
        for (long p : sellPrices) {
            if (p <= buyPrices[0]) {
                count++;
            }
        }
        return count;
    }
}
