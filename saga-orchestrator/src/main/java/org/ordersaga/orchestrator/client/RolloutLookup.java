package org.ordersaga.orchestrator.client;

import java.time.Instant;

/**
 * order-service's rollout switch ({@code GET /admin/rollout}): the saga share in force, where it comes from
 * ({@code CONFIG} or {@code OPERATOR}; who, why and when only for an operator's) and the configured share.
 */
public record RolloutLookup(int sagaSharePercent, String source, String changedBy, String reason, Instant changedAt,
        int configuredSagaSharePercent) {
}
