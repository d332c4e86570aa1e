package org.ordersaga.order.rest;

import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record OrderView(UUID orderId, String customerId, OrderStatus status, String rejectionReason,
                        List<OrderItem> items, ShippingAddress shippingAddress, Long totalCents, String traceId,
                        Instant placedAt, List<StatusChange> history) {

    static OrderView of(Order order) {
        return new OrderView(order.getId(), order.getCustomerId(), order.getStatus(), order.getRejectionReason(),
                order.getItems(), order.getShippingAddress(), order.getTotalCents(), order.getTraceId(),
                order.getPlacedAt(), order.getHistory());
    }
}
