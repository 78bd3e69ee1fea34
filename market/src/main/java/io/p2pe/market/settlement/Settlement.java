package io.p2pe.market.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Settlement of one slot (docs/design.md section 6): each participant pays and receives its P2P trades,
 * and the retailer covers every difference between contracts and meters — it supplies shortfalls
 * at the retail tariff and takes surpluses at the buy-back tariff. Energy balances: over all
 * participants, retail supply minus buy-back equals total import minus total export, because P2P
 * purchases and sales cancel out. Integer arithmetic only; overflow throws.
 */
public final class Settlement {
    private Settlement() {
    }

    /**
     * Settles every participant that traded or has a meter reading.
     *
     * @param flows meter readings by participant; every participant with a trade must have one
     * @return one line per participant, sorted by participant id
     * @throws IllegalArgumentException if a trading participant has no reading
     */
    public static List<SettlementLine> settle(List<MatchedTrade> trades, Map<String, MeteredFlow> flows,
                                              Tariffs tariffs) {
        return settle(trades, flows, tariffs, p -> true);
    }

    /**
     * The lines of the participants in {@code page} (that traded or have a reading), exactly as
     * {@link #settle(List, Map, Tariffs)} computes them for the whole slot: a line depends on its
     * participant's own trades and reading only. A slot too large for one transaction is settled
     * page by page with it.
     *
     * @param flows meter readings of at least the page's trading participants; others are ignored
     */
    public static List<SettlementLine> settle(List<MatchedTrade> trades, Map<String, MeteredFlow> flows,
                                              Tariffs tariffs, Predicate<String> page) {
        TreeMap<String, long[]> p2p = new TreeMap<>();
        // per participant: bought, sold, p2pCost, p2pRevenue, wheelingFees
        for (MatchedTrade t : trades) {
            if (page.test(t.buyer())) {
                long[] b = p2p.computeIfAbsent(t.buyer(), k -> new long[5]);
                b[0] = Math.addExact(b[0], t.wh());
                b[2] = Math.addExact(b[2], Math.multiplyExact(t.wh(), Math.addExact(t.price(), t.wheelingFee())));
                b[4] = Math.addExact(b[4], Math.multiplyExact(t.wh(), t.wheelingFee()));
            }
            if (page.test(t.seller())) {
                long[] s = p2p.computeIfAbsent(t.seller(), k -> new long[5]);
                s[1] = Math.addExact(s[1], t.wh());
                s[3] = Math.addExact(s[3], Math.multiplyExact(t.wh(), t.price()));
            }
        }
        TreeSet<String> participants = new TreeSet<>(p2p.keySet());
        for (String p : flows.keySet()) {
            if (page.test(p)) {
                participants.add(p);
            }
        }
        List<SettlementLine> lines = new ArrayList<>();
        for (String p : participants) {
            MeteredFlow f = flows.get(p);
            if (f == null) {
                throw new IllegalArgumentException("participant " + p + " traded but has no meter reading");
            }
            lines.add(line(p, p2p.getOrDefault(p, new long[5]), f, tariffs));
        }
        return lines;
    }

    private static SettlementLine line(String p, long[] v, MeteredFlow f, Tariffs tariffs) {
        long bought = v[0];
        long sold = v[1];
        long imported = f.importedWh();
        long exported = f.exportedWh();
        long underConsumed = Math.max(0, bought - imported);
        long underExported = Math.max(0, sold - exported);
        long retailWh = Math.addExact(Math.max(0, imported - bought), underExported);
        long buyBackWh = Math.addExact(Math.max(0, exported - sold), underConsumed);
        long retailCost = Math.multiplyExact(retailWh, tariffs.retail());
        long buyBackCredit = Math.multiplyExact(buyBackWh, tariffs.buyBack());
        long net = Math.subtractExact(Math.addExact(Math.subtractExact(v[2], v[3]), retailCost), buyBackCredit);
        long baseline = Math.subtractExact(Math.multiplyExact(imported, tariffs.retail()),
                Math.multiplyExact(exported, tariffs.buyBack()));
        return new SettlementLine(p, imported, exported, bought, sold, v[2], v[3], v[4],
                Math.addExact(underConsumed, underExported), retailWh, retailCost, buyBackWh, buyBackCredit, net,
                baseline, Math.subtractExact(baseline, net));
    }
}
