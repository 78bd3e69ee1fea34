package io.p2pe.chaincode;

import static io.p2pe.chaincode.TestNet.AUDITOR;
import static io.p2pe.chaincode.TestNet.HOME1;
import static io.p2pe.chaincode.TestNet.HOME2;
import static io.p2pe.chaincode.TestNet.METER;
import static io.p2pe.chaincode.TestNet.OPERATOR;
import static io.p2pe.chaincode.TestNet.RETAILER_ADMIN;
import static io.p2pe.chaincode.TestNet.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pe.protocol.ErrorCode;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Battery dispatch on the fake peer. The battery household's history: 600 Wh net import at 17:30 on
 * each of the five weekdays before Wed 17 June (no window readings: unadjusted), so its baseline
 * for 17:30 is 600 Wh; discharging, it reads 100 Wh: responded 600 − 100 = 500 Wh.
 */
class DispatchContractTest {
    private static final TestIdentity AGG = TestIdentity.client("RetailerOrgMSP", "agg-1", "aggregator", "agg-1");
    private static final TestIdentity AGG2 = TestIdentity.client("RetailerOrgMSP", "agg-2", "aggregator", "agg-2");
    private static final TestIdentity BATTERY_HOME = TestIdentity.client("RetailerOrgMSP", "home-bat", "participant",
            "home-bat");
    private static final String AGG_ID = "RetailerOrgMSP:agg-1";
    private static final String BAT = "RetailerOrgMSP:home-bat";
    private static final String SLOT = "2026-06-17T17:30+09:00";
    private static final Instant MORNING = Instant.parse("2026-06-17T01:00:00Z");
    private static final Instant EVENING = Instant.parse("2026-06-17T10:00:00Z");

    private final TestNet net = new TestNet().configured().withParticipants();

    DispatchContractTest() {
        net.register(RETAILER_ADMIN, "{\"participant\":\"agg-1\",\"kind\":\"BUSINESS\"}");
        net.register(RETAILER_ADMIN, "{\"participant\":\"agg-2\",\"kind\":\"BUSINESS\"}");
        net.register(RETAILER_ADMIN, "{\"participant\":\"home-bat\",\"kind\":\"HOUSEHOLD\",\"batteryWh\":9800}");
        net.now = MORNING;
    }

    private static String dispatch(String participant, String direction, long wh, String extra) {
        return "{\"participant\":\"" + participant + "\",\"slot\":\"" + SLOT + "\",\"direction\":\"" + direction
                + "\",\"wh\":" + wh + extra + "}";
    }

    private void read(String day, long netWh) {
        Instant saved = net.now;
        net.now = EVENING.plusSeconds(86_400);
        String json = "{\"participant\":\"" + BAT + "\",\"slot\":\"" + day + "T17:30+09:00\",\"importedWh\":"
                + Math.max(0, netWh) + ",\"exportedWh\":" + Math.max(0, -netWh) + ",\"meterId\":\"m-bat\"}";
        net.submit(METER, c -> net.meters.recordMeterReading(TestNet.withReading(c, json)));
        net.now = saved;
    }

    @Test
    void anAuthorisedAggregatorDispatchesAndTheResponseIsMeasuredAgainstTheBaseline() {
        net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.dispatch.dispatchBattery(c, dispatch(BAT, "DISCHARGE", 1500, "")));
        net.submit(BATTERY_HOME, c -> net.orders.authorizeAggregator(c, AGG_ID));
        JsonNode d = json(net.submit(AGG, c -> net.dispatch.dispatchBattery(c, dispatch(BAT, "DISCHARGE", 1500, ""))));
        assertEquals("DISCHARGE", d.get("direction").asText());
        assertEquals(1500, d.get("wh").asLong());
        assertEquals(AGG_ID, d.get("aggregator").asText());
        assertEquals("BatteryDispatched", net.lastEvent().getEventName());
        assertEquals(Set.of(Keys.dispatch(BAT, "20260617T0830Z")), net.lastWrites.keySet());
        // The same aggregator replaces its instruction; another one may not.
        net.submit(AGG, c -> net.dispatch.dispatchBattery(c, dispatch(BAT, "DISCHARGE", 1200, "")));
        net.submit(BATTERY_HOME, c -> net.orders.authorizeAggregator(c, "RetailerOrgMSP:agg-2"));
        assertTrue(net.refused(ErrorCode.CONFLICT, AGG2, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "CHARGE", 100, ""))).contains(AGG_ID));

        for (String day : new String[] {"2026-06-16", "2026-06-15", "2026-06-12", "2026-06-11", "2026-06-10"}) {
            read(day, 600);
        }
        net.now = EVENING;
        net.refused(ErrorCode.INVALID_STATE, AGG, c -> net.dispatch.dispatchBattery(c, dispatch(BAT, "CHARGE", 100, "")));
        net.refused(ErrorCode.MISSING_METER_READING, METER, c -> net.dispatch.recordDispatchResponse(c, BAT, SLOT));
        read("2026-06-17", 100);
        JsonNode r = json(net.submit(OPERATOR, c -> net.dispatch.recordDispatchResponse(c, BAT, SLOT)));
        assertEquals("UNADJUSTED", r.get("response").get("baselineStatus").asText());
        assertEquals(500, r.get("response").get("respondedWh").asLong());
        assertEquals(1200, r.get("wh").asLong());
        // The baseline and the reading stay private; the public record has the response only.
        JsonNode detail = net.committedPrivate(Keys.dispatch(BAT, "20260617T0830Z"));
        assertEquals(600, detail.get("baselineWh").asLong());
        assertEquals(100, detail.get("actualWh").asLong());
        assertEquals(r, json(net.submit(METER, c -> net.dispatch.recordDispatchResponse(c, BAT, SLOT))));
        assertEquals(Set.of(), net.lastWrites.keySet(), "recording again writes nothing");
        assertEquals(r, json(net.evaluate(AGG, c -> net.dispatch.getDispatch(c, BAT, SLOT))));
        assertEquals(r, json(net.evaluate(BATTERY_HOME, c -> net.dispatch.getDispatch(c, BAT, SLOT))));
        assertEquals(1, json(net.evaluate(AUDITOR, c -> net.dispatch.listDispatches(c, BAT, SLOT, SLOT, "", "")))
                .get("items").size());
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dispatch.getDispatch(c, BAT, SLOT));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dispatch.listDispatches(c, BAT, SLOT, SLOT, "", ""));
    }

    @Test
    void refusals() {
        net.submit(BATTERY_HOME, c -> net.orders.authorizeAggregator(c, AGG_ID));
        net.submit(HOME2, c -> net.orders.authorizeAggregator(c, AGG_ID));
        net.refused(ErrorCode.FORBIDDEN, HOME1, c -> net.dispatch.dispatchBattery(c, dispatch(BAT, "CHARGE", 100, "")));
        assertTrue(net.refused(ErrorCode.INVALID_STATE, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch("RetailerOrgMSP:home-002", "CHARGE", 100, ""))).contains("no battery"));
        assertTrue(net.refused(ErrorCode.OUT_OF_RANGE, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "CHARGE", 9801, ""))).contains("'wh'"));
        assertTrue(net.refused(ErrorCode.UNKNOWN_VALUE, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "HOLD", 100, ""))).contains("'direction'"));
        net.refused(ErrorCode.NOT_FOUND, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "CHARGE", 100, ",\"eventId\":\"no-such-event\"")));
        net.refused(ErrorCode.INVALID_FORMAT, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "CHARGE", 100, "").replace(SLOT, "2026-06-17T08:30Z")));
        net.refused(ErrorCode.NOT_FOUND, METER, c -> net.dispatch.recordDispatchResponse(c, BAT, SLOT));
        net.refused(ErrorCode.NOT_FOUND, BATTERY_HOME, c -> net.dispatch.getDispatch(c, BAT, SLOT));
        // A revoked authorisation stops dispatch.
        net.submit(BATTERY_HOME, c -> net.orders.revokeAggregator(c, AGG_ID));
        assertTrue(net.refused(ErrorCode.FORBIDDEN, AGG, c -> net.dispatch.dispatchBattery(c,
                dispatch(BAT, "CHARGE", 100, ""))).contains("revoked"));
    }
}
