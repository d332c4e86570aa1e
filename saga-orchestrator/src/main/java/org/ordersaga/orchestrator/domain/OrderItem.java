package org.ordersaga.orchestrator.domain;

public record OrderItem(String sku, int quantity) {
}
