package org.ordersaga.order.rest;

import java.util.UUID;

import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.service.SyncOutcome;

/** Answer of a synchronous {@code POST /orders}: the decided order. */
public record SyncOrderResult(UUID orderId, String mode, OrderStatus status, Long totalCents, String rejectionReason,
        boolean notificationSent, String traceId) {

    static SyncOrderResult of(SyncOutcome outcome) {
        return new SyncOrderResult(outcome.orderId(), "SYNC", outcome.status(), outcome.totalCents(),
                outcome.rejectionReason(), outcome.notificationSent(), outcome.traceId());
    }
}
