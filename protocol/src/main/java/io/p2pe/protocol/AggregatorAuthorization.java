package io.p2pe.protocol;

/**
 * A household's authorisation of an aggregator, under
 * {@code aggregation~<participantId>~<aggregatorId>}: written and deleted only by the household's
 * own transactions (AuthorizeAggregator, RevokeAggregator), read by the aggregator's SubmitOrders
 * and CancelOrder for that household.
 *
 * @param participant the household, {@code <MSP id>:<local id>}
 * @param aggregator the aggregator's participant id, {@code <MSP id>:<local id>}
 * @param authorizedBy client id of the household's certificate that authorised it
 * @param authorizedAt tx timestamp
 * @param txId the authorising transaction
 */
public record AggregatorAuthorization(String participant, String aggregator, String authorizedBy, String authorizedAt,
                                      String txId) {
}
