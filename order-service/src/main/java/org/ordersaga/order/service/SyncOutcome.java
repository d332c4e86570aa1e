package org.ordersaga.order.service;

import java.util.UUID;

import org.ordersaga.order.domain.OrderStatus;

/**
 * How a synchronous order ended: decided ({@code APPROVED} with its total, {@code REJECTED} with the reason), or left
 * {@code PENDING} when a step that cannot be compensated failed ({@code incompleteDetail} says which).
 * {@code notificationSent} is false when the customer could not be told (the order stands regardless).
 */
public record SyncOutcome(UUID orderId, OrderStatus status, Long totalCents, String rejectionReason,
        boolean notificationSent, String traceId, String incompleteDetail) {

    public boolean incomplete() {
        return incompleteDetail != null;
    }
}
