package org.ordersaga.orchestrator.domain;

import java.util.Map;
import java.util.UUID;

/**
 * A command the saga wants sent. {@code payload} already carries {@code commandId}, {@code sagaId} and
 * {@code orderId}; a re-send has the same command id and payload.
 */
public record SagaCommand(UUID commandId, String step, String topic, String type, String orderId,
                          Map<String, Object> payload, int attempt) {
}
