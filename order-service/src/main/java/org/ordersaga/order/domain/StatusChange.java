package org.ordersaga.order.domain;

import java.time.Instant;

/** One line of an order's history. */
public record StatusChange(OrderStatus status, Instant at, String detail) {
}
