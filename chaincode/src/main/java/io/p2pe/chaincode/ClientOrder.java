package io.p2pe.chaincode;

/**
 * Idempotency record under {@code clientorder~<participantId>~<clientOrderId>}: a clientOrderId
 * names one order of its participant for ever.
 */
public record ClientOrder(String participant, String clientOrderId, String orderId, String slotKey) {
}
