package io.p2pe.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.p2pe.market.GridLocation;
import io.p2pe.market.Order;
import io.p2pe.market.Side;

/**
 * An order as stored under {@code order~<slot>~<orderId>}.
 *
 * @param orderId {@code <slot sort key>-<40 hex of SHA-256(participantId|clientOrderId)>}
 * @param clientOrderId the submitter's idempotency key
 * @param participant owner, {@code <MSP id>:<local id>}
 * @param slot slot start in the market time zone, e.g. {@code 2026-06-17T12:00+09:00}
 * @param slotKey the slot's sort key, e.g. {@code 20260617T0300Z}
 * @param side BUY or SELL
 * @param wh energy, Wh
 * @param price limit price, ticks (0.01 JPY/kWh)
 * @param location the owner's grid location at submission (wheeling distance)
 * @param sourceType SELL only: the source the grid operator attested for the owner at submission
 *     ({@code unspecified} without attestation); null for BUY
 * @param renewableOnly BUY only: trade only with renewable SELL orders
 * @param status OPEN or CANCELLED (fills are in the slot's clearing result); SEALED (side null, wh and
 *     price 0 until revealed) or REJECTED (revealed, failed a market rule) in a sealed book
 * @param submittedAt tx timestamp of the submission
 * @param submitTxId the submitting transaction
 * @param cancelledAt tx timestamp of the cancellation, or null
 * @param cancelledBy client id that cancelled it, or null
 * @param filledWh not stored: in the answers of {@code ListMyOrders} and {@code GetOrder}, the Wh
 *     matched once the slot is cleared; null before (and in a slot book listing)
 * @param sealed a sealed order's commitment, key id and ciphertext (kept after the reveal); absent
 *     for an order submitted in clear
 * @param rejection why a revealed order was REJECTED; absent otherwise
 */
public record OrderRecord(String orderId, String clientOrderId, String participant, String slot, String slotKey,
                          Side side, long wh, long price, String location, String sourceType, boolean renewableOnly,
                          Status status, String submittedAt, String submitTxId, String cancelledAt,
                          String cancelledBy, @JsonInclude(JsonInclude.Include.NON_NULL) Long filledWh,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Sealed sealed,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Rejection rejection) {

    /**
     * What a sealed order stores before it is revealed (docs/privacy.md, format v1).
     *
     * @param commitment lowercase hex SHA-256(salt ‖ canonical order bytes)
     * @param keyId the owner org's sealing key the ciphertext is encrypted to
     * @param ciphertext base64 ECIES ciphertext of salt ‖ canonical order bytes
     */
    public record Sealed(String commitment, String keyId, String ciphertext) {
    }

    /**
     * A revealed order that failed a market rule: the code and message a clear SubmitOrder would have been refused with.
     *
     * @param code the {@link ErrorCode} name
     * @param message the refusal's text after its {@code CODE: } prefix
     */
    public record Rejection(String code, String message) {
    }

    /** An order with a fill (query answers). */
    public OrderRecord(String orderId, String clientOrderId, String participant, String slot, String slotKey,
                       Side side, long wh, long price, String location, String sourceType, boolean renewableOnly,
                       Status status, String submittedAt, String submitTxId, String cancelledAt,
                       String cancelledBy, Long filledWh) {
        this(orderId, clientOrderId, participant, slot, slotKey, side, wh, price, location, sourceType, renewableOnly,
                status, submittedAt, submitTxId, cancelledAt, cancelledBy, filledWh, null, null);
    }

    /** A stored order (no fill). */
    public OrderRecord(String orderId, String clientOrderId, String participant, String slot, String slotKey,
                       Side side, long wh, long price, String location, String sourceType, boolean renewableOnly,
                       Status status, String submittedAt, String submitTxId, String cancelledAt,
                       String cancelledBy) {
        this(orderId, clientOrderId, participant, slot, slotKey, side, wh, price, location, sourceType, renewableOnly,
                status, submittedAt, submitTxId, cancelledAt, cancelledBy, null);
    }

    /** Whether the order takes part in clearing. */
    public enum Status { OPEN, CANCELLED, SEALED, REJECTED }

    /** The engine's view of the order. */
    public Order toMarketOrder() {
        return toMarketOrder(wh);
    }

    /** The engine's view with another quantity (a residual in a later clearing segment). */
    public Order toMarketOrder(long quantity) {
        return new Order(orderId, participant, side, quantity, price, GridLocation.parse(location));
    }

    /**
     * Same order content: what makes a resubmission with the same clientOrderId a retry. The
     * source type is not the client's (it is the attested one at submission), so it does not count.
     */
    public boolean sameContent(OrderRecord other) {
        return slot.equals(other.slot) && side == other.side && wh == other.wh && price == other.price
                && renewableOnly == other.renewableOnly;
    }

    /** The order cancelled at {@code at} by client id {@code by}. */
    public OrderRecord cancelled(String at, String by) {
        return new OrderRecord(orderId, clientOrderId, participant, slot, slotKey, side, wh, price, location,
                sourceType, renewableOnly, Status.CANCELLED, submittedAt, submitTxId, at, by, null, sealed, rejection);
    }
}
