package io.p2pe.sdk;

import io.p2pe.market.Slot;
import io.p2pe.protocol.SealingKey;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;

/**
 * What an org runs for a sealed book (market config {@code orderBook: SEALED}, docs/privacy.md):
 * publish its sealing key (as an org admin) and, after each gate closure, reveal its participants'
 * sealed orders with the private key (any p2pe identity of the org, or its admin). Participants
 * need none of this: {@link ParticipantClient#submitOrder} seals by itself in a SEALED market.
 *
 * <pre>{@code
 * KeyPair k = SealedOrders.newSealingKeyPair();
 * admin.sealedBook().setSealingKey("retail-2026-06", (ECPublicKey) k.getPublic());
 * // after gate closure of slot:
 * RevealReport r = agent.sealedBook().revealSlot(slot, Map.of("retail-2026-06", k.getPrivate()));
 * }</pre>
 */
public interface SealedBookClient {
    /** Most orders in one RevealOrders transaction (the chaincode's limit). */
    int MAX_REVEAL_BATCH = 200;

    /** Publishes the connected admin's org's sealing public key (order:SetSealingKey). */
    SealingKey setSealingKey(String keyId, ECPublicKey publicKey) throws P2peException;

    /** An org's current sealing key. */
    SealingKey sealingKey(String mspId) throws P2peException;

    /**
     * Reveals every SEALED order of the slot whose key id is one of {@code privateKeys}: lists the
     * closed slot's book, decrypts, and submits RevealOrders in batches of at most
     * {@link #MAX_REVEAL_BATCH}. Orders under other key ids are left alone; an order that does not
     * decrypt is reported and not revealed.
     *
     * @throws EndorsementRejectedException {@code SLOT_OPEN} before gate closure, {@code INVALID_STATE}
     *     once the slot is cleared
     */
    RevealReport revealSlot(Slot slot, Map<String, PrivateKey> privateKeys) throws P2peException;

    /**
     * What one {@link #revealSlot} did.
     *
     * @param sealedUnderKeys the slot's SEALED orders under the given key ids
     * @param opened ids of the orders that became OPEN
     * @param rejected ids revealed but REJECTED by a market rule (the record says why)
     * @param undecryptable ids under the given key ids whose ciphertext did not open
     * @param transactions RevealOrders transactions submitted
     */
    record RevealReport(String slot, int sealedUnderKeys, List<String> opened, List<String> rejected,
                        List<String> undecryptable, int transactions) {
    }
}
