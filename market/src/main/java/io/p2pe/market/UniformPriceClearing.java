package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;

/**
 * UNIFORM_PRICE (MARKET-RULES.md): one price for the slot, the largest tradable volume, pro-rata
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
        Curve buys = Curve.of(book.buys());
        Curve sells = Curve.of(book.sells());
        long volume = maxVolume(buys, sells);
        if (volume == 0) {
            return new Outcome(null, List.of());
        }
        long hi = buys.priceReaching(volume);
        long lo = sells.priceReaching(volume);
        long price = lo + Math.floorDiv(hi - lo, 2);
        return new Outcome(price, staircase(buys, buys.fills(volume), sells, sells.fills(volume), price));
    }

    /**
     * One side of the book best first, with prices and Wh copied into arrays: the several passes
     * below then run over contiguous memory instead of chasing a pointer per order (at 1M orders
     * that cuts the time by a third).
     */
    private record Curve(List<Book.Entry> entries, long[] prices, long[] whs) {
        static Curve of(List<Book.Entry> entries) {
            long[] prices = new long[entries.size()];
            long[] whs = new long[entries.size()];
            for (int i = 0; i < prices.length; i++) {
                Order o = entries.get(i).order();
                prices[i] = o.price();
                whs[i] = o.wh();
            }
            return new Curve(entries, prices, whs);
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
                    long[] shares = ProRata.share(left, entries.subList(start, end), levelTotal);
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
    private static List<Trade> staircase(Curve buys, long[] buyFills, Curve sells, long[] sellFills, long price) {
        List<Trade> trades = new ArrayList<>();
        int b = nextFilled(buyFills, 0);
        int s = nextFilled(sellFills, 0);
        long buyLeft = b < buyFills.length ? buyFills[b] : 0;
        long sellLeft = s < sellFills.length ? sellFills[s] : 0;
        while (b < buyFills.length && s < sellFills.length) {
            long wh = Math.min(buyLeft, sellLeft);
            trades.add(new Trade(buys.entries.get(b).id(), sells.entries.get(s).id(), wh, price, 0));
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

    private static int nextFilled(long[] fills, int from) {
        int i = from;
        while (i < fills.length && fills[i] == 0) {
            i++;
        }
        return i;
    }
}
