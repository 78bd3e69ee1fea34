package io.p2pe.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The done-when of MAX_MIN_SURPLUS at any size (docs/market-rules.md §7): on 40 seeded books of 2
 * to 2,000 orders, log-spread, <em>every order distinct</em> (its own price, location and
 * participant: nothing merges, so the engine's LP start, which stops at 200 tradable orders,
 * does not run on the larger ones), {@link Clearing#clear} answers within
 * {@code 0.99 · t* − 1 − a} and gives the same bytes for shuffles of the input.
 *
 * <p>{@code t*} is computed independently of the engine: the book is cut into the connected
 * components of its feasible pairs (the LP's constraints couple only orders of one component, so
 * {@code t*} is the smallest of the components' optima), and each component's LP is solved by
 * ojalgo ({@link MinSurplusLp}). The books have districts of up to 50 orders, feeders inside a
 * district (a small fee between them) and a fee between districts that no pair can pay, so the
 * components stay small for the LP at any book size; books of up to 50 orders are one district,
 * every order competing with every other.
 */
class MinSurplusDoneWhenTest {
    private static final int BOOKS = 40;
    private static final long SEED = 20261203L;
    /** Fees by distance: same feeder 0, another feeder of the district 20, another district beyond any price gap. */
    private static final WheelingSchedule DISTRICTS = new WheelingSchedule(List.of(0L, 20L, 10_000_000L));
    /** Price ranges {buyLow, buyHigh, sellLow, sellHigh}, as in {@link MinSurplusBoundPropertiesTest}. */
    private static final long[][] REGIMES = {
        {2000, 3000, 1000, 1500}, {1500, 3000, 1000, 2000}, {1000, 1300, 1000, 1300}, {2000, 2100, 1900, 2000},
    };

    static List<Order> book(int n, long seed) {
        Random r = new Random(seed);
        long[] g = REGIMES[r.nextInt(REGIMES.length)];
        int districtSize = 10 + r.nextInt(41);
        List<Order> orders = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean buy = k == 0 || (k != 1 && r.nextBoolean());
            long price = buy ? g[0] + r.nextInt((int) (g[1] - g[0] + 1)) : g[2] + r.nextInt((int) (g[3] - g[2] + 1));
            String location = "d" + (k / districtSize) + "/feeder-" + r.nextInt(3);
            orders.add(new Order("o" + k, "p" + k, buy ? Side.BUY : Side.SELL, 1000 + r.nextInt(19_001), price,
                    GridLocation.parse(location)));
        }
        return orders;
    }

    @Test
    @Timeout(600)
    void booksOfTwoToTwoThousandOrdersMeetTheBoundAndAreByteIdenticalUnderShuffles() throws InvalidInputException {
        double worst = Double.MAX_VALUE;
        for (int b = 0; b < BOOKS; b++) {
            int n = (int) Math.round(2 * Math.pow(1000, b / (double) (BOOKS - 1)));
            long seed = SEED + b;
            List<Order> orders = book(n, seed);
            ClearingInput input = new ClearingInput(Books.SLOT, Mechanism.OPTIMAL, Objective.MAX_MIN_SURPLUS, DISTRICTS,
                    orders);
            ClearingResult result = Clearing.clear(input);
            String bytes = MarketJson.writeResult(result);
            Book book = new Book(Books.SLOT, DISTRICTS, orders);
            double tStar = tStarByComponents(book);
            String what = String.format(Locale.ROOT, "book %d (%d orders, seed %d)", b, n, seed);
            if (Double.isNaN(tStar)) {
                assertEquals(0, result.volumeWh(), what);
                continue;
            }
            double rate = MinSurplusLp.minRate(book, result.trades()).value();
            double bound = 0.99 * tStar - 1 - allowance(book) - 1e-9 * tStar;
            assertTrue(rate >= bound, () -> String.format(Locale.ROOT, "%s: rate %.4f below %.4f (t* %.4f)", what, rate,
                    bound, tStar));
            if (tStar > 1) {
                worst = Math.min(worst, rate / tStar);
            }
            List<Order> shuffled = new ArrayList<>(orders);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(bytes, MarketJson.writeResult(Clearing.clear(new ClearingInput(Books.SLOT, Mechanism.OPTIMAL,
                    Objective.MAX_MIN_SURPLUS, DISTRICTS, shuffled))), what + " shuffled");
        }
        System.out.printf(Locale.ROOT, "MAX_MIN_SURPLUS done-when: %d books of 2-2,000 distinct orders, worst rate/t* %.4f%n",
                BOOKS, worst);
    }

    /** The rules' allowance {@code a = σ_max / wh_min} over the feasible pairs. */
    private static double allowance(Book book) {
        long maxShare = 0;
        long minWh = Long.MAX_VALUE;
        for (Book.Entry b : book.buys()) {
            for (Book.Entry s : book.sells()) {
                long g = b.price() - s.price() - book.fee(b, s);
                if (g >= 0) {
                    maxShare = Math.max(maxShare, g - g / 2);
                    minWh = Math.min(minWh, Math.min(b.wh(), s.wh()));
                }
            }
        }
        return minWh == Long.MAX_VALUE ? 0 : (double) maxShare / minWh;
    }

    /** The smallest of the components' {@code t*} (components of the feasible pairs); NaN when nothing can trade. */
    static double tStarByComponents(Book book) {
        List<Book.Entry> buys = book.buys();
        List<Book.Entry> sells = book.sells();
        int[] parent = new int[buys.size() + sells.size()];
        for (int k = 0; k < parent.length; k++) {
            parent[k] = k;
        }
        for (int i = 0; i < buys.size(); i++) {
            for (int j = 0; j < sells.size(); j++) {
                if (buys.get(i).price() - sells.get(j).price() - book.fee(buys.get(i), sells.get(j)) >= 0) {
                    parent[find(parent, i)] = find(parent, buys.size() + j);
                }
            }
        }
        java.util.TreeMap<Integer, List<Order>> components = new java.util.TreeMap<>();
        for (int i = 0; i < buys.size(); i++) {
            components.computeIfAbsent(find(parent, i), c -> new ArrayList<>()).add(buys.get(i).order());
        }
        for (int j = 0; j < sells.size(); j++) {
            components.computeIfAbsent(find(parent, buys.size() + j), c -> new ArrayList<>()).add(sells.get(j).order());
        }
        double tStar = Double.NaN;
        for (List<Order> component : components.values()) {
            if (component.size() < 2) {
                continue;
            }
            double t = MinSurplusLp.tStar(new Book(book.slot(), book.wheeling(), component));
            if (!Double.isNaN(t)) {
                tStar = Double.isNaN(tStar) ? t : Math.min(tStar, t);
            }
        }
        return tStar;
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }
}
