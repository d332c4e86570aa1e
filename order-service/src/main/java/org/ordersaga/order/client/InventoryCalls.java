package org.ordersaga.order.client;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every call to Inventory guarded the same way; each policy is tunable through MicroProfile Fault Tolerance
 * config keys {@code org.ordersaga.order.client.InventoryCalls/<Policy>/<parameter>} (see the README for what the defaults
 * protect against). Retries are safe because every call carries an idempotency key.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 2, delay = 200, jitter = 100,
        abortOn = { ParticipantRefusedRequest.class, CircuitBreakerOpenException.class, BulkheadException.class })
@ExponentialBackoff(factor = 2, maxDelay = 2000)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = ParticipantRefusedRequest.class)
@Bulkhead(20)
public class InventoryCalls {

    private final InventoryClient client;

    public InventoryCalls(@RestClient InventoryClient client) {
        this.client = client;
    }

    /** {@code attempts} learns which attempts surely did nothing, for the caller's compensation decision. */
    public JsonNode reserve(String idempotencyKey, Object command, CallAttempts attempts) {
        return Responses.classify("ReserveInventory", attempts, () -> client.reserve(idempotencyKey, command));
    }

    public JsonNode release(String idempotencyKey, Object command) {
        return Responses.classify("ReleaseInventory", () -> client.release(idempotencyKey, command));
    }

    public JsonNode settle(String idempotencyKey, Object command) {
        return Responses.classify("SettleInventory", () -> client.settle(idempotencyKey, command));
    }
}
