package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * OPTIMAL MAX_MIN_SURPLUS at 1,000 and 10,000 orders (the target search of
 * {@code optimal.FloorRaising}), on two kinds of book: {@code wards}, the {@link BenchmarkBooks}
 * homes of five Tokyo wards with wheeling (every order distinct), and {@code types}, orders drawn
 * from 40 (side, price, location) types with wheeling, separated prices (every pair feasible).
 * Setup prints the result's smallest rate against the LP bound: the exact {@code t*} by ojalgo
 * for {@code types} (the LP of the merged types is small), and for {@code wards}, whose LP has
 * millions of columns, against the upper bound {@code min_k best share_k ≥ t*}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OptimalMinSurplusBenchmark {

    @Param({"1000", "10000"})
    public int orders;

    @Param({"wards", "types"})
    public String books;

    private Book book;
    private ClearingMechanism engine;

    @Setup(Level.Trial)
    public void setUp() {
        List<Order> list = "wards".equals(books)
                ? BenchmarkBooks.input(Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, orders).orders() : typed(orders);
        book = new Book(BenchmarkBooks.SLOT, BenchmarkBooks.WHEELING, list);
        engine = new OptimalClearing(Objective.MAX_MIN_SURPLUS);
        double rate = MinSurplusLp.minRate(book, engine.clear(book).trades()).value();
        if ("types".equals(books)) {
            double tStar = MinSurplusLp.tStar(book);
            System.out.printf(Locale.ROOT, "%n[%s %d] smallest rate %.3f, t* %.3f, rate/t* %.4f%n", books, orders, rate,
                    tStar, rate / tStar);
        } else {
            double bound = bestShareBound(book);
            System.out.printf(Locale.ROOT, "%n[%s %d] smallest rate %.3f, t* <= min best share %.3f, rate/bound %.4f%n",
                    books, orders, rate, bound, rate / bound);
        }
    }

    private static List<Order> typed(int n) {
        Random random = new Random(20261202L + n);
        String[] locations = {"tokyo/setagaya/seijo/feeder-3", "tokyo/setagaya/seijo/feeder-4",
            "tokyo/setagaya/kita/feeder-1", "tokyo/meguro/district-2/feeder-1", "tokyo/suginami/district-7/feeder-5"};
        long[][] types = new long[40][];
        for (int t = 0; t < types.length; t++) {
            boolean buy = t % 2 == 0;
            types[t] = new long[] {buy ? 1 : 0, buy ? 2400 + 10L * random.nextInt(61) : 700 + 10L * random.nextInt(51),
                random.nextInt(locations.length)};
        }
        List<Order> orders = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long[] type = types[random.nextInt(types.length)];
            Side side = type[0] == 1 ? Side.BUY : Side.SELL;
            orders.add(new Order(String.format("o-%07d", k), "RetailerMSP:home-" + k, side, 500 + random.nextInt(3501),
                    type[1], GridLocation.parse(locations[(int) type[2]])));
        }
        return orders;
    }

    /** {@code min} over orders with a counterparty of their best per-kWh share: an upper bound on {@code t*}. */
    private static double bestShareBound(Book book) {
        long bound = Long.MAX_VALUE;
        for (Book.Entry b : book.buys()) {
            long best = -1;
            for (Book.Entry s : book.sells()) {
                long g = b.price() - s.price() - book.fee(b, s);
                best = Math.max(best, g < 0 ? -1 : g - g / 2);
            }
            bound = best >= 0 ? Math.min(bound, best) : bound;
        }
        for (Book.Entry s : book.sells()) {
            long best = -1;
            for (Book.Entry b : book.buys()) {
                long g = b.price() - s.price() - book.fee(b, s);
                best = Math.max(best, g < 0 ? -1 : g / 2);
            }
            bound = best >= 0 ? Math.min(bound, best) : bound;
        }
        return bound;
    }

    @Benchmark
    public ClearingMechanism.Outcome mechanismOnly() {
        return engine.clear(book);
    }
}
