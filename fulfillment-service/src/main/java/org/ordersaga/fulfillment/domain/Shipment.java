package org.ordersaga.fulfillment.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** The delivery planned for one order. Only a deliverable address with items can be scheduled. */
@Entity
public class Shipment {

    @Id
    private UUID id;
    @Column(name = "order_id")
    private String orderId;
    @Enumerated(EnumType.STRING)
    private ShipmentState state;
    @Embedded
    private ShippingAddress address;
    @JdbcTypeCode(SqlTypes.JSON)
    private List<ShipmentItem> items;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Shipment() {
    }

    public static Shipment schedule(String orderId, ShippingAddress address, List<ShipmentItem> items, Instant now) {
        if (!address.isDeliverable()) {
            throw new IllegalStateException("Cannot ship to country " + address.country());
        }
        if (items.isEmpty() || items.stream().anyMatch(item -> item.quantity() <= 0)) {
            throw new IllegalArgumentException("A shipment needs items with positive quantities");
        }
        Shipment shipment = new Shipment();
        shipment.id = UUID.randomUUID();
        shipment.orderId = orderId;
        shipment.state = ShipmentState.SCHEDULED;
        shipment.address = address;
        shipment.items = List.copyOf(items);
        shipment.createdAt = now;
        return shipment;
    }

    public UUID id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public ShipmentState state() {
        return state;
    }

    public ShippingAddress address() {
        return address;
    }

    public List<ShipmentItem> items() {
        return items;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
