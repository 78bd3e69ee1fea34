package io.p2pe.market;

import java.util.Arrays;
import java.util.List;

/**
 * A mechanism's trades as parallel arrays, without a {@link Trade} object or id lookup per trade:
 * trade {@code t} pairs BUY {@code buys[t]} and SELL {@code sells[t]} (positions in the
 * {@link Book}'s sides) for {@code whs[t]} Wh at {@code prices[t]} with {@code fees[t]}.
 * {@link Clearing} turns them into the result's sorted trades and fills.
 */
final class Matches {
    /** The uniform price, or null (no trades, or a pairwise mechanism). */
    Long clearingPrice;
    /** Total surplus in money units, summed by {@link Clearing}. */
    long surplus;
    int size;
    int[] buys;
    int[] sells;
    long[] whs;
    long[] prices;
    long[] fees;

    Matches(int expected) {
        int capacity = Math.max(16, expected);
        buys = new int[capacity];
        sells = new int[capacity];
        whs = new long[capacity];
        prices = new long[capacity];
        fees = new long[capacity];
    }

    void add(int buy, int sell, long wh, long price, long fee) {
        if (size == buys.length) {
            int capacity = 2 * size;
            buys = Arrays.copyOf(buys, capacity);
            sells = Arrays.copyOf(sells, capacity);
            whs = Arrays.copyOf(whs, capacity);
            prices = Arrays.copyOf(prices, capacity);
            fees = Arrays.copyOf(fees, capacity);
        }
        buys[size] = buy;
        sells[size] = sell;
        whs[size] = wh;
        prices[size] = price;
        fees[size] = fee;
        size++;
    }

    /** The mechanism's outcome: the trades in the order found. */
    ClearingMechanism.Outcome outcome(Book book) {
        Trade[] trades = new Trade[size];
        Order[] buyOrders = book.buyHalf().orders;
        Order[] sellOrders = book.sellHalf().orders;
        for (int t = 0; t < size; t++) {
            trades[t] = new Trade(buyOrders[buys[t]].id(), sellOrders[sells[t]].id(), whs[t], prices[t], fees[t]);
        }
        return new ClearingMechanism.Outcome(clearingPrice, Arrays.asList(trades));
    }
}
