package io.p2pe.market;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a {@link ClearingInput} against every rule of docs/market-rules.md before it is cleared.
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

    /** The characters of valid ids in code order; {@code ID_CHAR_RANK[c]} is 1 … 67, 0 for others. */
    private static final byte[] ID_CHAR_RANK = new byte[128];
    /** Base 68 (67 characters and "ended"): 10 characters fit in a non-negative long (68^10 < 2^63). */
    private static final int ID_KEY_CHARS = 10;
    private static final int ID_KEY_BASE = 68;
    /** Runs of equal id keys up to this size are ordered by comparison, longer ones by the next characters. */
    private static final int SMALL_RUN = 16;

    static {
        String chars = "-./0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < chars.length(); i++) {
            ID_CHAR_RANK[chars.charAt(i)] = (byte) (i + 1);
        }
        assert chars.length() == ID_KEY_BASE - 1;
    }

    private InputValidator() {
    }

    /**
     * @throws InvalidInputException for the first problem found, in the order described above
     */
    public static void validate(ClearingInput input) throws InvalidInputException {
        validateSorted(input);
    }

    /**
     * {@link #validate}, returning the orders in the visiting order of step 2 (by id, then by
     * content), which is also the order of the canonical input and of the result's fills.
     */
    static Order[] validateSorted(ClearingInput input) throws InvalidInputException {
        return sortForValidation(input).validate();
    }

    /**
     * Steps 1 and 2 of {@link #validate}: the top-level checks and the orders sorted by id. A
     * caller may start work on {@link ById#orders} (which nothing changes afterwards) before
     * {@link ById#validate} checks them one by one, as long as it drops that work's result when
     * they are refused.
     */
    static ById sortForValidation(ClearingInput input) throws InvalidInputException {
        validateTopLevel(input);
        return sortByIdNoting(input.orders());
    }

    /**
     * Orders sorted by id, with what the sort found out on the way: whether every id consists of
     * valid id characters only, and whether two ids may be equal (false when the radix passes
     * alone told every id apart).
     */
    static final class ById {
        Order[] orders;
        boolean onlyIdCharacters;
        boolean mayRepeat;

        /** The remaining steps of {@link #validate}; the orders in id order. */
        Order[] validate() throws InvalidInputException {
            for (Order o : orders) {
                validateOrder(o, onlyIdCharacters);
            }
            if (mayRepeat) {
                validateUniqueIds(orders);
            }
            validateOneSidePerParticipant(orders);
            return orders;
        }
    }

    /**
     * The orders sorted by {@link #BY_ID_THEN_CONTENT}. When every id consists of valid id
     * characters (the case worth making fast), ids are compared 10 characters at a time as
     * base-68 numbers by radix sort; ids equal in those characters (ledger ids all begin with the
     * slot) are ordered by the next ten, and small groups and duplicate ids by the comparator. Any
     * other id falls back to the comparator for the whole book.
     */
    static Order[] sortById(List<Order> list) {
        return sortByIdNoting(list).orders;
    }

    private static ById sortByIdNoting(List<Order> list) {
        ById result = new ById();
        Order[] orders = list.toArray(new Order[0]);
        result.orders = orders;
        int n = orders.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = idKey(orders[i].id(), 0);
            if (keys[i] < 0) {
                Arrays.sort(orders, BY_ID_THEN_CONTENT);
                result.mayRepeat = true;
                return result;
            }
        }
        result.onlyIdCharacters = true;
        int[] positions = new int[n];
        Arrays.setAll(positions, i -> i);
        result.mayRepeat = sortById(orders, positions, keys, 0, n, 0);
        Order[] sorted = new Order[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = orders[positions[i]];
        }
        result.orders = sorted;
        return result;
    }

    /**
     * Sorts {@code positions[from, to)}, whose ids all share their first {@code offset} characters.
     *
     * @return whether some ids were ordered by the comparator (only then can two be equal)
     */
    private static boolean sortById(Order[] orders, int[] positions, long[] firstKeys, int from, int to, int offset) {
        boolean compared = false;
        int m = to - from;
        long[] keys = new long[m];
        int[] values = new int[m];
        for (int i = 0; i < m; i++) {
            values[i] = positions[from + i];
            keys[i] = firstKeys != null ? firstKeys[values[i]] : idKey(orders[values[i]].id(), offset);
        }
        KeySort.sort(keys, values, m);
        System.arraycopy(values, 0, positions, from, m);
        for (int start = 0; start < m; ) {
            int end = start + 1;
            while (end < m && keys[end] == keys[start]) {
                end++;
            }
            if (end - start > 1) {
                // Equal keys: the ids agree up to offset + 10, or all end together (duplicates).
                boolean duplicates = orders[values[start]].id().length() <= offset + ID_KEY_CHARS;
                if (duplicates || end - start <= SMALL_RUN) {
                    compared = true;
                    Integer[] runPositions = new Integer[end - start];
                    for (int i = 0; i < runPositions.length; i++) {
                        runPositions[i] = values[start + i];
                    }
                    Arrays.sort(runPositions, (x, y) -> BY_ID_THEN_CONTENT.compare(orders[x], orders[y]));
                    for (int i = 0; i < runPositions.length; i++) {
                        positions[from + start + i] = runPositions[i];
                    }
                } else {
                    compared |= sortById(orders, positions, null, from + start, from + end, offset + ID_KEY_CHARS);
                }
            }
            start = end;
        }
        return compared;
    }

    /**
     * Characters {@code [offset, offset + 10)} of an id as a base-68 number (0 past the end); −1
     * if the id has a character that is not a valid id character (at any position when
     * {@code offset} is 0).
     */
    private static long idKey(String id, int offset) {
        int length = id.length();
        long key = 0;
        for (int i = offset; i < offset + ID_KEY_CHARS; i++) {
            int rank = 0;
            if (i < length) {
                char c = id.charAt(i);
                rank = c < ID_CHAR_RANK.length ? ID_CHAR_RANK[c] : 0;
                if (rank == 0) {
                    return -1;
                }
            }
            key = key * ID_KEY_BASE + rank;
        }
        for (int i = offset + ID_KEY_CHARS; offset == 0 && i < length; i++) {
            char c = id.charAt(i);
            if (c >= ID_CHAR_RANK.length || ID_CHAR_RANK[c] == 0) {
                return -1;
            }
        }
        return key;
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

    /** @param onlyIdCharacters the id is known to consist of valid id characters; its length is still checked */
    private static void validateOrder(Order o, boolean onlyIdCharacters) throws InvalidInputException {
        String id = o.id();
        if (onlyIdCharacters ? id.isEmpty() || id.length() > MAX_ID_LENGTH : !isValidId(id)) {
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

    private static void validateUniqueIds(Order[] sortedById) throws InvalidInputException {
        for (int i = 1; i < sortedById.length; i++) {
            String id = sortedById[i].id();
            if (id.equals(sortedById[i - 1].id())) {
                int count = 2;
                while (i + count - 1 < sortedById.length && sortedById[i + count - 1].id().equals(id)) {
                    count++;
                }
                throw new InvalidInputException(MarketErrorCode.DUPLICATE_ORDER_ID, id, "id",
                        "must be unique in the slot, got " + count + " orders with this id");
            }
        }
    }

    /**
     * The first order, by id, whose participant has an order on the other side with a smaller id
     * is refused, naming that participant's first order on the other side. Per participant that
     * is the first order of the side it entered second, so the orders are grouped by participant
     * (a sort by {@link String#hashCode}, which the platform specifies, and by position; orders of
     * different participants with one hash are told apart by their text) rather than looked up in
     * a map per order.
     */
    private static void validateOneSidePerParticipant(Order[] sortedById) throws InvalidInputException {
        int n = sortedById.length;
        long[] byParticipant = new long[n];
        for (int i = 0; i < n; i++) {
            byParticipant[i] = (long) sortedById[i].participant().hashCode() << 32 | i;
        }
        Arrays.sort(byParticipant);
        int conflict = Integer.MAX_VALUE;
        int first = -1;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && byParticipant[end] >>> 32 == byParticipant[start] >>> 32) {
                end++;
            }
            if (end - start > 1) {
                int[] found = firstConflict(sortedById, byParticipant, start, end);
                if (found != null && found[0] < conflict) {
                    conflict = found[0];
                    first = found[1];
                }
            }
            start = end;
        }
        if (first >= 0) {
            throw bothSides(sortedById[conflict], sortedById[first]);
        }
    }

    /**
     * Within the orders at positions {@code byParticipant[start, end)} (one participant hash,
     * positions ascending): the smallest position at which some participant's second side begins,
     * and the position of that participant's first order on its other side; null if none.
     */
    private static int[] firstConflict(Order[] sortedById, long[] byParticipant, int start, int end) {
        int[] positions = new int[end - start];
        for (int k = start; k < end; k++) {
            positions[k - start] = (int) byParticipant[k];
        }
        String participant = sortedById[positions[0]].participant();
        boolean oneParticipant = true;
        for (int p : positions) {
            oneParticipant &= sortedById[p].participant().equals(participant);
        }
        if (!oneParticipant) {
            // Different participants with one hash: group them by text (rare, but never quadratic).
            Integer[] boxed = new Integer[positions.length];
            Arrays.setAll(boxed, i -> positions[i]);
            Arrays.sort(boxed, Comparator.<Integer, String>comparing(p -> sortedById[p].participant())
                    .thenComparingInt(p -> p));
            Arrays.setAll(positions, i -> boxed[i]);
        }
        int[] best = null;
        for (int from = 0; from < positions.length; ) {
            String current = sortedById[positions[from]].participant();
            int firstBuy = -1;
            int firstSell = -1;
            int to = from;
            while (to < positions.length && sortedById[positions[to]].participant().equals(current)) {
                int p = positions[to++];
                if (sortedById[p].side() == Side.BUY) {
                    firstBuy = firstBuy < 0 ? p : firstBuy;
                } else {
                    firstSell = firstSell < 0 ? p : firstSell;
                }
            }
            if (firstBuy >= 0 && firstSell >= 0 && (best == null || Math.max(firstBuy, firstSell) < best[0])) {
                best = new int[] {Math.max(firstBuy, firstSell), Math.min(firstBuy, firstSell)};
            }
            from = to;
        }
        return best;
    }

    /**
     * Refuses {@code incoming} if its participant already has {@code existing} on the other side
     * of the slot: the message names {@code incoming} as the refused order and {@code existing} as
     * the one the participant also has. For a ledger that checks each new order against the
     * participant's first open order, where {@link #validate} of the two as a book would name
     * whichever has the larger id.
     */
    public static void validateOneSide(Order existing, Order incoming) throws InvalidInputException {
        if (existing.participant().equals(incoming.participant()) && existing.side() != incoming.side()) {
            throw bothSides(incoming, existing);
        }
    }

    private static InvalidInputException bothSides(Order refused, Order first) {
        return new InvalidInputException(MarketErrorCode.BOTH_SIDES, refused.id(), "participant",
                "must be on one side per slot, " + MessageText.quote(refused.participant()) + " also has "
                        + first.side() + " order " + first.id());
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
