package io.p2pe.sdk.solver;

/**
 * A proposal's exact score as the ledger computed it (docs/market-rules.md "Proposals").
 *
 * @param objective MAX_WELFARE, MAX_VOLUME or MAX_MIN_SURPLUS
 * @param minSurplusRate for MAX_MIN_SURPLUS the smallest surplus rate over the tradable orders,
 *     ticks per kWh as an exact fraction ({@code "7/3"}, {@code "5"}); otherwise null
 * @param surplus money units (1e-5 JPY)
 * @param volumeWh energy traded
 */
public record ProposalScore(String objective, String minSurplusRate, long surplus, long volumeWh) {
}
