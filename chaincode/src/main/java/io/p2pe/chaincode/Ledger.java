package io.p2pe.chaincode;

import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** Typed access to world state and the paginated listing every query transaction uses. */
final class Ledger {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private Ledger() {
    }

    /** The record under a key, or null when absent. */
    static <T> T get(ChaincodeStub stub, String key, Class<T> type) {
        byte[] bytes = stub.getState(key);
        return bytes == null || bytes.length == 0 ? null : Json.read(bytes, type);
    }

    static void put(ChaincodeStub stub, String key, Object value) {
        stub.putState(key, Json.bytes(value));
    }

    /**
     * The record under a key of a private data collection, or null when absent. Only a client of a
     * member org may read (memberOnlyRead); a peer that has the key's hash but not yet its value
     * fails the call instead of answering null.
     */
    static <T> T getPrivate(ChaincodeStub stub, String collection, String key, Class<T> type) {
        byte[] bytes = stub.getPrivateData(collection, key);
        return bytes == null || bytes.length == 0 ? null : Json.read(bytes, type);
    }

    static void putPrivate(ChaincodeStub stub, String collection, String key, Object value) {
        stub.putPrivateData(collection, key, Json.bytes(value));
    }

    /** Whether a private key exists, from its hash on the public ledger: any org's peer, any client. */
    static boolean privateExists(ChaincodeStub stub, String collection, String key) {
        byte[] hash = stub.getPrivateDataHash(collection, key);
        return hash != null && hash.length > 0;
    }

    /**
     * Every record under a partial key, in key order, by one non-paginated scan (the only kind an
     * update transaction may run). The peer stops such a scan silently after its
     * {@code ledger.state.totalQueryLimit} records, so a scan that returns the configuration's
     * {@code totalQueryLimit} records may be incomplete: it is refused, never used in part.
     *
     * @param tx the transaction, for the message
     * @param what the records, for the message, e.g. {@code "the book of slot 2026-06-17T12:00+09:00"}
     */
    static <T> List<T> all(ChaincodeStub stub, CompositeKey prefix, Class<T> type, MarketConfig config, String tx,
                           String what) {
        int limit = config.totalQueryLimit();
        List<T> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(prefix)) {
            for (KeyValue kv : it) {
                out.add(Json.read(kv.getValue(), type));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        if (out.size() >= limit) {
            throw beyondQueryLimit(tx, what, out.size() + " records", limit);
        }
        return out;
    }

    /**
     * The refusal of a scan that may have been cut short by the peers' range-query limit.
     *
     * @param found what the scan found, e.g. {@code "100000 records"}
     */
    static RuntimeException beyondQueryLimit(String tx, String what, String found, int limit) {
        return Refusal.of(ErrorCode.BEYOND_LIMITS, tx + ": " + what + ": the scan found " + found + ", and the "
                + "range-query limit is " + limit + " (market config totalQueryLimit, which must equal the peers' "
                + "ledger.state.totalQueryLimit); a peer stops a scan there without saying so, and this transaction "
                + "never works on part of the records. Raise ledger.state.totalQueryLimit on every peer and "
                + "totalQueryLimit in the market config above the number of records, then repeat " + tx);
    }

    /** The first record under a partial key, or null; the scan reads no further. */
    static <T> T first(ChaincodeStub stub, CompositeKey prefix, Class<T> type) {
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(prefix)) {
            var i = it.iterator();
            return i.hasNext() ? Json.read(i.next().getValue(), type) : null;
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    /**
     * One page of a paginated query.
     *
     * @param items the records, in key order
     * @param bookmark pass it back to get the next page; empty when there is none
     */
    record Page<T>(List<T> items, String bookmark) {
    }

    /**
     * One page of the records under {@code prefix}, starting at {@code startKey} (a full key inside
     * the prefix, or null for the prefix's first key) and stopping for good at the first record
     * {@code stop} accepts. Fabric allows paginated queries only in read-only transactions, so only
     * query transactions call this.
     *
     * @param pageSizeArg the client's page size as text; empty for the default
     * @param bookmark the client's bookmark (base64url of the next key); empty for the first page
     */
    static <T> Page<T> page(ChaincodeStub stub, CompositeKey prefix, String startKey, String pageSizeArg,
                            String bookmark, Function<KeyValue, T> mapper, Predicate<KeyValue> stop) {
        // A peer caps paged scans at its totalQueryLimit too: a page of pageSize + 1 records past
        // that limit would come back short, look like the last page, and cut the answer silently.
        MarketConfig config = ConfigContract.current(stub);
        int limit = config == null ? MarketConfig.DEFAULT_TOTAL_QUERY_LIMIT : config.totalQueryLimit();
        int pageSize = Math.min(pageSize(pageSizeArg), limit - 1);
        String prefixText = prefix.toString();
        String start;
        if (bookmark != null && !bookmark.isEmpty()) {
            start = decodeBookmark(bookmark, prefixText);
        } else {
            start = startKey == null ? "" : startKey;
        }
        // One record more than the page: its key is the next page's start (inclusive), exactly
        // what the peer's own bookmark would be, and it tells whether there is a next page.
        try (QueryResultsIteratorWithMetadata<KeyValue> it =
                     stub.getStateByPartialCompositeKeyWithPagination(prefix, pageSize + 1, start)) {
            return collect(it, "", pageSize, mapper, stop);
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    /**
     * The page of {@code records} from key {@code start} on: at most {@code pageSize} records,
     * ending at the first one {@code stop} accepts; the bookmark is the key of the record after the
     * page, or empty when there is none.
     */
    private static <T> Page<T> collect(Iterable<KeyValue> records, String start, int pageSize,
                                       Function<KeyValue, T> mapper, Predicate<KeyValue> stop) {
        List<T> items = new ArrayList<>();
        for (KeyValue kv : records) {
            if (kv.getKey().compareTo(start) < 0) {
                continue;
            }
            if (stop != null && stop.test(kv)) {
                break;
            }
            if (items.size() == pageSize) {
                return new Page<>(items, encodeBookmark(kv.getKey()));
            }
            items.add(mapper.apply(kv));
        }
        return new Page<>(items, "");
    }

    /**
     * One page of the private records under {@code prefix} in {@code collection}, as {@link #page}
     * does it for public state. Fabric has neither a paginated private scan nor a private range
     * scan over composite keys (the shim refuses keys starting with U+0000), so this is the
     * partial-key scan of the whole prefix, skipping the records before the start key and read
     * for at most {@code pageSize + 1} records after it (a query transaction only: Fabric refuses
     * writes after a private scan). The records skipped count against the peer's
     * {@code totalQueryLimit}; a participant's records are purged after 400 days
     * (PurgePrivateRecords), far below it.
     */
    static <T> Page<T> privatePage(ChaincodeStub stub, String collection, CompositeKey prefix, String startKey,
                                   String pageSizeArg, String bookmark, Function<KeyValue, T> mapper,
                                   Predicate<KeyValue> stop) {
        MarketConfig config = ConfigContract.current(stub);
        int limit = config == null ? MarketConfig.DEFAULT_TOTAL_QUERY_LIMIT : config.totalQueryLimit();
        int pageSize = Math.min(pageSize(pageSizeArg), limit - 1);
        String prefixText = prefix.toString();
        String start = bookmark != null && !bookmark.isEmpty() ? decodeBookmark(bookmark, prefixText)
                : startKey == null ? prefixText : startKey;
        try (QueryResultsIterator<KeyValue> it = stub.getPrivateDataByPartialCompositeKey(collection, prefix)) {
            return collect(it, start, pageSize, mapper, stop);
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    static int pageSize(String arg) {
        if (arg == null || arg.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int n = Integer.parseInt(arg.trim());
            if (n >= 1 && n <= MAX_PAGE_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Refusal.of(ErrorCode.OUT_OF_RANGE, "pageSize must be an integer between 1 and " + MAX_PAGE_SIZE
                + ", got " + Args.quote(arg));
    }

    /** Bookmarks leave the chaincode as base64url text: raw keys hold U+0000, unusable on a command line. */
    static String encodeBookmark(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeBookmark(String bookmark, String prefixText) {
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "bookmark is not one this query returned");
        }
        // The peer starts the scan at the bookmark: one outside the prefix would read other records.
        if (!key.startsWith(prefixText)) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, "bookmark is not one this query returned");
        }
        return key;
    }

    static RuntimeException rethrow(Exception e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException("closing a ledger iterator failed", e);
    }
}
