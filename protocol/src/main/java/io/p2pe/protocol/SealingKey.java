package io.p2pe.protocol;

/**
 * An org's sealing public key under {@code sealingkey~<MSP>} (order:SetSealingKey): sealed orders
 * of the org's participants are encrypted to it (docs/privacy.md).
 *
 * @param mspId the org
 * @param keyId the key's id, named by every order sealed to it
 * @param publicKey EC P-256 public key, X.509 SubjectPublicKeyInfo DER, base64
 * @param setAt tx timestamp
 * @param setBy the admin's client id
 * @param txId the transaction that set it
 */
public record SealingKey(String mspId, String keyId, String publicKey, String setAt, String setBy, String txId) {
}
