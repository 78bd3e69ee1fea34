package io.p2pe.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A validated slot book as the mechanisms see it: orders with their tie-break keys, split by side
 * and sorted best-first (BUY by price desc, SELL by price asc; ties by key).
 */
public final class Book {
    /** An order with its tie-break key precomputed. */
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

    private static final Comparator<Entry> BY_KEY = Comparator.comparing(Entry::key);
    static final Comparator<Entry> BUYS_BEST_FIRST =
            Comparator.comparingLong(Entry::price).reversed().thenComparing(BY_KEY);
    static final Comparator<Entry> SELLS_BEST_FIRST =
            Comparator.comparingLong(Entry::price).thenComparing(BY_KEY);

    private final String slot;
    private final WheelingSchedule wheeling;
    private final List<Entry> buys;
    private final List<Entry> sells;

    public Book(String slot, WheelingSchedule wheeling, List<Order> orders) {
        this.slot = slot;
        this.wheeling = wheeling;
        List<Entry> b = new ArrayList<>();
        List<Entry> s = new ArrayList<>();
        TieBreak.Keyer keyer = new TieBreak.Keyer(slot);
        for (Order o : orders) {
            Entry e = new Entry(o, keyer.key(o.id()));
            (o.side() == Side.BUY ? b : s).add(e);
        }
        b.sort(BUYS_BEST_FIRST);
        s.sort(SELLS_BEST_FIRST);
        this.buys = List.copyOf(b);
        this.sells = List.copyOf(s);
    }

    public String slot() {
        return slot;
    }

    public WheelingSchedule wheeling() {
        return wheeling;
    }

    /** BUY orders by (price desc, key). */
    public List<Entry> buys() {
        return buys;
    }

    /** SELL orders by (price asc, key). */
    public List<Entry> sells() {
        return sells;
    }

    /** Wheeling fee per kWh, in ticks, between a BUY and a SELL. */
    public long fee(Entry buy, Entry sell) {
        return wheeling.fee(buy.location(), sell.location());
    }
}
