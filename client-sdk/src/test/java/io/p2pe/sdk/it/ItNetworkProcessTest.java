package io.p2pe.sdk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

/** {@link ItNetwork#run}'s timeout applies, also to a command whose background child keeps running. */
class ItNetworkProcessTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCommandPastItsTimeoutIsKilledAndFailsWithItsOutput() {
        long start = System.nanoTime();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ItNetwork.run(
                List.of("sh", "-c", "echo started; sleep 120"), Map.of(), Duration.ofSeconds(1)));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds < 30, "returned after " + seconds + " s, not about 1 s");
        assertTrue(e.getMessage().contains("did not finish within PT1S and was killed; its output: started"),
                e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBackgroundChildHoldingTheOutputDoesNotHoldTheCaller() throws Exception {
        // With the output on a pipe read to its end, this returned only when the sleep ended.
        long start = System.nanoTime();
        String out = ItNetwork.run(List.of("sh", "-c", "sleep 30 & echo \"$GREETING\""), Map.of("GREETING", "up"),
                Duration.ofSeconds(30));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("up\n", out);
        assertTrue(seconds < 20, "returned after " + seconds + " s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailingCommandFailsWithItsStatusAndOutput() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ItNetwork.run(
                List.of("sh", "-c", "echo nope >&2; exit 3"), Map.of(), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("sh -c echo nope >&2; exit 3 failed: nope"), e.getMessage());
        assertEquals("0", e.getExpected().getStringRepresentation());
        assertEquals("3", e.getActual().getStringRepresentation());
    }
}
