package org.ordersaga.inventory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * A catalog item and its stock: {@code available} can be reserved, {@code reserved} is held for pending orders,
 * {@code settled} went to approved orders. Stock only moves between the three, so their sum is the stock received.
 */
@Entity
public class Product {

    @Id
    private String sku;
    private String name;
    @Column(name = "unit_price_cents")
    private long unitPriceCents;
    private int available;
    private int reserved;
    private int settled;
    @Version
    private long version;

    protected Product() {
    }

    public Product(String sku, String name, long unitPriceCents, int available) {
        this.sku = sku;
        this.name = name;
        this.unitPriceCents = unitPriceCents;
        this.available = available;
    }

    public boolean canReserve(int quantity) {
        return quantity > 0 && quantity <= available;
    }

    /** Moves stock from available to reserved; refuses more than is available. */
    public void reserve(int quantity) {
        requirePositive(quantity);
        if (quantity > available) {
            throw new IllegalStateException("Cannot reserve " + quantity + " of " + sku + ": only " + available + " available");
        }
        available -= quantity;
        reserved += quantity;
    }

    /** Returns reserved stock to available; refuses more than is reserved. */
    public void release(int quantity) {
        requirePositive(quantity);
        if (quantity > reserved) {
            throw new IllegalStateException("Cannot release " + quantity + " of " + sku + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
        available += quantity;
    }

    /** Moves reserved stock to settled for good (its order is approved); refuses more than is reserved. */
    public void settle(int quantity) {
        requirePositive(quantity);
        if (quantity > reserved) {
            throw new IllegalStateException("Cannot settle " + quantity + " of " + sku + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
        settled += quantity;
    }

    private static void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("Quantity must be positive, was " + quantity);
        }
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public long unitPriceCents() {
        return unitPriceCents;
    }

    public int available() {
        return available;
    }

    public int reserved() {
        return reserved;
    }

    public int settled() {
        return settled;
    }
}
