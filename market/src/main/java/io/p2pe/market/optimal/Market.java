package io.p2pe.market.optimal;

import io.p2pe.market.Book;
import java.util.List;

/**
 * A {@link Book} as arrays for the solvers. BUY {@code i} and SELL {@code j} are indices in Book
 * order (BUY by price desc, SELL by price asc, ties by tie-break key), so every loop over them runs
 * in an order fixed by the book's contents. Internal to this package.
 */
final class Market {
    final int buyCount;
    final int sellCount;
    final long[] buyPrice;
    final long[] buyWh;
    final long[] sellPrice;
    final long[] sellWh;
    final String[][] buyPath;
    final String[][] sellPath;
    final String[] buyId;
    final String[] sellId;
    /** Wheeling fee by capped grid distance: {@code levels[min(d, levels.length − 1)]}. */
    final long[] levels;

    private Market(List<Book.Entry> buys, List<Book.Entry> sells, List<Long> levels) {
        buyCount = buys.size();
        sellCount = sells.size();
        buyPrice = new long[buyCount];
        buyWh = new long[buyCount];
        buyPath = new String[buyCount][];
        buyId = new String[buyCount];
        for (int i = 0; i < buyCount; i++) {
            Book.Entry e = buys.get(i);
            buyPrice[i] = e.price();
            buyWh[i] = e.wh();
            buyPath[i] = e.location().segments().toArray(new String[0]);
            buyId[i] = e.id();
        }
        sellPrice = new long[sellCount];
        sellWh = new long[sellCount];
        sellPath = new String[sellCount][];
        sellId = new String[sellCount];
        for (int j = 0; j < sellCount; j++) {
            Book.Entry e = sells.get(j);
            sellPrice[j] = e.price();
            sellWh[j] = e.wh();
            sellPath[j] = e.location().segments().toArray(new String[0]);
            sellId[j] = e.id();
        }
        this.levels = new long[levels.size()];
        for (int k = 0; k < this.levels.length; k++) {
            this.levels[k] = levels.get(k);
        }
    }

    private Market(Market m, long[] buyWh, long[] sellWh) {
        buyCount = m.buyCount;
        sellCount = m.sellCount;
        buyPrice = m.buyPrice;
        this.buyWh = buyWh;
        sellPrice = m.sellPrice;
        this.sellWh = sellWh;
        buyPath = m.buyPath;
        sellPath = m.sellPath;
        buyId = m.buyId;
        sellId = m.sellId;
        levels = m.levels;
    }

    /** The same orders with other Wh (what is left of them after some trades). */
    Market withWh(long[] buyWh, long[] sellWh) {
        return new Market(this, buyWh.clone(), sellWh.clone());
    }

    /** The book's orders and wheeling schedule. */
    static Market of(Book book) {
        return new Market(book.buys(), book.sells(), book.wheeling().levels());
    }

    int buyCount() {
        return buyCount;
    }

    int sellCount() {
        return sellCount;
    }

    /** The fee for a grid distance. */
    long feeAt(int distance) {
        return levels[Math.min(distance, levels.length - 1)];
    }

    /** Wheeling fee per kWh between BUY {@code i} and SELL {@code j}, by the rules' grid distance. */
    long fee(int i, int j) {
        String[] a = buyPath[i];
        String[] b = sellPath[j];
        int limit = Math.min(a.length, b.length);
        int shared = 0;
        while (shared < limit && a[shared].equals(b[shared])) {
            shared++;
        }
        return feeAt(Math.max(a.length, b.length) - shared);
    }

    /** Surplus per kWh of the pair, {@code price_i − price_j − fee_ij}; the pair is feasible iff ≥ 0. */
    long surplus(int i, int j) {
        return buyPrice[i] - sellPrice[j] - fee(i, j);
    }

    /** What the seller receives per kWh: {@code price_j + floor(s_ij / 2)}. */
    long tradePrice(int i, int j) {
        return sellPrice[j] + Math.floorDiv(surplus(i, j), 2);
    }

    String buyId(int i) {
        return buyId[i];
    }

    String sellId(int j) {
        return sellId[j];
    }

    /** True when fees never fall as distance grows (the usual schedule). */
    boolean feesNonDecreasing() {
        for (int k = 1; k < levels.length; k++) {
            if (levels[k] < levels[k - 1]) {
                return false;
            }
        }
        return true;
    }
}
