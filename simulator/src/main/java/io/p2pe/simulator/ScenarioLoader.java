package io.p2pe.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads scenarios: the built-in ones by name, or a YAML or JSON file. */
public final class ScenarioLoader {
    /** The scenarios shipped in {@code scenarios/}. */
    public static final List<String> BUILT_IN = List.of("higashi-fuji", "miyagi", "setagaya");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ScenarioLoader() {
    }

    /**
     * A built-in scenario.
     *
     * @throws SimulationInputException for an unknown name
     */
    public static Scenario builtIn(String name) throws SimulationInputException {
        if (!BUILT_IN.contains(name)) {
            throw new SimulationInputException("unknown scenario '" + name + "'; built-in scenarios: "
                    + String.join(", ", BUILT_IN) + " (or give --scenario-file)");
        }
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("scenario resource " + name + ".yaml is missing from the build");
            }
            return parse(YAML, new String(in.readAllBytes(), StandardCharsets.UTF_8), "scenario " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in scenario " + name, e);
        }
    }

    /**
     * A scenario file: JSON when its name ends in {@code .json}, YAML otherwise.
     *
     * @throws SimulationInputException if it cannot be read or is not a valid scenario
     */
    public static Scenario file(Path path) throws SimulationInputException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SimulationInputException("cannot read '" + path + "': no such file");
        } catch (IOException e) {
            throw new SimulationInputException("cannot read '" + path + "': " + e.getMessage());
        }
        boolean json = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        return parse(json ? JSON : YAML, text, "'" + path + "'");
    }

    /** Parses scenario text (YAML; JSON is read by the YAML reader as well, but files use the strict one). */
    static Scenario parse(ObjectMapper mapper, String text, String what) throws SimulationInputException {
        try {
            Scenario s = mapper.readValue(text, Scenario.class);
            if (s == null) {
                throw new SimulationInputException(what + " is empty");
            }
            return s;
        } catch (JsonProcessingException e) {
            throw new SimulationInputException(what + " is not a valid scenario: " + e.getOriginalMessage()
                    .replaceAll("\\s+", " ") + location(e));
        }
    }

    /** Parses YAML scenario text. */
    public static Scenario parseYaml(String text) throws SimulationInputException {
        return parse(YAML, text, "scenario text");
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
