package org.ordersaga.order.domain;

public record OrderItem(String sku, int quantity) {
}
