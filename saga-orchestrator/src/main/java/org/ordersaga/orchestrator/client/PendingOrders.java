package org.ordersaga.orchestrator.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page of order-service's {@code GET /orders/pending}: orders still PENDING, each with what its {@code OrderPlaced}
 * carried; {@code next} is where the next page starts, null after the last.
 */
public record PendingOrders(List<Order> items, UUID next) {

    /** The fields of an order that its {@code OrderPlaced} carries, and the trace it was placed in. */
    public record Order(UUID orderId, String customerId, String mode, JsonNode items, JsonNode shippingAddress,
                        String traceId, Instant placedAt) {
    }
}
