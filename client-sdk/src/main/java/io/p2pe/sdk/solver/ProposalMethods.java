package io.p2pe.sdk.solver;

import io.p2pe.market.Clearing;
import io.p2pe.market.ClearingInput;
import io.p2pe.market.GridLocation;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import io.p2pe.market.TieBreak;
import io.p2pe.market.WheelingSchedule;
import io.p2pe.market.proposal.ProposalScorer;
import io.p2pe.market.proposal.ProposedTrade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Ready-made {@link ProposalMethod}s. */
public final class ProposalMethods {
    private ProposalMethods() {
    }

    /**
     * The market engine's own exact methods (the network-flow optima of MAX_WELFARE and
     * MAX_VOLUME, the engine's MAX_MIN_SURPLUS): the same trades the ledger's built-in candidate
     * has, so it ties with it and the draw decides. Refuses books the engine refuses (for example
     * {@code BEYOND_LIMITS}) with an {@link IllegalArgumentException} carrying the engine's message.
     */
    public static ProposalMethod engine() {
        return book -> {
            try {
                return ProposalScorer.proposalOf(Clearing.clear(book)).trades();
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * A randomized greedy matching: the feasible pairs by surplus per kWh (highest first; ties by a
     * draw per BUY, then a draw per SELL, both from {@code seed}), each filled with what both orders
     * have left. Never better than the engine for MAX_WELFARE, sometimes different; for
     * MAX_MIN_SURPLUS a quick candidate. The same seed and book give the same trades.
     *
     * <p>The pairs are not listed (that took 46.7 s at 10,000 orders, 25 million pairs sorted):
     * within one SELL location the pairs of a BUY in that order are its SELLs by price, then draw,
     * since the fee depends only on the two locations; so a heap merges one run per (BUY, SELL
     * location), and a run skips the SELLs already filled.
     */
    public static ProposalMethod greedy(long seed) {
        return book -> greedy(book, seed);
    }

    private static List<ProposedTrade> greedy(ClearingInput book, long seed) {
        // Orders in a fixed order (by tie-break key), so the result does not depend on input order.
        Order[] orders = book.orders().toArray(new Order[0]);
        String[] keys = new String[orders.length];
        for (int k = 0; k < orders.length; k++) {
            keys[k] = TieBreak.key(book.slot(), orders[k].id());
        }
        Integer[] byKey = new Integer[orders.length];
        Arrays.setAll(byKey, k -> k);
        Arrays.sort(byKey, Comparator.comparing(k -> keys[k]));
        List<Order> buys = new ArrayList<>();
        List<Order> sells = new ArrayList<>();
        for (int k : byKey) {
            (orders[k].side() == Side.BUY ? buys : sells).add(orders[k]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] buyDraw = new long[buys.size()];
        long[] sellDraw = new long[sells.size()];
        Arrays.setAll(buyDraw, i -> random.nextLong());
        Arrays.setAll(sellDraw, j -> random.nextLong());
        return new Greedy(buys, sells, buyDraw, sellDraw, book.effectiveWheeling()).match();
    }

    /** The heap merge of the greedy's pair order. */
    private static final class Greedy {
        private final List<Order> buys;
        private final List<Order> sells;
        private final long[] buyDraw;
        private final long[] sellDraw;
        /** SELLs (indices) per distinct SELL location, by price then draw. */
        private final int[][] runs;
        /** Fee from each BUY to each SELL location. */
        private final long[][] fee;
        private final long[] buyLeft;
        private final long[] sellLeft;
        // Heap entries: BUY, SELL location, position in that location's run.
        private int[] entryBuy = new int[16];
        private int[] entryRun = new int[16];
        private int[] entryAt = new int[16];
        private int size;

        Greedy(List<Order> buys, List<Order> sells, long[] buyDraw, long[] sellDraw, WheelingSchedule wheeling) {
            this.buys = buys;
            this.sells = sells;
            this.buyDraw = buyDraw;
            this.sellDraw = sellDraw;
            TreeMap<String, List<Integer>> byLocation = new TreeMap<>();
            List<GridLocation> locations = new ArrayList<>();
            for (int j = 0; j < sells.size(); j++) {
                GridLocation l = sells.get(j).location();
                byLocation.computeIfAbsent(String.join("/", l.segments()), k -> {
                    locations.add(l);
                    return new ArrayList<>();
                }).add(j);
            }
            runs = new int[byLocation.size()][];
            GridLocation[] runLocation = new GridLocation[runs.length];
            int r = 0;
            for (List<Integer> members : byLocation.values()) {
                members.sort(Comparator.comparingLong((Integer j) -> sells.get(j).price())
                        .thenComparingLong(j -> sellDraw[j]).thenComparingInt(j -> j));
                runs[r] = members.stream().mapToInt(Integer::intValue).toArray();
                runLocation[r] = sells.get(runs[r][0]).location();
                r++;
            }
            TreeMap<String, long[]> feesByBuyLocation = new TreeMap<>();
            fee = new long[buys.size()][];
            for (int i = 0; i < buys.size(); i++) {
                GridLocation l = buys.get(i).location();
                fee[i] = feesByBuyLocation.computeIfAbsent(String.join("/", l.segments()), k -> {
                    long[] f = new long[runLocation.length];
                    for (int q = 0; q < f.length; q++) {
                        f[q] = wheeling.fee(l, runLocation[q]);
                    }
                    return f;
                });
            }
            buyLeft = buys.stream().mapToLong(Order::wh).toArray();
            sellLeft = sells.stream().mapToLong(Order::wh).toArray();
        }

        List<ProposedTrade> match() {
            for (int i = 0; i < buys.size(); i++) {
                for (int q = 0; q < runs.length; q++) {
                    offer(i, q, 0);
                }
            }
            List<ProposedTrade> trades = new ArrayList<>();
            while (size > 0) {
                int i = entryBuy[0];
                int q = entryRun[0];
                int at = entryAt[0];
                pop();
                if (buyLeft[i] == 0) {
                    continue;
                }
                int j = runs[q][at];
                long wh = Math.min(buyLeft[i], sellLeft[j]);
                if (wh > 0) {
                    buyLeft[i] -= wh;
                    sellLeft[j] -= wh;
                    trades.add(new ProposedTrade(buys.get(i).id(), sells.get(j).id(), wh));
                }
                if (buyLeft[i] > 0) {
                    offer(i, q, at + 1);
                }
            }
            return trades;
        }

        /** Pushes BUY {@code i}'s run at location {@code q} from {@code at}, past filled SELLs, if feasible. */
        private void offer(int i, int q, int at) {
            int[] run = runs[q];
            while (at < run.length && sellLeft[run[at]] == 0) {
                at++;
            }
            if (at == run.length || surplus(i, q, at) < 0) {
                return;
            }
            if (size == entryBuy.length) {
                entryBuy = Arrays.copyOf(entryBuy, 2 * size);
                entryRun = Arrays.copyOf(entryRun, 2 * size);
                entryAt = Arrays.copyOf(entryAt, 2 * size);
            }
            int k = size++;
            set(k, i, q, at);
            while (k > 0 && before(k, (k - 1) / 2)) {
                swap(k, (k - 1) / 2);
                k = (k - 1) / 2;
            }
        }

        private void pop() {
            size--;
            set(0, entryBuy[size], entryRun[size], entryAt[size]);
            int k = 0;
            while (true) {
                int c = 2 * k + 1;
                if (c >= size) {
                    return;
                }
                if (c + 1 < size && before(c + 1, c)) {
                    c++;
                }
                if (!before(c, k)) {
                    return;
                }
                swap(c, k);
                k = c;
            }
        }

        private long surplus(int i, int q, int at) {
            return buys.get(i).price() - sells.get(runs[q][at]).price() - fee[i][q];
        }

        /** Heap order: surplus per kWh descending, then the BUY's draw, then the SELL's (then indices). */
        private boolean before(int a, int b) {
            int c = Long.compare(surplus(entryBuy[b], entryRun[b], entryAt[b]), surplus(entryBuy[a], entryRun[a], entryAt[a]));
            if (c == 0) {
                c = Long.compare(buyDraw[entryBuy[a]], buyDraw[entryBuy[b]]);
            }
            if (c == 0) {
                c = Integer.compare(entryBuy[a], entryBuy[b]);
            }
            if (c == 0) {
                int ja = runs[entryRun[a]][entryAt[a]];
                int jb = runs[entryRun[b]][entryAt[b]];
                c = sellDraw[ja] != sellDraw[jb] ? Long.compare(sellDraw[ja], sellDraw[jb]) : Integer.compare(ja, jb);
            }
            return c < 0;
        }

        private void set(int k, int i, int q, int at) {
            entryBuy[k] = i;
            entryRun[k] = q;
            entryAt[k] = at;
        }

        private void swap(int a, int b) {
            int i = entryBuy[a];
            int q = entryRun[a];
            int at = entryAt[a];
            set(a, entryBuy[b], entryRun[b], entryAt[b]);
            set(b, i, q, at);
        }
    }
}
