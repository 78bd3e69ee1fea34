package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P2peConfigTest {
    @TempDir
    Path dir;

    private Path profile(String json) throws IOException {
        Path p = dir.resolve("retailer.json");
        Files.writeString(p, json);
        return p;
    }

    private static final String PROFILE = """
            {"mspId": "RetailerOrgMSP", "peerEndpoint": "localhost:9051",
             "peerHostOverride": "peer0.retailer.p2pe.local", "tlsCaCert": "tls/ca.pem",
             "channel": "energy", "chaincode": "p2pe",
             "identities": {"home-001": {"certPath": "users/home-001/cert.pem", "keyPath": "/abs/key.pem"},
                            "home-002": {"mspDir": "users/home-002/msp"}}}
            """;

    @Test
    void profileGivesEverySettingWithPathsRelativeToIt() throws Exception {
        P2peConfig c = P2peConfig.fromProfile(profile(PROFILE), "home-001");

        assertEquals("RetailerOrgMSP", c.mspId());
        assertEquals("localhost:9051", c.peerEndpoint());
        assertEquals("peer0.retailer.p2pe.local", c.hostOverride().orElseThrow());
        assertEquals(dir.resolve("tls/ca.pem"), c.tlsCaCert().orElseThrow());
        assertEquals(dir.resolve("users/home-001/cert.pem"), c.certPath());
        assertEquals(Path.of("/abs/key.pem"), c.keyPath());
        assertEquals("energy", c.channel());
        assertEquals("p2pe", c.chaincode());
        assertEquals(Deadlines.DEFAULT, c.deadlines());
    }

    @Test
    void identityMayBeAnMspDirectory() throws Exception {
        Path msp = dir.resolve("users/home-002/msp");
        Files.createDirectories(msp.resolve("signcerts"));
        Files.createDirectories(msp.resolve("keystore"));
        Files.writeString(msp.resolve("signcerts/cert.pem"), "c");
        Files.writeString(msp.resolve("keystore/abc_sk"), "k");

        P2peConfig c = P2peConfig.fromProfile(profile(PROFILE), "home-002");

        assertEquals(msp.resolve("signcerts/cert.pem"), c.certPath());
        assertEquals(msp.resolve("keystore/abc_sk"), c.keyPath());
    }

    @Test
    void unknownIdentityNamesTheAvailableOnes() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> P2peConfig.fromProfile(profile(PROFILE), "home-003"));
        assertTrue(e.getMessage().contains("no identity 'home-003'; it has [home-001, home-002]"), e.getMessage());
    }

    @Test
    void identityMustBeChosenWhenThereAreSeveral() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> P2peConfig.fromProfile(profile(PROFILE), null));
        assertTrue(e.getMessage().contains("choose one"), e.getMessage());
    }

    @Test
    void missingFieldIsNamed() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> P2peConfig.fromProfile(profile("{\"mspId\": \"X\", \"identities\": {}}"), "a"));
        assertTrue(e.getMessage().contains("field 'peerEndpoint' is missing"), e.getMessage());
    }

    @Test
    void unreadableProfileIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> P2peConfig.fromProfile(dir.resolve("absent.json"), "a"));
        assertTrue(e.getMessage().startsWith("cannot read connection profile"), e.getMessage());
    }

    @Test
    void environmentSelectsProfileAndOverridesSettings() throws Exception {
        Path p = profile(PROFILE);
        P2peConfig c = P2peConfig.fromEnvironment(Map.of(
                "P2PE_PROFILE", p.toString(),
                "P2PE_IDENTITY", "home-001",
                "P2PE_PEER_ENDPOINT", "127.0.0.1:10051",
                "P2PE_CERT", "/x/cert.pem",
                "P2PE_KEY", "/x/key.pem"));

        assertEquals("127.0.0.1:10051", c.peerEndpoint());
        assertEquals(Path.of("/x/cert.pem"), c.certPath());
        assertEquals(Path.of("/x/key.pem"), c.keyPath());
        assertEquals("RetailerOrgMSP", c.mspId());
    }

    @Test
    void environmentWithoutProfileNeedsEverySetting() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> P2peConfig.fromEnvironment(Map.of("P2PE_PEER_ENDPOINT", "localhost:7051")));
        assertTrue(e.getMessage().startsWith("MSP id is not set"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> P2peConfig.fromEnvironment(Map.of(
                "P2PE_PEER_ENDPOINT", "localhost:7051", "P2PE_MSP_ID", "X", "P2PE_CERT", "/c")));
    }

    @Test
    void builderRejectsNull() {
        assertThrows(NullPointerException.class, () -> P2peConfig.builder().peerEndpoint(null));
        assertThrows(NullPointerException.class, () -> P2peConfig.builder().deadlines(null));
    }
}
