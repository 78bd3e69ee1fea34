package io.p2pe.simulator.agents;

import java.util.Random;

/**
 * Where between the buy-back tariff {@code B} and the retail tariff {@code R} an agent puts its
 * limit prices, in ‰ of the spread: it asks {@code B + (R − B) × ask‰ / 1000} for what it sells
 * and bids {@code B + (R − B) × bid‰ / 1000} for what it needs. Any price inside the spread beats
 * the retailer for both sides: the seller earns more than buy-back, the buyer pays less than retail.
 *
 * @param askPermille where its asks sit, 0–1000
 * @param bidPermille where its bids sit, 0–1000
 */
public record Pricing(int askPermille, int bidPermille) {
    public Pricing {
        if (askPermille < 0 || askPermille > 1000 || bidPermille < 0 || bidPermille > 1000) {
            throw new IllegalArgumentException("ask and bid must be 0-1000 permille, got " + askPermille + " and "
                    + bidPermille);
        }
    }

    /** An agent's pricing drawn from the given ranges (‰, inclusive). */
    public static Pricing draw(Random random, int askLo, int askHi, int bidLo, int bidHi) {
        return new Pricing((int) Seeds.between(random, askLo, askHi), (int) Seeds.between(random, bidLo, bidHi));
    }

    /** The ask, ticks. */
    public long ask(long retail, long buyBack) {
        return at(askPermille, retail, buyBack);
    }

    /** The bid, ticks. */
    public long bid(long retail, long buyBack) {
        return at(bidPermille, retail, buyBack);
    }

    /** {@code B + (R − B) × permille / 1000}, ticks. */
    static long at(int permille, long retail, long buyBack) {
        return buyBack + (retail - buyBack) * permille / 1000;
    }
}
