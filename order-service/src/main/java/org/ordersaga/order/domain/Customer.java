package org.ordersaga.order.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The customer registry order-service owns; an order for an unknown customer is refused. */
@Entity
@Table(name = "customer")
public class Customer {

    @Id
    private String id;

    private String name;

    private String email;

    protected Customer() {
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }
}
