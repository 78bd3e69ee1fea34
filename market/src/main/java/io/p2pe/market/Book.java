package io.p2pe.market;

import java.util.Arrays;
import java.util.List;

/**
 * A validated slot book as the mechanisms see it: orders with their tie-break keys, split by side
 * and sorted best-first (BUY by price desc, SELL by price asc; ties by key).
 *
 * <p>Each side is held as parallel arrays ({@link Half}): the mechanisms run over contiguous
 * prices and Wh, and keys are 32 digest bytes, never hex strings. The {@link Entry} lists are
 * built on first use only (OPTIMAL and tests read them).
 */
public final class Book {
    /** An order with its tie-break key (lowercase hex). */
    public record Entry(Order order, String key) {
        public String id() {
            return order.id();
        }

        public long wh() {
            return order.wh();
        }

        public long price() {
            return order.price();
        }

        public GridLocation location() {
            return order.location();
        }
    }

    /**
     * One side of the book, best first, as parallel arrays: order {@code i} is {@code orders[i]}
     * with {@code prices[i]}, {@code whs[i]}, its key at {@code keys[4k, 4k + 4)} for
     * {@code k = keyAt[i]} (the keys stay where they were computed) and {@code sources[i]}, its
     * index in the array the book was built from.
     */
    static final class Half {
        final Order[] orders;
        final long[] prices;
        final long[] whs;
        private final long[] keys;
        private final int[] keyAt;
        final int[] sources;

        private Half(Order[] orders, long[] prices, long[] whs, long[] keys, int[] keyAt, int[] sources) {
            this.orders = orders;
            this.prices = prices;
            this.whs = whs;
            this.keys = keys;
            this.keyAt = keyAt;
            this.sources = sources;
        }

        int size() {
            return orders.length;
        }

        /** Compares the tie-break keys of orders {@code i} and {@code j}. */
        int compareKeys(int i, int j) {
            return TieBreak.compare(keys, TieBreak.LONGS * keyAt[i], keys, TieBreak.LONGS * keyAt[j]);
        }

        private List<Entry> entries() {
            Entry[] entries = new Entry[orders.length];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new Entry(orders[i], TieBreak.hex(keys, TieBreak.LONGS * keyAt[i]));
            }
            return List.of(entries);
        }
    }

    private final String slot;
    private final WheelingSchedule wheeling;
    private final Half buyHalf;
    private final Half sellHalf;
    private List<Entry> buys;
    private List<Entry> sells;

    public Book(String slot, WheelingSchedule wheeling, List<Order> orders) {
        this(slot, wheeling, orders.toArray(new Order[0]));
    }

    /** A book of {@code orders}; {@link Half#sources} index into this array. */
    Book(String slot, WheelingSchedule wheeling, Order[] orders) {
        this.slot = slot;
        this.wheeling = wheeling;
        int buyCount = 0;
        for (Order o : orders) {
            if (o.side() == Side.BUY) {
                buyCount++;
            }
        }
        int[] buySources = new int[buyCount];
        int[] sellSources = new int[orders.length - buyCount];
        int b = 0;
        int s = 0;
        for (int i = 0; i < orders.length; i++) {
            if (orders[i].side() == Side.BUY) {
                buySources[b++] = i;
            } else {
                sellSources[s++] = i;
            }
        }
        // The sides are keyed and sorted independently, each with its own digest: a large book does both at once.
        Forked<Half> buys = Forked.of(orders.length, () -> half(orders, buySources, new TieBreak.Keyer(slot), true));
        this.sellHalf = half(orders, sellSources, new TieBreak.Keyer(slot), false);
        this.buyHalf = buys.join();
    }

    /**
     * Keys and sorts one side. The sort key packs the price, made ascending in the order wanted
     * and offset by the side's best price, into the high bits and the first bits of the tie-break
     * key into the rest, so one radix sort orders nearly everything; orders whose packed keys
     * coincide (same price and same leading key bits) are then ordered by their full keys.
     */
    private static Half half(Order[] all, int[] sources, TieBreak.Keyer keyer, boolean highestFirst) {
        int n = sources.length;
        long[] keys = new long[TieBreak.LONGS * n];
        long[] prices = new long[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Order o = all[sources[i]];
            keyer.key(o.id(), keys, TieBreak.LONGS * i);
            long price = o.price();
            prices[i] = price;
            min = Math.min(min, price);
            max = Math.max(max, price);
        }
        // Prices span at most 2^priceBits − 1 ticks from the best one; validated books need 24 bits.
        int priceBits = n == 0 || max == min ? 0 : 64 - Long.numberOfLeadingZeros(max - min);
        long[] sortKeys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            long rank = highestFirst ? max - prices[i] : prices[i] - min;
            long keyBits = keys[TieBreak.LONGS * i];
            sortKeys[i] = priceBits == 0 ? keyBits
                    : priceBits >= 64 ? rank
                    : rank << (64 - priceBits) | keyBits >>> priceBits;
            order[i] = i;
        }
        KeySort.sort(sortKeys, order, n);
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && sortKeys[end] == sortKeys[start]) {
                end++;
            }
            if (end - start > 1) {
                byFullKey(order, start, end, prices, keys, highestFirst);
            }
            start = end;
        }
        Order[] orders = new Order[n];
        long[] sortedPrices = new long[n];
        long[] whs = new long[n];
        int[] sortedSources = new int[n];
        for (int i = 0; i < n; i++) {
            int from = order[i];
            Order o = all[sources[from]];
            orders[i] = o;
            sortedPrices[i] = prices[from];
            whs[i] = o.wh();
            sortedSources[i] = sources[from];
        }
        return new Half(orders, sortedPrices, whs, keys, order, sortedSources);
    }

    /** Orders {@code order[start, end)}, whose packed keys are equal, by (price, full key). */
    private static void byFullKey(int[] order, int start, int end, long[] prices, long[] keys, boolean highestFirst) {
        Integer[] run = new Integer[end - start];
        for (int i = 0; i < run.length; i++) {
            run[i] = order[start + i];
        }
        Arrays.sort(run, (x, y) -> {
            int c = Long.compare(prices[x], prices[y]);
            if (c != 0) {
                return highestFirst ? -c : c;
            }
            return TieBreak.compare(keys, TieBreak.LONGS * x, keys, TieBreak.LONGS * y);
        });
        for (int i = 0; i < run.length; i++) {
            order[start + i] = run[i];
        }
    }

    public String slot() {
        return slot;
    }

    public WheelingSchedule wheeling() {
        return wheeling;
    }

    /** BUY orders by (price desc, key). */
    public List<Entry> buys() {
        List<Entry> b = buys;
        if (b == null) {
            b = buyHalf.entries();
            buys = b;
        }
        return b;
    }

    /** SELL orders by (price asc, key). */
    public List<Entry> sells() {
        List<Entry> s = sells;
        if (s == null) {
            s = sellHalf.entries();
            sells = s;
        }
        return s;
    }

    /** The BUY side by (price desc, key), as arrays. */
    Half buyHalf() {
        return buyHalf;
    }

    /** The SELL side by (price asc, key), as arrays. */
    Half sellHalf() {
        return sellHalf;
    }

    /** Wheeling fee per kWh, in ticks, between a BUY and a SELL. */
    public long fee(Entry buy, Entry sell) {
        return wheeling.fee(buy.location(), sell.location());
    }
}
