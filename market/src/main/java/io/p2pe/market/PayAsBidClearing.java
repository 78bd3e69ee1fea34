package io.p2pe.market;

import java.util.ArrayList;
import java.util.List;

/**
 * PAY_AS_BID (MARKET-RULES.md): walk BUYs by (price desc, key) and SELLs by (price asc, key);
 * while the current BUY's price is at least the current SELL's, trade what both still have at
 * the midpoint {@code floor((bid + ask) / 2)}. Wheeling is ignored and there is no single
 * clearing price. The volume equals UNIFORM_PRICE's {@code Q*}. O(n) on the presorted book.
 */
public final class PayAsBidClearing implements ClearingMechanism {

    @Override
    public Outcome clear(Book book) {
        List<Book.Entry> buys = book.buys();
        List<Book.Entry> sells = book.sells();
        List<Trade> trades = new ArrayList<>();
        int b = 0;
        int s = 0;
        long buyLeft = buys.isEmpty() ? 0 : buys.get(0).wh();
        long sellLeft = sells.isEmpty() ? 0 : sells.get(0).wh();
        while (b < buys.size() && s < sells.size() && buys.get(b).price() >= sells.get(s).price()) {
            Book.Entry buy = buys.get(b);
            Book.Entry sell = sells.get(s);
            long wh = Math.min(buyLeft, sellLeft);
            // floorDiv, not '/': prices may be negative and the rule rounds toward −∞.
            long price = Math.floorDiv(buy.price() + sell.price(), 2);
            trades.add(new Trade(buy.id(), sell.id(), wh, price, 0));
            buyLeft -= wh;
            sellLeft -= wh;
            if (buyLeft == 0 && ++b < buys.size()) {
                buyLeft = buys.get(b).wh();
            }
            if (sellLeft == 0 && ++s < sells.size()) {
                sellLeft = sells.get(s).wh();
            }
        }
        return new Outcome(null, trades);
    }
}
