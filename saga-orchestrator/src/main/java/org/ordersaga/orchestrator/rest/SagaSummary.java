package org.ordersaga.orchestrator.rest;

import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaState;

import java.time.Instant;
import java.util.UUID;

/** A saga in a list: enough to pick it; {@code GET /sagas/{id}} has the rest. */
public record SagaSummary(UUID id, String orderId, String traceId, SagaState state, String currentStep,
                          Integer pendingAttempt, Instant createdAt, Instant updatedAt) {

    static SagaSummary of(Saga saga) {
        return new SagaSummary(saga.getId(), saga.getOrderId(), saga.getTraceId(), saga.getState(),
                saga.getCurrentStep(), saga.getPendingCommandId() == null ? null : saga.getPendingAttempt(),
                saga.getCreatedAt(), saga.getUpdatedAt());
    }
}
