package org.ordersaga.orchestrator.domain;

import java.time.Instant;
import java.util.UUID;

/** Every field of a {@link Saga} that is stored, as the repository reads and writes them. */
public record SagaSnapshot(UUID id, String orderId, SagaState state, String currentStep, SagaData data,
                           String traceId, UUID pendingCommandId, int pendingAttempt, Instant pendingDeadline,
                           Instant pendingSentAt, int eventCount, long version, Instant createdAt,
                           Instant updatedAt) {
}
