package org.ordersaga.fulfillment.domain;

import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class ShippingAddress {

    /** Countries no carrier delivers to (Antarctica is the seed data's undeliverable address). */
    private static final Set<String> UNDELIVERABLE_COUNTRIES = Set.of("AQ");

    @Column(name = "recipient_name")
    private String name;
    private String street;
    private String city;
    @Column(name = "postal_code")
    private String postalCode;
    private String country;

    protected ShippingAddress() {
    }

    public ShippingAddress(String name, String street, String city, String postalCode, String country) {
        this.name = name;
        this.street = street;
        this.city = city;
        this.postalCode = postalCode;
        this.country = country;
    }

    public boolean isDeliverable() {
        return country != null && !UNDELIVERABLE_COUNTRIES.contains(country);
    }

    public String name() {
        return name;
    }

    public String street() {
        return street;
    }

    public String city() {
        return city;
    }

    public String postalCode() {
        return postalCode;
    }

    public String country() {
        return country;
    }
}
