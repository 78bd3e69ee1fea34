package io.p2pe.market;

/**
 * UNIFORM_PRICE (docs/market-rules.md): one price for the slot, the largest tradable volume, pro-rata
 * rationing of the marginal levels, and staircase pairing of the fills into trades. Wheeling is
 * ignored. Runs in O(n) on the book's presorted sides (plus a sort of one marginal level).
 *
 * <p>Why the clearing interval is {@code [lo, hi]} as computed here: {@code D(p)} is
 * non-increasing, so {@code {p : D(p) ≥ Q*}} is a downward-closed set of integers whose largest
 * element is the price of the BUY at which the cumulative Wh (best first) first reaches
 * {@code Q*} — at that price all better and equal BUYs count, one tick above only the strictly
 * better ones, which sum to less than {@code Q*}. Symmetrically for SELLs, {@code S(p) ≥ Q*} holds
 * exactly from the price of the SELL at which the cumulative Wh first reaches {@code Q*}. The
 * interval is non-empty because the price where {@code Q*} is attained lies in both sets.
 */
public final class UniformPriceClearing implements ClearingMechanism {

    @Override
    public Outcome clear(Book book) {
        return match(book).outcome(book);
    }

    /** The clearing price and the trades, as {@link Matches} over the book's sides. */
    static Matches match(Book book) {
        Curve buys = new Curve(book.buyHalf());
        Curve sells = new Curve(book.sellHalf());
        long volume = maxVolume(buys, sells);
        if (volume == 0) {
            return new Matches(0);
        }
        long hi = buys.priceReaching(volume);
        long lo = sells.priceReaching(volume);
        long price = lo + Math.floorDiv(hi - lo, 2);
        Matches matches = staircase(buys.fills(volume), sells.fills(volume), price);
        matches.clearingPrice = price;
        return matches;
    }

    /** One side of the book best first: the book's contiguous price and Wh arrays. */
    private static final class Curve {
        private final Book.Half half;
        private final long[] prices;
        private final long[] whs;

        Curve(Book.Half half) {
            this.half = half;
            this.prices = half.prices;
            this.whs = half.whs;
        }

        int size() {
            return prices.length;
        }

        long total() {
            long total = 0;
            for (long wh : whs) {
                total = Math.addExact(total, wh);
            }
            return total;
        }

        /** The price of the order, best first, at which the cumulative Wh first reaches {@code volume}. */
        long priceReaching(long volume) {
            long cumulative = 0;
            for (int i = 0; i < prices.length; i++) {
                cumulative = Math.addExact(cumulative, whs[i]);
                if (cumulative >= volume) {
                    return prices[i];
                }
            }
            throw new IllegalStateException("side holds less than the volume " + volume);
        }

        /**
         * Fills, index-aligned with the side: levels best first fill fully while they fit in what
         * is left of {@code volume}; the first that does not fit is rationed pro rata.
         */
        long[] fills(long volume) {
            long[] fills = new long[prices.length];
            long left = volume;
            int start = 0;
            while (left > 0) {
                int end = start;
                long levelTotal = 0;
                while (end < prices.length && prices[end] == prices[start]) {
                    levelTotal = Math.addExact(levelTotal, whs[end]);
                    end++;
                }
                if (levelTotal <= left) {
                    System.arraycopy(whs, start, fills, start, end - start);
                    left -= levelTotal;
                } else {
                    long[] shares = ProRata.share(left, half, start, end, levelTotal);
                    System.arraycopy(shares, 0, fills, start, shares.length);
                    left = 0;
                }
                start = end;
            }
            return fills;
        }
    }

    /**
     * {@code Q* = max_p min(D(p), S(p))}. Only SELL prices need checking: for any p, the highest
     * SELL price {@code s ≤ p} has {@code S(s) = S(p)} and {@code D(s) ≥ D(p)}.
     */
    private static long maxVolume(Curve buys, Curve sells) {
        long demand = buys.total();
        int lowestBuy = buys.size() - 1;
        long supply = 0;
        long best = 0;
        int i = 0;
        while (i < sells.size()) {
            long p = sells.prices[i];
            while (i < sells.size() && sells.prices[i] == p) {
                supply = Math.addExact(supply, sells.whs[i]);
                i++;
            }
            while (lowestBuy >= 0 && buys.prices[lowestBuy] < p) {
                demand -= buys.whs[lowestBuy];
                lowestBuy--;
            }
            best = Math.max(best, Math.min(demand, supply));
        }
        return best;
    }

    /** Pairs the filled BUYs and SELLs in book order; each trade takes what both still have. */
    private static Matches staircase(long[] buyFills, long[] sellFills, long price) {
        // Each trade uses up a BUY or a SELL (the last uses up both): at most this many trades.
        Matches trades = new Matches(filledCount(buyFills) + filledCount(sellFills));
        int b = nextFilled(buyFills, 0);
        int s = nextFilled(sellFills, 0);
        long buyLeft = b < buyFills.length ? buyFills[b] : 0;
        long sellLeft = s < sellFills.length ? sellFills[s] : 0;
        while (b < buyFills.length && s < sellFills.length) {
            long wh = Math.min(buyLeft, sellLeft);
            trades.add(b, s, wh, price, 0);
            buyLeft -= wh;
            sellLeft -= wh;
            if (buyLeft == 0) {
                b = nextFilled(buyFills, b + 1);
                buyLeft = b < buyFills.length ? buyFills[b] : 0;
            }
            if (sellLeft == 0) {
                s = nextFilled(sellFills, s + 1);
                sellLeft = s < sellFills.length ? sellFills[s] : 0;
            }
        }
        return trades;
    }

    private static int filledCount(long[] fills) {
        int count = 0;
        for (long f : fills) {
            if (f != 0) {
                count++;
            }
        }
        return count;
    }

    private static int nextFilled(long[] fills, int from) {
        int i = from;
        while (i < fills.length && fills[i] == 0) {
            i++;
        }
        return i;
    }
}
