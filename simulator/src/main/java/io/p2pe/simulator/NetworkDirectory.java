package io.p2pe.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pe.sdk.ConfigurationException;
import io.p2pe.sdk.P2peConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

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
     * @throws SimulationInputException if the directory holds no connection profiles
     */
    public NetworkDirectory(Path home, Path script) throws SimulationInputException {
        this.home = home.toAbsolutePath().normalize();
        this.script = script.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.home.resolve("profiles"))) {
            throw new SimulationInputException("no connection profiles in " + this.home.resolve("profiles")
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
    public Set<String> orgs() throws SimulationInputException {
        Set<String> out = new TreeSet<>();
        try (var files = Files.list(home.resolve("profiles"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode org = read(f).path("org");
                if (org.isTextual()) {
                    out.add(org.asText());
                }
            }
        } catch (IOException e) {
            throw new SimulationInputException("cannot list " + home.resolve("profiles") + ": " + e.getMessage());
        }
        return out;
    }

    /** The identity names in an org's profile. */
    public Set<String> identities(String org) throws SimulationInputException {
        Set<String> out = new TreeSet<>();
        read(profile(org)).path("identities").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private JsonNode read(Path f) throws SimulationInputException {
        try {
            return JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SimulationInputException("cannot read connection profile " + f + ": " + e.getMessage());
        }
    }

    /** The connection settings of an identity. */
    public P2peConfig config(String org, String identity) throws SimulationInputException {
        try {
            return P2peConfig.fromProfile(profile(org), identity);
        } catch (ConfigurationException e) {
            throw new SimulationInputException(e.getMessage());
        }
    }

    /** How long one {@code network.sh enroll} may take before it is stopped. */
    static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Enrolls {@code name} from its org's CA with the given role and participant attribute
     * ({@code network.sh enroll ORG NAME ROLE PARTICIPANT}), unless the profile has it already.
     * The script's output goes to a file while it runs, so the timeout holds whatever it prints;
     * a script still running after {@link #ENROLL_TIMEOUT} is stopped.
     *
     * @return whether a new identity was enrolled
     * @throws SimulationInputException if the script fails or times out; its last output lines are in the message
     */
    public boolean ensureIdentity(String org, String name, String role, String participant)
            throws SimulationInputException, InterruptedException {
        if (identities(org).contains(name)) {
            return false;
        }
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "enroll", org, name, role));
        if (participant != null) {
            cmd.add(participant);
        }
        String what = "network.sh enroll " + org + " " + name;
        Path log = null;
        try {
            log = Files.createTempFile("p2pe-enroll-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("NETWORK_HOME", home.toString());
            Process p = pb.start();
            if (!p.waitFor(ENROLL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new SimulationInputException(what + " did not finish within " + ENROLL_TIMEOUT.toSeconds()
                        + " s: " + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new SimulationInputException(what + " failed: " + tail(log));
            }
        } catch (IOException e) {
            throw new SimulationInputException("cannot run " + script + ": " + e.getMessage());
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
        return true;
    }

    /** The last three lines of a log, joined. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
