package org.ordersaga.inventory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Intention-revealing builders for inventory entities. */
public final class InventoryTestData {

    public static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

    private InventoryTestData() {
    }

    public static ProductBuilder aProduct() {
        return new ProductBuilder();
    }

    public static ReservationBuilder aReservation() {
        return new ReservationBuilder();
    }

    public static final class ProductBuilder {
        private String sku = "SKU-PEN";
        private long unitPriceCents = 150;
        private int available = 10;

        public ProductBuilder withSku(String sku) {
            this.sku = sku;
            return this;
        }

        public ProductBuilder pricedAt(long cents) {
            this.unitPriceCents = cents;
            return this;
        }

        public ProductBuilder withAvailable(int available) {
            this.available = available;
            return this;
        }

        public ProductBuilder soldOut() {
            return withAvailable(0);
        }

        public Product build() {
            return new Product(sku, sku + " name", unitPriceCents, available);
        }
    }

    public static final class ReservationBuilder {
        private String orderId = "order-1";
        private final List<ReservationLine> lines = new ArrayList<>();

        public ReservationBuilder forOrder(String orderId) {
            this.orderId = orderId;
            return this;
        }

        public ReservationBuilder withLine(String sku, int quantity, long unitPriceCents) {
            lines.add(new ReservationLine(sku, quantity, unitPriceCents));
            return this;
        }

        public Reservation held() {
            return Reservation.hold(orderId, lines.isEmpty() ? List.of(new ReservationLine("SKU-PEN", 1, 150)) : lines, NOW);
        }

        public Reservation released() {
            Reservation reservation = held();
            reservation.release(NOW);
            return reservation;
        }

        public Reservation settled() {
            Reservation reservation = held();
            reservation.settle(NOW);
            return reservation;
        }
    }
}
