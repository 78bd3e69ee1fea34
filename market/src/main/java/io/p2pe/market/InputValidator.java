package io.p2pe.market;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks a {@link ClearingInput} against every rule of MARKET-RULES.md before it is cleared.
 *
 * <p>When several problems exist, the first in this fixed order is reported, so the message does
 * not depend on the order of the orders in the input:
 * <ol>
 *   <li>top level: {@code slot}, {@code objective} (required for OPTIMAL), {@code wheeling.levels}
 *       in index order;</li>
 *   <li>each order, orders sorted by id (then by their other fields, so that even orders sharing
 *       an id are visited in a fixed order), fields in declaration order: {@code id},
 *       {@code participant}, {@code wh}, {@code price}, {@code location};</li>
 *   <li>cross-order rules: duplicate ids (the smallest duplicated id), then a participant on both
 *       sides (reported at the first order, by id, whose participant already has an order on the
 *       other side with a smaller id).</li>
 * </ol>
 */
public final class InputValidator {
    static final int MAX_ID_LENGTH = 64;
    static final String ID_RULE = "must be 1-" + MAX_ID_LENGTH + " characters of [A-Za-z0-9._:/-]";
    static final String LOCATION_RULE =
            "must be a /-separated path of non-empty segments without control characters";
    static final int MAX_PARTICIPANT_LENGTH = 128;
    static final long MIN_WH = 1;
    static final long MAX_WH = 1_000_000_000L;
    static final long MIN_PRICE = -1_000_000L;
    static final long MAX_PRICE = 10_000_000L;
    static final long MIN_FEE = 0;
    static final long MAX_FEE = 10_000_000L;

    /**
     * The slot is part of every tie-break key, so one slot must have one spelling: minutes
     * precision with an explicit offset, as {@link Slot} writes it.
     */
    private static final DateTimeFormatter SLOT_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX").withResolverStyle(ResolverStyle.STRICT);

    /** The visiting order of step 2: by id, then by content. */
    static final Comparator<Order> BY_ID_THEN_CONTENT = Comparator.comparing(Order::id)
            .thenComparing(Order::participant)
            .thenComparing(Order::side)
            .thenComparingLong(Order::wh)
            .thenComparingLong(Order::price)
            .thenComparing(o -> o.location().path());

    private InputValidator() {
    }

    /**
     * @throws InvalidInputException for the first problem found, in the order described above
     */
    public static void validate(ClearingInput input) throws InvalidInputException {
        validateTopLevel(input);
        List<Order> orders = new ArrayList<>(input.orders());
        orders.sort(BY_ID_THEN_CONTENT);
        for (Order o : orders) {
            validateOrder(o);
        }
        validateUniqueIds(orders);
        validateOneSidePerParticipant(orders);
    }

    private static void validateTopLevel(ClearingInput input) throws InvalidInputException {
        try {
            SLOT_TEXT.parse(input.slot());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "slot",
                    "must be a slot start like 2026-06-17T12:00+09:00, got " + MessageText.quote(input.slot()));
        }
        if (input.mechanism() == Mechanism.OPTIMAL && input.objective() == null) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, "objective",
                    "is required when mechanism is OPTIMAL");
        }
        if (input.wheeling() != null) {
            List<Long> levels = input.wheeling().levels();
            for (int i = 0; i < levels.size(); i++) {
                checkRange(null, "wheeling.levels[" + i + "]", levels.get(i), MIN_FEE, MAX_FEE);
            }
        }
    }

    private static void validateOrder(Order o) throws InvalidInputException {
        if (!isValidId(o.id())) {
            // The id itself is unusable as a label, so the message shows it quoted instead.
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "id",
                    ID_RULE + ", got " + MessageText.quote(o.id()));
        }
        String participant = o.participant();
        if (participant.isEmpty()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, o.id(), "participant", "must not be empty");
        }
        if (participant.length() > MAX_PARTICIPANT_LENGTH) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, o.id(), "participant",
                    "must be at most " + MAX_PARTICIPANT_LENGTH + " characters, got " + participant.length());
        }
        if (MessageText.hasControlCharacter(participant)) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, o.id(), "participant",
                    "must not contain control characters, got " + MessageText.quote(participant));
        }
        checkRange(o.id(), "wh", o.wh(), MIN_WH, MAX_WH);
        checkRange(o.id(), "price", o.price(), MIN_PRICE, MAX_PRICE);
        validateLocation(o);
    }

    private static void validateLocation(Order o) throws InvalidInputException {
        for (String segment : o.location().segments()) {
            if (segment.isEmpty() || MessageText.hasControlCharacter(segment)) {
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, o.id(), "location",
                        LOCATION_RULE + ", got " + MessageText.quote(o.location().path()));
            }
        }
    }

    /** Whether {@code id} is 1–64 characters of {@code [A-Za-z0-9._:/-]}. */
    static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void validateUniqueIds(List<Order> sortedById) throws InvalidInputException {
        for (int i = 1; i < sortedById.size(); i++) {
            String id = sortedById.get(i).id();
            if (id.equals(sortedById.get(i - 1).id())) {
                int count = 2;
                while (i + count - 1 < sortedById.size() && sortedById.get(i + count - 1).id().equals(id)) {
                    count++;
                }
                throw new InvalidInputException(MarketErrorCode.DUPLICATE_ORDER_ID, id, "id",
                        "must be unique in the slot, got " + count + " orders with this id");
            }
        }
    }

    private static void validateOneSidePerParticipant(List<Order> sortedById) throws InvalidInputException {
        TreeMap<String, Order> firstBuy = new TreeMap<>();
        TreeMap<String, Order> firstSell = new TreeMap<>();
        for (Order o : sortedById) {
            boolean buy = o.side() == Side.BUY;
            Order other = (buy ? firstSell : firstBuy).get(o.participant());
            if (other != null) {
                throw new InvalidInputException(MarketErrorCode.BOTH_SIDES, o.id(), "participant",
                        "must be on one side per slot, " + MessageText.quote(o.participant()) + " also has "
                                + other.side() + " order " + other.id());
            }
            (buy ? firstBuy : firstSell).putIfAbsent(o.participant(), o);
        }
    }

    private static void checkRange(String orderId, String field, long value, long min, long max)
            throws InvalidInputException {
        if (value < min || value > max) {
            throw new InvalidInputException(MarketErrorCode.OUT_OF_RANGE, orderId, field, rangeRule(min, max) + ", got " + value);
        }
    }

    /** {@code must be between 1 and 1000000000}; shared with {@link MarketJson} for out-of-long numbers. */
    static String rangeRule(long min, long max) {
        return "must be between " + min + " and " + max;
    }
}
