package org.ordersaga.order.rest;

import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderStatus;

import java.util.UUID;

public record OrderAccepted(UUID orderId, OrderStatus status, String traceId) {

    static OrderAccepted of(Order order) {
        return new OrderAccepted(order.getId(), order.getStatus(), order.getTraceId());
    }
}
