package io.p2pe.cli;

import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.P2peConfig;
import io.p2pe.sdk.P2peConnection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --profile}, {@code --identity} and {@code --output}, shared by every ledger command. */
public final class ConnectionOptions {
    /** Output formats. */
    public enum Format { table, json, csv }

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Connection profile written by network.sh (default: $P2PE_PROFILE).")
    Path profile;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "Identity in the profile, e.g. home-001 (default: $P2PE_IDENTITY).")
    String identity;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format output;

    /** Opens a connection from the options, over the P2PE_* environment variables. */
    P2peConnection connect() throws ConfigurationException {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (profile != null) {
            env.put("P2PE_PROFILE", profile.toString());
        }
        if (identity != null) {
            env.put("P2PE_IDENTITY", identity);
        }
        if (!env.containsKey("P2PE_PROFILE") && !env.containsKey("P2PE_PEER_ENDPOINT")) {
            throw new ConfigurationException("no connection: give --profile FILE --identity NAME, or set P2PE_PROFILE", null);
        }
        return P2peConnection.connect(P2peConfig.fromEnvironment(env));
    }
}
