package io.p2pe.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.protocol.ErrorCode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).multiplier(2)
                .maxBackoff(Duration.ofMillis(500)).maxAttempts(10).build();

        assertEquals(Duration.ofMillis(100), p.backoff(1));
        assertEquals(Duration.ofMillis(200), p.backoff(2));
        assertEquals(Duration.ofMillis(400), p.backoff(3));
        assertEquals(Duration.ofMillis(500), p.backoff(4));
        assertEquals(Duration.ofMillis(500), p.backoff(60));
    }

    @Test
    void onlyTransientConditionsAreRetryable() {
        assertTrue(RetryPolicy.isRetryableGrpcStatus("UNAVAILABLE"));
        assertTrue(RetryPolicy.isRetryableGrpcStatus("DEADLINE_EXCEEDED"));
        assertTrue(RetryPolicy.isRetryableGrpcStatus("RESOURCE_EXHAUSTED"));
        assertTrue(!RetryPolicy.isRetryableGrpcStatus("ABORTED"));
        assertTrue(!RetryPolicy.isRetryableGrpcStatus("PERMISSION_DENIED"));
        assertTrue(RetryPolicy.isRetryableValidationCode("MVCC_READ_CONFLICT"));
        assertTrue(RetryPolicy.isRetryableValidationCode("PHANTOM_READ_CONFLICT"));
        assertTrue(!RetryPolicy.isRetryableValidationCode("ENDORSEMENT_POLICY_FAILURE"));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0).build());
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().multiplier(0.5).build());
        assertThrows(NullPointerException.class, () -> RetryPolicy.builder().maxBackoff(null));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.backoff(0));
    }

    @Test
    void refusalsAreRetriedOnlyForTheNotYetCodesOfThePolicy() {
        for (ErrorCode code : ErrorCode.values()) {
            EndorsementRejectedException refused = new EndorsementRejectedException("tx", code.name(), null, "m", null);
            assertEquals(RetryPolicy.LAGGING_PEER_REFUSALS.contains(code), RetryPolicy.DEFAULT.retries(refused), code.name());
            assertFalse(RetryPolicy.NONE.retries(refused), code.name());
        }
        assertFalse(RetryPolicy.DEFAULT.retries(new EndorsementRejectedException("tx", "NEWER_CODE", null, "m", null)),
                "a code this SDK does not know is final");
        RetryPolicy withState = RetryPolicy.builder().retryableRefusals(Set.of(ErrorCode.INVALID_STATE)).build();
        assertTrue(withState.retries(new EndorsementRejectedException("tx", "INVALID_STATE", null, "m", null)));
        assertFalse(withState.retries(new EndorsementRejectedException("tx", "SLOT_OPEN", null, "m", null)));
        assertTrue(RetryPolicy.DEFAULT.retries(new TransportException("down", null, "UNAVAILABLE", false, null)));
        assertFalse(RetryPolicy.DEFAULT.retries(new CommitFailedException("tx", "ENDORSEMENT_POLICY_FAILURE", "o:F")));
    }
}
