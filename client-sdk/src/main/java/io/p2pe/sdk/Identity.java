package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.client.identity.Identities;

/**
 * The connected identity: its certificate and key, and the attributes Fabric CA wrote into the
 * certificate ({@code p2pe.role}, {@code p2pe.participant}) from which the chaincode derives the
 * caller's role and participant id.
 */
record Identity(String mspId, X509Certificate certificate, PrivateKey privateKey, Map<String, String> attributes) {
    /** Fabric CA's certificate extension holding {@code {"attrs": {...}}}. */
    static final String ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";

    static Identity load(P2peConfig config) throws ConfigurationException {
        X509Certificate cert;
        try (Reader r = Files.newBufferedReader(config.certPath())) {
            cert = Identities.readX509Certificate(r);
        } catch (IOException | CertificateException e) {
            throw new ConfigurationException("cannot read certificate " + config.certPath() + ": " + e.getMessage(), e);
        }
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(config.keyPath())) {
            key = Identities.readPrivateKey(r);
        } catch (IOException | InvalidKeyException e) {
            throw new ConfigurationException("cannot read private key " + config.keyPath() + ": " + e.getMessage(), e);
        }
        return new Identity(config.mspId(), cert, key, attributes(cert));
    }

    /** The Fabric CA attributes of a certificate; empty when it has none. */
    static Map<String, String> attributes(X509Certificate cert) {
        byte[] der = cert.getExtensionValue(ATTRIBUTES_OID);
        Map<String, String> out = new TreeMap<>();
        if (der == null) {
            return out;
        }
        try {
            JsonNode attrs = Json.MAPPER.readTree(octets(der)).path("attrs");
            attrs.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            // an extension that is not Fabric CA's JSON carries no attributes we use
        }
        return out;
    }

    /** The content of a DER OCTET STRING (tag 0x04, definite length). */
    private static byte[] octets(byte[] der) throws IOException {
        if (der.length < 2 || der[0] != 0x04) {
            throw new IOException("not a DER octet string");
        }
        int len = der[1] & 0xff;
        int offset = 2;
        if (len > 0x7f) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[2 + i] & 0xff);
            }
            offset = 2 + n;
        }
        if (offset + len > der.length) {
            throw new IOException("truncated DER octet string");
        }
        return Arrays.copyOfRange(der, offset, offset + len);
    }

    /** {@code <MSP id>:<p2pe.participant>}, or null when the certificate names no participant. */
    String participantId() {
        String local = attributes.get("p2pe.participant");
        return local == null || local.isEmpty() ? null : mspId + ":" + local;
    }

    /** The {@code p2pe.role} attribute, or null. */
    String role() {
        return attributes.get("p2pe.role");
    }
}
