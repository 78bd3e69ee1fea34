package io.p2pe.chaincode;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A client identity as a Fabric peer hands it to the chaincode: a SerializedIdentity with the MSP
 * id and a PEM X.509 certificate issued by a test CA, carrying Fabric CA attributes in extension
 * 1.2.3.4.5.6.7.8.1 ({@code {"attrs":{...}}}) and the NodeOU in the subject. The shim's real
 * ClientIdentity parses it.
 */
record TestIdentity(String mspId, String name, byte[] creator) {
    private static final String ATTRIBUTE_OID = "1.2.3.4.5.6.7.8.1";
    private static final KeyPair CA_KEY = ecKey();
    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A client certificate with a role and, optionally, a participant attribute. */
    static TestIdentity client(String mspId, String name, String role, String participant) {
        Map<String, String> attrs = new TreeMap<>();
        if (role != null) {
            attrs.put("p2pe.role", role);
        }
        if (participant != null) {
            attrs.put("p2pe.participant", participant);
        }
        return issue(mspId, name, "client", attrs);
    }

    /** An org admin certificate (OU=admin), without p2pe attributes. */
    static TestIdentity admin(String mspId, String name) {
        return issue(mspId, name, "admin", Map.of());
    }

    static TestIdentity issue(String mspId, String name, String ou, Map<String, String> attrs) {
        try {
            KeyPair key = ecKey();
            X500Name issuer = new X500Name("CN=ca." + mspId.toLowerCase() + ",O=" + mspId);
            X500Name subject = new X500Name("CN=" + name + ",OU=" + ou + ",O=" + mspId);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), new Date(1_700_000_000_000L),
                    new Date(4_000_000_000_000L), subject, key.getPublic());
            if (!attrs.isEmpty()) {
                StringBuilder json = new StringBuilder("{\"attrs\":{");
                String sep = "";
                for (Map.Entry<String, String> e : attrs.entrySet()) {
                    json.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
                    sep = ",";
                }
                json.append("}}");
                b.addExtension(new ASN1ObjectIdentifier(ATTRIBUTE_OID), false,
                        json.toString().getBytes(StandardCharsets.UTF_8));
            }
            byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEY.getPrivate())).getEncoded();
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            byte[] creator = SerializedIdentity.newBuilder().setMspid(mspId)
                    .setIdBytes(ByteString.copyFromUtf8(pem)).build().toByteArray();
            return new TestIdentity(mspId, name, creator);
        } catch (Exception e) {
            throw new IllegalStateException("test certificate", e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
