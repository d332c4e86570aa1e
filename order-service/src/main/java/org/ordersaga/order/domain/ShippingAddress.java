package org.ordersaga.order.domain;

public record ShippingAddress(String name, String street, String city, String postalCode, String country) {
}
