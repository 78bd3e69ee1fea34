package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.protocol.SealingKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

final class GatewaySealedBookClient implements SealedBookClient {
    private final ClientSupport support;

    GatewaySealedBookClient(ClientSupport support) {
        this.support = support;
    }

    /** The answer of RevealOrders. */
    record RevealAnswer(List<OrderRecord> orders) {
    }

    @Override
    public SealingKey setSealingKey(String keyId, ECPublicKey publicKey) throws P2peException {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", keyId);
        m.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        return support.submit(SealingKey.class, Ledger.Idempotency.IDEMPOTENT, Contracts.Order.NAME,
                Contracts.Order.SET_SEALING_KEY, Json.write(m));
    }

    @Override
    public SealingKey sealingKey(String mspId) throws P2peException {
        Objects.requireNonNull(mspId, "mspId");
        return support.evaluate(SealingKey.class, Contracts.Order.NAME, Contracts.Order.GET_SEALING_KEY, mspId);
    }

    @Override
    public RevealReport revealSlot(Slot slot, Map<String, PrivateKey> privateKeys) throws P2peException {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(privateKeys, "privateKeys");
        List<OrderRecord> book = support.allPages(OrderRecord.class, Contracts.Order.NAME, Contracts.Order.GET_SLOT_BOOK,
                slot.toString());
        List<Map<String, Object>> entries = new ArrayList<>();
        List<String> undecryptable = new ArrayList<>();
        int mine = 0;
        for (OrderRecord o : book) {
            if (o.status() != OrderRecord.Status.SEALED || o.sealed() == null) {
                continue;
            }
            PrivateKey key = privateKeys.get(o.sealed().keyId());
            if (key == null) {
                continue;
            }
            mine++;
            try {
                entries.add(SealedOrders.open(o.sealed().ciphertext(), o.orderId(), o.sealed().keyId(), key).revealEntry());
            } catch (GeneralSecurityException e) {
                undecryptable.add(o.orderId());
            }
        }
        List<String> opened = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int transactions = 0;
        for (int from = 0; from < entries.size(); from += MAX_REVEAL_BATCH) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("slot", slot.toString());
            batch.put("orders", entries.subList(from, Math.min(entries.size(), from + MAX_REVEAL_BATCH)));
            RevealAnswer answer = support.submit(RevealAnswer.class, Ledger.Idempotency.NOT_IDEMPOTENT,
                    Contracts.Order.NAME, Contracts.Order.REVEAL_ORDERS, Json.write(batch));
            transactions++;
            for (OrderRecord r : answer.orders()) {
                (r.status() == OrderRecord.Status.OPEN ? opened : rejected).add(r.orderId());
            }
        }
        return new RevealReport(slot.toString(), mine, opened, rejected, undecryptable, transactions);
    }
}
