package org.ordersaga.orchestrator.domain;

public record ShippingAddress(String name, String street, String city, String postalCode, String country) {
}
