package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** What the typed clients share: the ledger, the executor of async calls, paging and JSON reading. */
final class ClientSupport {
    /** The chaincode's largest page. */
    static final int PAGE_SIZE = 500;

    /** A blocking call that may fail with a checked SDK exception. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws P2peException;
    }

    final Ledger ledger;
    final Identity identity;
    private final Executor executor;

    ClientSupport(Ledger ledger, Identity identity, Executor executor) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs {@code call} on the connection's executor; an SDK exception completes the future exceptionally. */
    <T> CompletableFuture<T> async(Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (P2peException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** A query's answer as the chaincode's text (e.g. a private record with its salt, byte for byte). */
    String evaluateText(String contract, String function, String... args) throws P2peException {
        return new String(ledger.evaluate(contract, function, args), java.nio.charset.StandardCharsets.UTF_8);
    }

    <T> T evaluate(Class<T> type, String contract, String function, String... args) throws P2peException {
        return Json.read(ledger.evaluate(contract, function, args), type, contract + ":" + function);
    }

    <T> T submit(Class<T> type, Ledger.Idempotency idempotency, String contract, String function, String... args)
            throws P2peException {
        return submitPrivate(type, idempotency, contract, function, java.util.Map.of(), args);
    }

    /** The transient field that seeds the salts of the private records a transaction writes. */
    static final String SALT_FIELD = "salt";
    private static final java.security.SecureRandom SALTS = new java.security.SecureRandom();

    /**
     * A fresh salt seed (32 random bytes): the chaincode salts the hashes of the private records a
     * transaction writes with it, so their hashes on the public ledger cannot be inverted by trying
     * every plausible value.
     */
    static byte[] salt() {
        byte[] b = new byte[32];
        SALTS.nextBytes(b);
        return b;
    }

    /** As {@link #submit}, with a transient map (kept out of the block). */
    <T> T submitPrivate(Class<T> type, Ledger.Idempotency idempotency, String contract, String function,
                        java.util.Map<String, byte[]> transientData, String... args) throws P2peException {
        Ledger.Committed c = ledger.submit(contract, function, idempotency, transientData, args);
        try {
            return Json.read(c.result(), type, contract + ":" + function);
        } catch (UnexpectedResponseException e) {
            throw new UnexpectedResponseException(e.getMessage(), c.transactionId(), e.getCause());
        }
    }

    /**
     * Every item of a paged query {@code function(leadingArgs..., pageSize, bookmark)}, following
     * bookmarks until the last page.
     */
    <T> List<T> allPages(Class<T> type, String contract, String function, String... leadingArgs) throws P2peException {
        String operation = contract + ":" + function;
        JavaType itemType = Json.MAPPER.constructType(type);
        List<T> out = new ArrayList<>();
        String bookmark = "";
        do {
            String[] args = new String[leadingArgs.length + 2];
            System.arraycopy(leadingArgs, 0, args, 0, leadingArgs.length);
            args[leadingArgs.length] = Integer.toString(PAGE_SIZE);
            args[leadingArgs.length + 1] = bookmark;
            JsonNode page = Json.read(ledger.evaluate(contract, function, args), JsonNode.class, operation);
            JsonNode items = page.path("items");
            if (!items.isArray()) {
                throw new UnexpectedResponseException(operation + " returned a page without 'items'", null, null);
            }
            for (JsonNode item : items) {
                try {
                    out.add(Json.MAPPER.readValue(Json.MAPPER.treeAsTokens(item), itemType));
                } catch (IOException e) {
                    throw new UnexpectedResponseException(operation + " returned an item this SDK cannot read: "
                            + e.getMessage(), null, e);
                }
            }
            bookmark = page.path("bookmark").asText("");
        } while (!bookmark.isEmpty());
        return out;
    }
}
