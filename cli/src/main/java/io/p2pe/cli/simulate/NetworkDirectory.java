package io.p2pe.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pe.cli.RefusedInputException;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.P2peConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A test network's state directory as {@code test-network-scripts/network.sh} writes it
 * ({@code .network/}): one connection profile per org under {@code profiles/}, and the script that
 * enrolls new identities into them.
 */
public final class NetworkDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path script;

    /**
     * @param home the network's state directory (the script's {@code NETWORK_HOME})
     * @param script {@code network.sh}
     * @throws RefusedInputException if the directory holds no connection profiles
     */
    public NetworkDirectory(Path home, Path script) throws RefusedInputException {
        this.home = home.toAbsolutePath().normalize();
        this.script = script.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.home.resolve("profiles"))) {
            throw new RefusedInputException("no connection profiles in " + this.home.resolve("profiles")
                    + ": is the network up? (test-network-scripts/network.sh up && network.sh deploy)");
        }
    }

    /** The network's state directory. */
    public Path home() {
        return home;
    }

    private Path profile(String org) {
        return home.resolve("profiles").resolve(org.toLowerCase(Locale.ROOT) + ".json");
    }

    /** The orgs with a connection profile, e.g. {@code ExchangeOrg}, by their profile's {@code org} field. */
    public Set<String> orgs() throws RefusedInputException {
        Set<String> out = new TreeSet<>();
        try (var files = Files.list(home.resolve("profiles"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode org = read(f).path("org");
                if (org.isTextual()) {
                    out.add(org.asText());
                }
            }
        } catch (IOException e) {
            throw new RefusedInputException("cannot list " + home.resolve("profiles") + ": " + e.getMessage());
        }
        return out;
    }

    /** The identity names in an org's profile. */
    public Set<String> identities(String org) throws RefusedInputException {
        Set<String> out = new TreeSet<>();
        read(profile(org)).path("identities").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private JsonNode read(Path f) throws RefusedInputException {
        try {
            return JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RefusedInputException("cannot read connection profile " + f + ": " + e.getMessage());
        }
    }

    /** The connection settings of an identity. */
    public P2peConfig config(String org, String identity) throws RefusedInputException {
        try {
            return P2peConfig.fromProfile(profile(org), identity);
        } catch (ConfigurationException e) {
            throw new RefusedInputException(e.getMessage());
        }
    }

    /**
     * Enrolls {@code name} from its org's CA with the given role and participant attribute
     * ({@code network.sh enroll ORG NAME ROLE PARTICIPANT}), unless the profile has it already.
     *
     * @return whether a new identity was enrolled
     * @throws RefusedInputException if the script fails; its last output lines are in the message
     */
    public boolean ensureIdentity(String org, String name, String role, String participant)
            throws RefusedInputException, InterruptedException {
        if (identities(org).contains(name)) {
            return false;
        }
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "enroll", org, name, role));
        if (participant != null) {
            cmd.add(participant);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NETWORK_HOME", home.toString());
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                List<String> lines = output.lines().toList();
                throw new RefusedInputException("network.sh enroll " + org + " " + name + " failed: "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            }
        } catch (IOException e) {
            throw new RefusedInputException("cannot run " + script + ": " + e.getMessage());
        }
        return true;
    }
}
