package io.p2pe.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long list sent as several batch transactions, in order: each part within the chaincode's
 * count of elements per transaction and, as a JSON array, within a byte limit.
 */
final class Batches {
    private Batches() {
    }

    /**
     * Consecutive elements of the list, as one transaction sends them.
     *
     * @param offset the index of the part's first element in the whole list
     * @param texts the elements' JSON texts
     */
    record Part(int offset, List<String> texts) {
        /** The part as the chaincode reads it: a JSON array. */
        String json() {
            return "[" + String.join(",", texts) + "]";
        }
    }

    /**
     * The elements' JSON texts in parts of at most {@code max} elements whose array is at most
     * {@code maxBytes} UTF-8 bytes; an element too large on its own is a part alone (the chaincode
     * refuses it, naming it). {@code texts} must not be empty ({@link #requireElements}).
     */
    static List<Part> split(List<String> texts, int max, int maxBytes) {
        List<Part> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int offset = 0;
        long bytes = 2;
        for (int i = 0; i < texts.size(); i++) {
            String t = Objects.requireNonNull(texts.get(i), "element " + i);
            int size = t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            long next = bytes + size + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && (current.size() == max || next > maxBytes)) {
                out.add(new Part(offset, List.copyOf(current)));
                offset = i;
                current.clear();
                next = 2 + size;
            }
            current.add(t);
            bytes = next;
        }
        out.add(new Part(offset, List.copyOf(current)));
        return out;
    }

    /**
     * The list itself, when it has an element.
     *
     * @throws IllegalArgumentException when it is empty: the chaincode refuses an empty batch
     */
    static <T> List<T> requireElements(List<T> list, String name) {
        Objects.requireNonNull(list, name);
        if (list.isEmpty()) {
            throw new IllegalArgumentException(name + " must hold at least one element");
        }
        return list;
    }

    /**
     * A refusal of a part with the element index the chaincode named ({@code field[k]: }) made an
     * index of the whole list ({@code field[offset + k]: }); any other refusal unchanged.
     */
    static EndorsementRejectedException inList(EndorsementRejectedException e, String field, int offset) {
        String message = e.chaincodeMessage();
        Matcher m = message == null ? null : Pattern.compile("^" + Pattern.quote(field) + "\\[(\\d+)]: ").matcher(message);
        if (offset == 0 || m == null || !m.find()) {
            return e;
        }
        return new EndorsementRejectedException(e.transactionId().orElse(null),
                e.errorCode().map(Enum::name).orElse(null), e.field().orElse(null),
                field + "[" + (offset + Integer.parseInt(m.group(1))) + "]: " + message.substring(m.end()), e);
    }
}
