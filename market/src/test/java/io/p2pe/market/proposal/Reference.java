package io.p2pe.market.proposal;

import io.p2pe.market.ClearingInput;
import io.p2pe.market.Order;
import io.p2pe.market.Side;
import java.math.BigInteger;
import java.util.List;

/**
 * An independent, deliberately naive reading of the proposal rules: pairs by brute force, grid
 * distance from the path text, every sum in BigInteger, rates as BigInteger fractions.
 */
final class Reference {
    private Reference() {
    }

    /** A score as plain numbers; {@code rateNum/rateDen} null when no order can trade or not MAX_MIN_SURPLUS. */
    record Value(BigInteger surplus, BigInteger volume, BigInteger rateNum, BigInteger rateDen) {
    }

    static long fee(ClearingInput in, Order b, Order s) {
        String[] x = b.location().isNone() ? new String[0] : b.location().path().split("/");
        String[] y = s.location().isNone() ? new String[0] : s.location().path().split("/");
        int shared = 0;
        while (shared < Math.min(x.length, y.length) && x[shared].equals(y[shared])) {
            shared++;
        }
        int d = Math.max(x.length, y.length) - shared;
        List<Long> levels = in.wheeling() == null ? List.of(0L) : in.wheeling().levels();
        return levels.get(Math.min(d, levels.size() - 1));
    }

    static Order find(ClearingInput in, String id) {
        for (Order o : in.orders()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        return null;
    }

    static boolean feasible(ClearingInput in, Order b, Order s) {
        return b.price() >= s.price() + fee(in, b, s);
    }

    /** Whether the proposal's trades break no rule (book identity is not checked here). */
    static boolean valid(ClearingInput in, List<ProposedTrade> trades) {
        for (int x = 0; x < trades.size(); x++) {
            ProposedTrade t = trades.get(x);
            Order b = find(in, t.buyOrderId());
            Order s = find(in, t.sellOrderId());
            if (b == null || s == null || b.side() != Side.BUY || s.side() != Side.SELL || t.wh() < 1
                    || b.participant().equals(s.participant()) || !feasible(in, b, s)) {
                return false;
            }
            for (int y = 0; y < x; y++) {
                if (trades.get(y).buyOrderId().equals(t.buyOrderId()) && trades.get(y).sellOrderId().equals(t.sellOrderId())) {
                    return false;
                }
            }
        }
        for (Order o : in.orders()) {
            BigInteger sum = BigInteger.ZERO;
            for (ProposedTrade t : trades) {
                if (t.buyOrderId().equals(o.id()) || t.sellOrderId().equals(o.id())) {
                    sum = sum.add(BigInteger.valueOf(t.wh()));
                }
            }
            if (sum.compareTo(BigInteger.valueOf(o.wh())) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The score of a valid proposal. */
    static Value score(ClearingInput in, List<ProposedTrade> trades, boolean minRate) {
        BigInteger surplus = BigInteger.ZERO;
        BigInteger volume = BigInteger.ZERO;
        for (ProposedTrade t : trades) {
            Order b = find(in, t.buyOrderId());
            Order s = find(in, t.sellOrderId());
            surplus = surplus.add(BigInteger.valueOf(b.price() - s.price() - fee(in, b, s)).multiply(BigInteger.valueOf(t.wh())));
            volume = volume.add(BigInteger.valueOf(t.wh()));
        }
        if (!minRate) {
            return new Value(surplus, volume, null, null);
        }
        BigInteger bestNum = null;
        BigInteger bestDen = null;
        for (Order o : in.orders()) {
            boolean tradable = false;
            for (Order c : in.orders()) {
                if (c.side() != o.side()) {
                    Order b = o.side() == Side.BUY ? o : c;
                    Order s = o.side() == Side.BUY ? c : o;
                    tradable |= feasible(in, b, s);
                }
            }
            if (!tradable) {
                continue;
            }
            BigInteger share = BigInteger.ZERO;
            for (ProposedTrade t : trades) {
                if (t.buyOrderId().equals(o.id()) || t.sellOrderId().equals(o.id())) {
                    Order b = find(in, t.buyOrderId());
                    Order s = find(in, t.sellOrderId());
                    long perKwh = b.price() - s.price() - fee(in, b, s);
                    // The seller gets floor(s/2) per kWh (s ≥ 0), the buyer the rest.
                    long mine = o.side() == Side.SELL ? perKwh / 2 : perKwh - perKwh / 2;
                    share = share.add(BigInteger.valueOf(mine).multiply(BigInteger.valueOf(t.wh())));
                }
            }
            BigInteger den = BigInteger.valueOf(o.wh());
            if (bestNum == null || share.multiply(bestDen).compareTo(bestNum.multiply(den)) < 0) {
                bestNum = share;
                bestDen = den;
            }
        }
        return new Value(surplus, volume, bestNum, bestDen);
    }
}
