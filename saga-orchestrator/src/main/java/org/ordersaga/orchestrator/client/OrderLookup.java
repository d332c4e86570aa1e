package org.ordersaga.orchestrator.client;

import java.time.Instant;
import java.util.UUID;

/**
 * An order as order-service's {@code GET /orders/{id}} has it, the fields the console shows. {@code mode} is
 * {@code sync} or {@code async}, null for an order placed before order-service recorded modes.
 */
public record OrderLookup(UUID orderId, String mode, String status, String rejectionReason, Long totalCents,
        String traceId, Instant placedAt) {
}
