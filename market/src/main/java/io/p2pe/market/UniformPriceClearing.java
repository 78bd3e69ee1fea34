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
        List<Book.Entry> buys = book.buys();
        List<Book.Entry> sells = book.sells();
        long volume = maxVolume(buys, sells);
        if (volume == 0) {
            return new Outcome(null, List.of());
        }
        long hi = priceReaching(buys, volume);
        long lo = priceReaching(sells, volume);
        long price = lo + Math.floorDiv(hi - lo, 2);
        long[] buyFills = fills(buys, volume);
        long[] sellFills = fills(sells, volume);
        return new Outcome(price, staircase(buys, buyFills, sells, sellFills, price));
    }

    /**
     * {@code Q* = max_p min(D(p), S(p))}. Only SELL prices need checking: for any p, the highest
     * SELL price {@code s ≤ p} has {@code S(s) = S(p)} and {@code D(s) ≥ D(p)}.
     */
    static long maxVolume(List<Book.Entry> buys, List<Book.Entry> sells) {
        long demand = 0;
        for (Book.Entry b : buys) {
            demand = Math.addExact(demand, b.wh());
        }
        int lowestBuy = buys.size() - 1;
        long supply = 0;
        long best = 0;
        int i = 0;
        while (i < sells.size()) {
            long p = sells.get(i).price();
            while (i < sells.size() && sells.get(i).price() == p) {
                supply = Math.addExact(supply, sells.get(i).wh());
                i++;
            }
            while (lowestBuy >= 0 && buys.get(lowestBuy).price() < p) {
                demand -= buys.get(lowestBuy).wh();
                lowestBuy--;
            }
            best = Math.max(best, Math.min(demand, supply));
        }
        return best;
    }

    /** The price of the order, best first, at which the cumulative Wh first reaches {@code volume}. */
    private static long priceReaching(List<Book.Entry> side, long volume) {
        long cumulative = 0;
        for (Book.Entry e : side) {
            cumulative = Math.addExact(cumulative, e.wh());
            if (cumulative >= volume) {
                return e.price();
            }
        }
        throw new IllegalStateException("side holds less than the volume " + volume);
    }

    /**
     * Fills of one side, index-aligned with it: levels best first fill fully while they fit in
     * what is left of {@code volume}; the first that does not fit is rationed pro rata.
     */
    private static long[] fills(List<Book.Entry> side, long volume) {
        long[] fills = new long[side.size()];
        long left = volume;
        int start = 0;
        while (left > 0) {
            long price = side.get(start).price();
            int end = start;
            long levelTotal = 0;
            while (end < side.size() && side.get(end).price() == price) {
                levelTotal = Math.addExact(levelTotal, side.get(end).wh());
                end++;
            }
            if (levelTotal <= left) {
                for (int k = start; k < end; k++) {
                    fills[k] = side.get(k).wh();
                }
                left -= levelTotal;
            } else {
                long[] shares = ProRata.share(left, side.subList(start, end), levelTotal);
                System.arraycopy(shares, 0, fills, start, shares.length);
                left = 0;
            }
            start = end;
        }
        return fills;
    }

    /** Pairs the filled BUYs and SELLs in book order; each trade takes what both still have. */
    private static List<Trade> staircase(List<Book.Entry> buys, long[] buyFills,
                                         List<Book.Entry> sells, long[] sellFills, long price) {
        List<Trade> trades = new ArrayList<>();
        int b = nextFilled(buyFills, 0);
        int s = nextFilled(sellFills, 0);
        long buyLeft = b < buyFills.length ? buyFills[b] : 0;
        long sellLeft = s < sellFills.length ? sellFills[s] : 0;
        while (b < buyFills.length && s < sellFills.length) {
            long wh = Math.min(buyLeft, sellLeft);
            trades.add(new Trade(buys.get(b).id(), sells.get(s).id(), wh, price, 0));
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
