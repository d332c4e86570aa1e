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

/**
 * The delivery planned for one order: SCHEDULED, or CANCELLED when the order gave up on it. Only a deliverable address
 * with items can be scheduled. A cancel that finds nothing to undo leaves an empty CANCELLED shipment behind (no
 * address, no items), so that a ScheduleShipment arriving after it (a late or replayed command) is refused.
 */
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
    @Column(name = "updated_at")
    private Instant updatedAt;
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
        shipment.updatedAt = now;
        return shipment;
    }

    /**
     * A cancel for an order with no shipment: schedules nothing and marks the order cancelled. The unique order ID
     * makes a schedule committing at the same time fail instead of slipping past the marker.
     */
    public static Shipment cancelledBeforeScheduled(String orderId, Instant now) {
        Shipment marker = new Shipment();
        marker.id = UUID.randomUUID();
        marker.orderId = orderId;
        marker.state = ShipmentState.CANCELLED;
        marker.items = List.of();
        marker.createdAt = now;
        marker.updatedAt = now;
        return marker;
    }

    /** SCHEDULED → CANCELLED. */
    public void cancel(Instant now) {
        if (state != ShipmentState.SCHEDULED) {
            throw new IllegalStateException("Shipment " + id + " of order " + orderId + " is " + state
                    + ", only SCHEDULED can be cancelled");
        }
        state = ShipmentState.CANCELLED;
        updatedAt = now;
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

    /** Null for a cancel that came first. */
    public ShippingAddress address() {
        return address;
    }

    /** Empty for a cancel that came first. */
    public List<ShipmentItem> items() {
        return items == null ? List.of() : items;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
