package org.ordersaga.fulfillment.domain;

public record ShipmentItem(String sku, int quantity) {
}
