package io.p2pe.market.provenance;

/**
 * What a SELL order says about the energy behind it.
 *
 * @param sourceType e.g. {@code solar}
 * @param location the generator's grid location path; empty when unknown
 */
public record SellerInfo(String sourceType, String location) {
}
