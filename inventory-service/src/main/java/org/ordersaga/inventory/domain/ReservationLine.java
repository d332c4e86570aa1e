package org.ordersaga.inventory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One reserved SKU, priced from the catalog at reservation time. */
@Embeddable
public class ReservationLine {

    private String sku;
    private int quantity;
    @Column(name = "unit_price_cents")
    private long unitPriceCents;

    protected ReservationLine() {
    }

    public ReservationLine(String sku, int quantity, long unitPriceCents) {
        this.sku = sku;
        this.quantity = quantity;
        this.unitPriceCents = unitPriceCents;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public long unitPriceCents() {
        return unitPriceCents;
    }

    public long totalCents() {
        return unitPriceCents * quantity;
    }
}
