package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class ConfigContractTest {
    private final TestNet net = new TestNet();

    @Test
    void emptyConfigTakesTheDocumentedDefaults() {
        JsonNode c = json(net.submit(OPERATOR, ctx -> net.config.setMarketConfig(ctx, "{}")));
        assertEquals(1, c.get("version").asLong());
        assertEquals("UNIFORM_PRICE", c.get("mechanism").asText());
        assertTrue(c.get("objective").isNull());
        assertEquals(30, c.get("slotLengthMinutes").asInt());
        assertEquals(60, c.get("gateClosureLeadMinutes").asInt());
        assertEquals("Asia/Tokyo", c.get("timeZone").asText());
        assertEquals("TIMESTAMP", c.get("clockMode").asText());
        assertEquals(-1_000_000, c.get("priceFloor").asLong());
        assertEquals(10_000_000, c.get("priceCap").asLong());
        assertTrue(c.get("wheelingLevels").isNull());
        assertEquals(3000, c.get("retailTariff").asLong());
        assertEquals(850, c.get("buyBackTariff").asLong());
        assertEquals(450, c.get("gridEmissionFactor").asLong());
        assertEquals("[\"biomass\",\"geothermal\",\"hydro\",\"solar\",\"wind\"]", c.get("renewableSourceTypes").toString());
        assertEquals(TestNet.DEFAULT_ROLE_MSPS, c.get("roleMsps").toString());
        assertEquals("tx000001", c.get("txId").asText());
        assertEquals("2026-06-17T01:00:00Z", c.get("updatedAt").asText());
        java.util.TreeSet<String> fields = new java.util.TreeSet<>();
        c.fieldNames().forEachRemaining(fields::add);
        java.util.TreeSet<String> documented = new java.util.TreeSet<>(MarketConfig.FIELDS);
        documented.addAll(java.util.List.of("version", "updatedAt", "updatedBy", "txId"));
        assertEquals(documented, fields);
        assertEquals("MarketConfigSet", net.lastEvent().getEventName());
        assertEquals(1, net.lastEventPayload().get("version").asLong());
    }

    @Test
    void storedJsonIsCanonicalWithSortedFields() {
        net.configured("{\"wheelingLevels\":[0,150,300],\"mechanism\":\"OPTIMAL\",\"objective\":\"MAX_WELFARE\"}");
        String stored = new String(net.stub.snapshot().get(Keys.config()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(stored.startsWith("{\"buyBackTariff\":850,\"clearingChunkBytes\":1048576,\"clearingChunksPerTx\":8,\"clockMode\":\"TIMESTAMP\",\"gateClosureLeadMinutes\":60,\"gridEmissionFactor\":450,"),
                stored);
        assertTrue(stored.contains("\"wheelingLevels\":[0,150,300]"), stored);
    }

    @Test
    void getReturnsTheCurrentVersionAndHistoryKeepsEveryVersion() {
        net.configured("{\"retailTariff\":2800}");
        net.configured("{\"retailTariff\":2900}");
        net.configured("{\"retailTariff\":3100}");
        JsonNode current = json(net.evaluate(HOME1, ctx -> net.config.getMarketConfig(ctx)));
        assertEquals(3, current.get("version").asLong());
        assertEquals(3100, current.get("retailTariff").asLong());
        JsonNode page1 = json(net.evaluate(AUDITOR, ctx -> net.config.getMarketConfigHistory(ctx, "2", "")));
        assertEquals(2, page1.get("items").size());
        assertEquals(2800, page1.get("items").get(0).get("retailTariff").asLong());
        assertEquals(2900, page1.get("items").get(1).get("retailTariff").asLong());
        String bookmark = page1.get("bookmark").asText();
        assertTrue(bookmark.matches("[A-Za-z0-9_-]+"), bookmark);
        JsonNode page2 = json(net.evaluate(AUDITOR, ctx -> net.config.getMarketConfigHistory(ctx, "2", bookmark)));
        assertEquals(1, page2.get("items").size());
        assertEquals(3, page2.get("items").get(0).get("version").asLong());
        assertEquals("", page2.get("bookmark").asText());
    }

    @Test
    void getBeforeTheFirstConfigurationIsNotConfigured() {
        net.refused(ErrorCode.NOT_CONFIGURED, HOME1, ctx -> net.config.getMarketConfig(ctx));
    }

    @Test
    void onlyTheOperatorRoleOfAnAllowedMspMaySetIt() {
        net.refused(ErrorCode.FORBIDDEN, HOME1, ctx -> net.config.setMarketConfig(ctx, "{}"));
        net.refused(ErrorCode.FORBIDDEN, AUDITOR, ctx -> net.config.setMarketConfig(ctx, "{}"));
        TestIdentity rogue = TestIdentity.client("RetailerOrgMSP", "rogue", "operator", null);
        String msg = net.refused(ErrorCode.FORBIDDEN, rogue, ctx -> net.config.setMarketConfig(ctx, "{}"));
        assertTrue(msg.contains("RetailerOrgMSP"), msg);
        net.refused(ErrorCode.FORBIDDEN, TestNet.EXCHANGE_ADMIN, ctx -> net.config.setMarketConfig(ctx, "{}"));
    }

    @Test
    void roleMspsCanMoveTheOperatorRoleInTwoSteps() {
        net.configured("{\"roleMsps\":" + TestNet.roleMsps("operator", "ExchangeOrgMSP\",\"MunicipalityOrgMSP") + "}");
        TestIdentity city = TestIdentity.client("MunicipalityOrgMSP", "ops", "operator", null);
        net.submit(city, ctx -> net.config.setMarketConfig(ctx, "{\"roleMsps\":"
                + TestNet.roleMsps("operator", "MunicipalityOrgMSP") + "}"));
        assertEquals(2, json(net.evaluate(HOME1, ctx -> net.config.getMarketConfig(ctx))).get("version").asLong());
        net.refused(ErrorCode.FORBIDDEN, OPERATOR, ctx -> net.config.setMarketConfig(ctx, "{}"));
    }

    @Test
    void aConfigurationThatWouldLeaveNoOperatorIsRefused() {
        // A typo in the operator MSP would lock the configuration for good.
        String msg = net.refused(ErrorCode.CONFLICT, OPERATOR, ctx -> net.config.setMarketConfig(ctx,
                "{\"roleMsps\":" + TestNet.roleMsps("operator", "ExchangeOrgMPS") + "}"));
        assertTrue(msg.contains("'roleMsps.operator'") && msg.contains("ExchangeOrgMSP"), msg);
        net.configured("{\"roleMsps\":" + TestNet.roleMsps("operator", "MunicipalityOrgMSP\",\"ExchangeOrgMSP") + "}");
        // Absent roleMsps means the defaults, which would drop a Municipality operator's own MSP.
        TestIdentity city = TestIdentity.client("MunicipalityOrgMSP", "ops", "operator", null);
        net.refused(ErrorCode.CONFLICT, city, ctx -> net.config.setMarketConfig(ctx, "{\"retailTariff\":2500}"));
    }

    @Test
    void everyRoleNeedsItsMsps() {
        for (Role r : Role.values()) {
            String without = TestNet.DEFAULT_ROLE_MSPS.replaceAll("\"" + r.attributeValue() + "\":\\[[^]]*],?", "")
                    .replace(",}", "}");
            String msg = net.refused(ErrorCode.MISSING_FIELD, OPERATOR,
                    ctx -> net.config.setMarketConfig(ctx, "{\"roleMsps\":" + without + "}"));
            assertTrue(msg.contains("'roleMsps." + r.attributeValue() + "'"), msg);
        }
        net.refused(ErrorCode.INVALID_FORMAT, OPERATOR, ctx -> net.config.setMarketConfig(ctx,
                "{\"roleMsps\":" + TestNet.DEFAULT_ROLE_MSPS.replace("\"auditor\":[\"ExchangeOrgMSP\"]", "\"auditor\":[]") + "}"));
        net.refused(ErrorCode.UNKNOWN_VALUE, OPERATOR, ctx -> net.config.setMarketConfig(ctx,
                "{\"roleMsps\":" + TestNet.DEFAULT_ROLE_MSPS.replace("\"auditor\"", "\"admin\"") + "}"));
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"slotLengthMinutes\":45}")).contains("'slotLengthMinutes'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"priceFloor\":500,\"priceCap\":100}")).contains("'priceFloor'"));
        assertTrue(net.refused(ErrorCode.MISSING_FIELD, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"mechanism\":\"OPTIMAL\"}")).contains("'objective'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"objective\":\"MAX_VOLUME\"}")).contains("'objective'"));
        assertTrue(net.refused(ErrorCode.UNKNOWN_VALUE, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"mechanism\":\"DUTCH\"}")).contains("'mechanism'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"timeZone\":\"Mars/Olympus\"}")).contains("'timeZone'"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"wheelingLevels\":[0,-5]}")).contains("'wheelingLevels[1]'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"retailTarif\":2000}")).contains("'retailTarif'"));
        assertTrue(net.refused(ErrorCode.INVALID_FORMAT, OPERATOR,
                ctx -> net.config.setMarketConfig(ctx, "{\"retailTariff\":20.5}")).contains("'retailTariff'"));
        net.refused(ErrorCode.MALFORMED_INPUT, OPERATOR, ctx -> net.config.setMarketConfig(ctx, "{\"mechanism\":"));
        net.refused(ErrorCode.MALFORMED_INPUT, OPERATOR, ctx -> net.config.setMarketConfig(ctx, "[]"));
    }
}
