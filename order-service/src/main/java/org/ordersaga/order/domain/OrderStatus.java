package org.ordersaga.order.domain;

/** PENDING is the semantic lock of the saga: the order is neither confirmed nor refused yet. */
public enum OrderStatus {
    PENDING,
    APPROVED,
    REJECTED
}
