package io.p2pe.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where and as whom to connect: the gateway peer's endpoint and TLS root certificate, the
 * identity's MSP id, certificate and private key, the channel and chaincode names, per-call
 * deadlines and the retry policy. Built directly, from a network connection profile written by
 * {@code test-network-scripts/network.sh}, or from environment variables.
 *
 * <pre>{@code
 * P2peConfig config = P2peConfig.fromProfile(Path.of(".network/profiles/retailer.json"), "home-001");
 * P2peConfig same = P2peConfig.builder()
 *         .peerEndpoint("localhost:7051")
 *         .tlsCaCert(Path.of("tlsca.pem"))
 *         .hostOverride("peer0.retailer.p2pe.local")
 *         .mspId("RetailerMSP")
 *         .mspDirectory(Path.of("users/home-001/msp"))
 *         .build();
 * }</pre>
 *
 * <p>Environment variables read by {@link #fromEnvironment()}: {@code P2PE_PROFILE} and
 * {@code P2PE_IDENTITY} select a profile and an identity in it; {@code P2PE_PEER_ENDPOINT},
 * {@code P2PE_PEER_HOST_OVERRIDE}, {@code P2PE_TLS_CA_CERT}, {@code P2PE_MSP_ID},
 * {@code P2PE_CERT}, {@code P2PE_KEY}, {@code P2PE_MSP_DIR}, {@code P2PE_CHANNEL} and
 * {@code P2PE_CHAINCODE} override single settings.
 */
public final class P2peConfig {
    /** The channel of the exchange. */
    public static final String DEFAULT_CHANNEL = "energy";
    /** The chaincode of the exchange. */
    public static final String DEFAULT_CHAINCODE = "p2pe";

    private final String peerEndpoint;
    private final Path tlsCaCert;
    private final String hostOverride;
    private final String mspId;
    private final Path certPath;
    private final Path keyPath;
    private final String channel;
    private final String chaincode;
    private final Deadlines deadlines;
    private final RetryPolicy retryPolicy;

    private P2peConfig(Builder b) {
        this.peerEndpoint = b.peerEndpoint;
        this.tlsCaCert = b.tlsCaCert;
        this.hostOverride = b.hostOverride;
        this.mspId = b.mspId;
        this.certPath = b.certPath;
        this.keyPath = b.keyPath;
        this.channel = b.channel;
        this.chaincode = b.chaincode;
        this.deadlines = b.deadlines;
        this.retryPolicy = b.retryPolicy;
    }

    /** A new, empty builder (channel {@code energy}, chaincode {@code p2pe}, default deadlines and retries). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.peerEndpoint = peerEndpoint;
        b.tlsCaCert = tlsCaCert;
        b.hostOverride = hostOverride;
        b.mspId = mspId;
        b.certPath = certPath;
        b.keyPath = keyPath;
        b.channel = channel;
        b.chaincode = chaincode;
        b.deadlines = deadlines;
        b.retryPolicy = retryPolicy;
        return b;
    }

    /**
     * Reads a connection profile written by the network scripts:
     * <pre>{@code
     * {"mspId": "RetailerMSP", "peerEndpoint": "localhost:7051", "peerHostOverride": "peer0...",
     *  "tlsCaCert": "…/tlsca.pem", "channel": "energy", "chaincode": "p2pe",
     *  "identities": {"home-001": {"certPath": "…/cert.pem", "keyPath": "…/key.pem"}}}
     * }</pre>
     * Relative paths are resolved against the profile's directory. An identity may give only
     * {@code mspDir} instead of {@code certPath} and {@code keyPath}.
     *
     * @param profile the profile file
     * @param identityName a key of {@code identities}; null selects the only identity of a
     *     profile that has exactly one
     * @throws ConfigurationException if the file cannot be read, a field is missing or the
     *     identity is not in the profile
     */
    public static P2peConfig fromProfile(Path profile, String identityName) throws ConfigurationException {
        return profileBuilder(profile, identityName).build();
    }

    /**
     * The configuration described by this process's environment variables (see the class
     * description).
     *
     * @throws ConfigurationException if they do not describe a complete configuration
     */
    public static P2peConfig fromEnvironment() throws ConfigurationException {
        return fromEnvironment(System.getenv());
    }

    /**
     * The configuration described by the given environment variables (see the class
     * description): the profile named by {@code P2PE_PROFILE}, if any, with the single settings
     * applied over it.
     *
     * @throws ConfigurationException if they do not describe a complete configuration
     */
    public static P2peConfig fromEnvironment(Map<String, String> env) throws ConfigurationException {
        Objects.requireNonNull(env, "env");
        Builder b = env.containsKey("P2PE_PROFILE")
                ? profileBuilder(Path.of(env.get("P2PE_PROFILE")), env.get("P2PE_IDENTITY"))
                : builder();
        return b.applyEnvironment(env).build();
    }

    static Builder profileBuilder(Path profile, String identityName) throws ConfigurationException {
        Objects.requireNonNull(profile, "profile");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(profile.toFile());
        } catch (IOException e) {
            throw new ConfigurationException("cannot read connection profile " + profile + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException("connection profile " + profile + " is not a JSON object", null);
        }
        Path dir = profile.toAbsolutePath().getParent();
        Builder b = builder()
                .mspId(requiredText(root, "mspId", profile))
                .peerEndpoint(requiredText(root, "peerEndpoint", profile));
        optionalText(root, "peerHostOverride").ifPresent(b::hostOverride);
        optionalText(root, "tlsCaCert").ifPresent(p -> b.tlsCaCert(dir.resolve(p)));
        optionalText(root, "channel").ifPresent(b::channel);
        optionalText(root, "chaincode").ifPresent(b::chaincode);

        JsonNode identities = root.path("identities");
        if (!identities.isObject() || identities.isEmpty()) {
            throw new ConfigurationException("connection profile " + profile + ": field 'identities' is missing or empty", null);
        }
        String name = identityName;
        if (name == null) {
            if (identities.size() != 1) {
                throw new ConfigurationException("connection profile " + profile + " has several identities "
                        + names(identities) + ": choose one (--identity or P2PE_IDENTITY)", null);
            }
            name = identities.fieldNames().next();
        }
        JsonNode identity = identities.get(name);
        if (identity == null || !identity.isObject()) {
            throw new ConfigurationException("connection profile " + profile + " has no identity '" + name
                    + "'; it has " + names(identities), null);
        }
        Optional<String> mspDir = optionalText(identity, "mspDir");
        if (mspDir.isPresent() && !identity.has("certPath") && !identity.has("keyPath")) {
            b.mspDirectory(dir.resolve(mspDir.get()));
        } else {
            b.certPath(dir.resolve(requiredText(identity, "certPath", profile)));
            b.keyPath(dir.resolve(requiredText(identity, "keyPath", profile)));
        }
        return b;
    }

    private static String names(JsonNode identities) {
        TreeSet<String> names = new TreeSet<>();
        identities.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String requiredText(JsonNode node, String field, Path profile) throws ConfigurationException {
        return optionalText(node, field).orElseThrow(() -> new ConfigurationException(
                "connection profile " + profile + ": field '" + field + "' is missing", null));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    /** The gateway peer, {@code host:port}. */
    public String peerEndpoint() {
        return peerEndpoint;
    }

    /** The PEM file of the TLS root certificate of the peer; empty for a plaintext connection. */
    public Optional<Path> tlsCaCert() {
        return Optional.ofNullable(tlsCaCert);
    }

    /** The host name expected in the peer's TLS certificate when it differs from the endpoint's. */
    public Optional<String> hostOverride() {
        return Optional.ofNullable(hostOverride);
    }

    /** The MSP id of the identity's organization, e.g. {@code RetailerMSP}. */
    public String mspId() {
        return mspId;
    }

    /** The identity's X.509 certificate, PEM. */
    public Path certPath() {
        return certPath;
    }

    /** The identity's private key, PEM. */
    public Path keyPath() {
        return keyPath;
    }

    /** The channel, {@code energy} by default. */
    public String channel() {
        return channel;
    }

    /** The chaincode, {@code p2pe} by default. */
    public String chaincode() {
        return chaincode;
    }

    /** The deadline of each kind of gateway call. */
    public Deadlines deadlines() {
        return deadlines;
    }

    /** How transient failures are retried. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "P2peConfig[" + mspId + " " + certPath + " @ " + peerEndpoint + ", channel " + channel
                + ", chaincode " + chaincode + "]";
    }

    /** Builds a {@link P2peConfig}; setters reject null, {@link #build()} names any missing setting. */
    public static final class Builder {
        private String peerEndpoint;
        private Path tlsCaCert;
        private String hostOverride;
        private String mspId;
        private Path certPath;
        private Path keyPath;
        private Path mspDirectory;
        private String channel = DEFAULT_CHANNEL;
        private String chaincode = DEFAULT_CHAINCODE;
        private Deadlines deadlines = Deadlines.DEFAULT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

        private Builder() {
        }

        /** The gateway peer, {@code host:port}. Required. */
        public Builder peerEndpoint(String value) {
            this.peerEndpoint = Objects.requireNonNull(value, "peerEndpoint");
            return this;
        }

        /** The peer's TLS root certificate (PEM); without it the connection is plaintext. */
        public Builder tlsCaCert(Path value) {
            this.tlsCaCert = Objects.requireNonNull(value, "tlsCaCert");
            return this;
        }

        /** The host name in the peer's TLS certificate, when the endpoint's host differs. */
        public Builder hostOverride(String value) {
            this.hostOverride = Objects.requireNonNull(value, "hostOverride");
            return this;
        }

        /** The identity's MSP id. Required. */
        public Builder mspId(String value) {
            this.mspId = Objects.requireNonNull(value, "mspId");
            return this;
        }

        /** The identity's certificate (PEM). Required unless {@link #mspDirectory(Path)} is given. */
        public Builder certPath(Path value) {
            this.certPath = Objects.requireNonNull(value, "certPath");
            this.mspDirectory = null;
            return this;
        }

        /** The identity's private key (PEM). Required unless {@link #mspDirectory(Path)} is given. */
        public Builder keyPath(Path value) {
            this.keyPath = Objects.requireNonNull(value, "keyPath");
            this.mspDirectory = null;
            return this;
        }

        /**
         * An MSP directory as written by Fabric CA or cryptogen: the certificate is the one file
         * in {@code signcerts/}, the key the one file in {@code keystore/}.
         */
        public Builder mspDirectory(Path value) {
            this.mspDirectory = Objects.requireNonNull(value, "mspDirectory");
            this.certPath = null;
            this.keyPath = null;
            return this;
        }

        /** The channel, {@code energy} by default. */
        public Builder channel(String value) {
            this.channel = Objects.requireNonNull(value, "channel");
            return this;
        }

        /** The chaincode, {@code p2pe} by default. */
        public Builder chaincode(String value) {
            this.chaincode = Objects.requireNonNull(value, "chaincode");
            return this;
        }

        /** Per-call deadlines, {@link Deadlines#DEFAULT} by default. */
        public Builder deadlines(Deadlines value) {
            this.deadlines = Objects.requireNonNull(value, "deadlines");
            return this;
        }

        /** Retry policy, {@link RetryPolicy#DEFAULT} by default. */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** Applies the single-setting environment variables listed in the class description. */
        Builder applyEnvironment(Map<String, String> env) throws ConfigurationException {
            set(env, "P2PE_PEER_ENDPOINT", this::peerEndpoint);
            set(env, "P2PE_PEER_HOST_OVERRIDE", this::hostOverride);
            set(env, "P2PE_TLS_CA_CERT", v -> tlsCaCert(Path.of(v)));
            set(env, "P2PE_MSP_ID", this::mspId);
            set(env, "P2PE_MSP_DIR", v -> mspDirectory(Path.of(v)));
            String cert = env.get("P2PE_CERT");
            String key = env.get("P2PE_KEY");
            if ((cert == null) != (key == null)) {
                throw new ConfigurationException("P2PE_CERT and P2PE_KEY must be set together", null);
            }
            if (cert != null) {
                certPath(Path.of(cert));
                keyPath(Path.of(key));
            }
            set(env, "P2PE_CHANNEL", this::channel);
            set(env, "P2PE_CHAINCODE", this::chaincode);
            return this;
        }

        private static void set(Map<String, String> env, String name, java.util.function.Consumer<String> setter) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                setter.accept(v);
            }
        }

        /**
         * @throws ConfigurationException naming the first missing setting, or an MSP directory
         *     without exactly one certificate and one key
         */
        public P2peConfig build() throws ConfigurationException {
            if (peerEndpoint == null) {
                throw new ConfigurationException("peer endpoint is not set (profile field 'peerEndpoint' or P2PE_PEER_ENDPOINT)", null);
            }
            if (mspId == null) {
                throw new ConfigurationException("MSP id is not set (profile field 'mspId' or P2PE_MSP_ID)", null);
            }
            if (mspDirectory != null) {
                certPath = onlyFile(mspDirectory.resolve("signcerts"));
                keyPath = onlyFile(mspDirectory.resolve("keystore"));
                mspDirectory = null;
            }
            if (certPath == null || keyPath == null) {
                throw new ConfigurationException("identity is not set: give a certificate and key (P2PE_CERT, P2PE_KEY) "
                        + "or an MSP directory (P2PE_MSP_DIR), or a profile and identity", null);
            }
            return new P2peConfig(this);
        }

        private static Path onlyFile(Path dir) throws ConfigurationException {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isRegularFile)) {
                s.forEach(files::add);
            } catch (IOException e) {
                throw new ConfigurationException("cannot list MSP directory " + dir + ": " + e.getMessage(), e);
            }
            if (files.size() != 1) {
                throw new ConfigurationException("MSP directory " + dir + " must hold exactly one file, it holds "
                        + files.size(), null);
            }
            return files.get(0);
        }
    }
}
