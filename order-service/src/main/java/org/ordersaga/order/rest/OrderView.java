package org.ordersaga.order.rest;

import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code mode}: {@code sync} or {@code async} as placed; null for an order placed before the mode was recorded. */
public record OrderView(UUID orderId, String customerId, String mode, OrderStatus status, String rejectionReason,
                        List<OrderItem> items, ShippingAddress shippingAddress, Long totalCents, String traceId,
                        Instant placedAt, List<StatusChange> history) {

    static OrderView of(Order order) {
        return new OrderView(order.getId(), order.getCustomerId(), order.getMode().map(OrderMode::id).orElse(null),
                order.getStatus(), order.getRejectionReason(), order.getItems(), order.getShippingAddress(),
                order.getTotalCents(), order.getTraceId(), order.getPlacedAt(), order.getHistory());
    }
}
