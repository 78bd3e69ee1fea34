package io.p2pe.chaincode;

import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Every refusal of the chaincode carries one of these codes, as the prefix of its message
 * ({@code OUT_OF_RANGE: order …: field 'wh' …}) and as its error payload, so client software can
 * branch on it; the rest of the message names the field or key. The first fifteen are the market
 * engine's {@link MarketErrorCode} values, and after the prefix their messages are the offline
 * {@code p2pe market clear}'s, byte for byte.
 */
public enum ErrorCode {
    /** The argument is not well-formed JSON or not of the expected shape. */
    MALFORMED_INPUT,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or an invalid format (also: an unknown field). */
    INVALID_FORMAT,
    /** A numeric field is outside its allowed range (also: a price outside the configured floor/cap). */
    OUT_OF_RANGE,
    /** An enumerated field has a value that is not one of the allowed ones. */
    UNKNOWN_VALUE,
    /** Two orders in one slot share an id. */
    DUPLICATE_ORDER_ID,
    /** One participant would have both a BUY and a SELL in one slot. */
    BOTH_SIDES,
    /** A valid book the market engine cannot clear (exact-search limits, 64-bit totals). */
    BEYOND_LIMITS,
    /** A proposal for a slot whose mechanism is not OPTIMAL. */
    WRONG_MECHANISM,
    /** A proposal's {@code slot} or {@code inputDigest} is not the closed book's. */
    PROPOSAL_MISMATCH,
    /** A proposed trade names an order that is not in the book. */
    UNKNOWN_ORDER,
    /** A proposed trade's buyOrderId names a SELL or its sellOrderId a BUY. */
    WRONG_SIDE,
    /** A proposed trade pairs orders whose prices cannot cover the wheeling fee. */
    INFEASIBLE_PAIR,
    /** A proposal names one (BUY, SELL) pair twice. */
    DUPLICATE_PAIR,
    /** A proposal's trades with one order sum above its Wh. */
    OVERFILLED,
    /** The caller's certificate does not carry the role or ownership the transaction needs. */
    FORBIDDEN,
    /** The caller's certificate names a participant that is not registered on the ledger. */
    NOT_REGISTERED,
    /** The caller's participant is suspended. */
    PARTICIPANT_SUSPENDED,
    /** The requested record does not exist. */
    NOT_FOUND,
    /** The record to create exists already. */
    ALREADY_EXISTS,
    /** The market has no configuration yet: the operator must call config:SetMarketConfig. */
    NOT_CONFIGURED,
    /** The slot's gate has closed (or the tx timestamp is past gate closure). */
    SLOT_CLOSED,
    /** The slot's gate has not closed yet, so it cannot be cleared. */
    SLOT_OPEN,
    /** The same clientOrderId was used before with different order content. */
    DUPLICATE_CLIENT_ORDER_ID,
    /** The request contradicts a record on the ledger (e.g. a meter id other than the bound one). */
    CONFLICT,
    /** The object is not in a state that allows the transaction (e.g. cancelling a cancelled order). */
    INVALID_STATE,
    /** The slot's proposal window is still open, so it cannot be finalized yet. */
    PROPOSAL_WINDOW_OPEN,
    /** The slot's proposal window has ended (or the slot takes no proposals at all). */
    PROPOSAL_WINDOW_CLOSED,
    /** The solver's new proposal does not rank above its own earlier one for the slot. */
    PROPOSAL_NOT_BETTER,
    /** The market runs on LEDGER time and the operator has not set the ledger clock yet. */
    CLOCK_NOT_SET,
    /** Settlement needs a meter reading that has not been recorded. */
    MISSING_METER_READING,
    /** A ledger invariant would be broken (e.g. renewable energy attributed beyond metered export). */
    INVARIANT_VIOLATION;

    /**
     * A refusal with this code. Fabric Gateway passes clients only the message
     * ({@code chaincode response 500, <message>}), so the message is {@code CODE: text}; the payload
     * carries the code alone for clients that see it.
     */
    public ChaincodeException exception(String message) {
        return new ChaincodeException(name() + ": " + message, name());
    }

    /** The same code for a market error. */
    public static ErrorCode of(MarketErrorCode code) {
        return valueOf(code.name());
    }

    /** A market refusal, with the engine's message unchanged. */
    public static ChaincodeException of(InvalidInputException e) {
        return of(e.code()).exception(e.getMessage());
    }
}
