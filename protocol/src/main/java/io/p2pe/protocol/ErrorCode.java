package io.p2pe.protocol;

import io.p2pe.market.MarketErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every refusal of the chaincode carries one of these codes, as the prefix of its message
 * ({@code OUT_OF_RANGE: order …: field 'wh' …}) and as its error payload, so client software can
 * branch on it; the rest of the message names the field or key.
 *
 * <p>The first codes are the market engine's {@link MarketErrorCode} values: they are defined and
 * documented there once, each constant here names the market code it stands for, and
 * {@link #of(MarketErrorCode)} maps every market code (checked when this class loads, so a market
 * code without a constant here fails every build's tests). After the prefix their messages are the
 * offline {@code p2pe market clear}'s, byte for byte.
 */
public enum ErrorCode {
    // The market engine's codes (see MarketErrorCode for their meaning).
    MALFORMED_INPUT(MarketErrorCode.MALFORMED_INPUT),
    MISSING_FIELD(MarketErrorCode.MISSING_FIELD),
    INVALID_FORMAT(MarketErrorCode.INVALID_FORMAT),
    OUT_OF_RANGE(MarketErrorCode.OUT_OF_RANGE),
    UNKNOWN_VALUE(MarketErrorCode.UNKNOWN_VALUE),
    DUPLICATE_ORDER_ID(MarketErrorCode.DUPLICATE_ORDER_ID),
    BOTH_SIDES(MarketErrorCode.BOTH_SIDES),
    BEYOND_LIMITS(MarketErrorCode.BEYOND_LIMITS),
    WRONG_MECHANISM(MarketErrorCode.WRONG_MECHANISM),
    PROPOSAL_MISMATCH(MarketErrorCode.PROPOSAL_MISMATCH),
    UNKNOWN_ORDER(MarketErrorCode.UNKNOWN_ORDER),
    WRONG_SIDE(MarketErrorCode.WRONG_SIDE),
    INFEASIBLE_PAIR(MarketErrorCode.INFEASIBLE_PAIR),
    DUPLICATE_PAIR(MarketErrorCode.DUPLICATE_PAIR),
    OVERFILLED(MarketErrorCode.OVERFILLED),

    // The ledger's own codes.
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
    /** A points transfer or redemption above the participant's balance. */
    INSUFFICIENT_POINTS,
    /** A ledger invariant would be broken (e.g. renewable energy attributed beyond metered export). */
    INVARIANT_VIOLATION,
    /**
     * A record does not hash to what the ledger holds for it: a revealed sealed order against its
     * commitment, or a private record shown against its private data hash (VerifyRecordHash).
     */
    HASH_MISMATCH,
    /** ClearSlot while sealed orders are unrevealed and the slot's reveal window is still open. */
    REVEAL_WINDOW_OPEN,
    /**
     * A read of a cleared slot's trades or fills while pieces of its result texts are still to be
     * stored (slot:PublishClearing stores them).
     */
    CLEARING_INCOMPLETE;

    private static final Map<MarketErrorCode, ErrorCode> BY_MARKET_CODE = new EnumMap<>(MarketErrorCode.class);

    static {
        for (ErrorCode code : values()) {
            if (code.market != null && BY_MARKET_CODE.put(code.market, code) != null) {
                throw new ExceptionInInitializerError("two error codes for market code " + code.market);
            }
        }
        for (MarketErrorCode m : MarketErrorCode.values()) {
            if (!BY_MARKET_CODE.containsKey(m)) {
                throw new ExceptionInInitializerError("market code " + m + " has no ErrorCode");
            }
        }
    }

    private final MarketErrorCode market;

    ErrorCode() {
        this(null);
    }

    ErrorCode(MarketErrorCode market) {
        this.market = market;
    }

    /** The code a market refusal is reported with. */
    public static ErrorCode of(MarketErrorCode code) {
        return BY_MARKET_CODE.get(code);
    }

    /** The market engine's code this stands for, when it is one. */
    public Optional<MarketErrorCode> marketCode() {
        return Optional.ofNullable(market);
    }

    /**
     * The code named {@code name}, or empty for a name this version does not know (a newer
     * chaincode's code) or null.
     */
    public static Optional<ErrorCode> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The refusal message as the chaincode sends it: Fabric Gateway passes clients only the
     * message ({@code chaincode response 500, <message>}), so the code is its prefix.
     */
    public String message(String text) {
        return name() + ": " + text;
    }
}
