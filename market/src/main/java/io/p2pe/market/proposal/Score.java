package io.p2pe.market.proposal;

import io.p2pe.market.Objective;
import java.util.Comparator;
import java.util.Objects;

/**
 * A valid proposal's score for the book's objective, compared lexicographically, higher is better:
 * MAX_WELFARE (surplus, volume); MAX_VOLUME (volume, surplus); MAX_MIN_SURPLUS (smallest surplus
 * rate over the tradable orders, surplus, volume).
 *
 * @param surplus money units (Wh × ticks)
 * @param minSurplusRate for MAX_MIN_SURPLUS the smallest rate over the orders with a feasible
 *     counterparty; null for the other objectives and when no order can trade (then every valid
 *     proposal is empty and all score alike)
 */
public record Score(Objective objective, long surplus, long volumeWh, SurplusRate minSurplusRate)
        implements Comparable<Score> {
    private static final Comparator<SurplusRate> RATES = Comparator.nullsFirst(Comparator.naturalOrder());

    public Score {
        Objects.requireNonNull(objective, "objective");
        if (objective != Objective.MAX_MIN_SURPLUS && minSurplusRate != null) {
            throw new IllegalArgumentException("only MAX_MIN_SURPLUS scores have a smallest surplus rate");
        }
    }

    /** @throws IllegalArgumentException for scores of different objectives (never comparable) */
    @Override
    public int compareTo(Score o) {
        if (objective != o.objective) {
            throw new IllegalArgumentException("scores for " + objective + " and " + o.objective + " do not compare");
        }
        return switch (objective) {
            case MAX_WELFARE -> compare(Long.compare(surplus, o.surplus), Long.compare(volumeWh, o.volumeWh));
            case MAX_VOLUME -> compare(Long.compare(volumeWh, o.volumeWh), Long.compare(surplus, o.surplus));
            case MAX_MIN_SURPLUS -> compare(RATES.compare(minSurplusRate, o.minSurplusRate),
                    compare(Long.compare(surplus, o.surplus), Long.compare(volumeWh, o.volumeWh)));
        };
    }

    private static int compare(int first, int second) {
        return first != 0 ? first : second;
    }
}
