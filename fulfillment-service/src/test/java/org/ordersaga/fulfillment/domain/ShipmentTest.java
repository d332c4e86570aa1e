package org.ordersaga.fulfillment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShipmentTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");
    private static final List<ShipmentItem> TWO_PENS = List.of(new ShipmentItem("SKU-PEN", 2));

    static ShippingAddress anAddressIn(String country) {
        return new ShippingAddress("Alice Example", "1 Main Street", "Springfield", "12345", country);
    }

    @Test
    void aDeliverableAddressIsScheduled() {
        Shipment shipment = Shipment.schedule("order-1", anAddressIn("DE"), TWO_PENS, NOW);

        assertThat(shipment.state()).isEqualTo(ShipmentState.SCHEDULED);
        assertThat(shipment.items()).containsExactly(new ShipmentItem("SKU-PEN", 2));
    }

    @Test
    void antarcticaIsUndeliverableAndRefused() {
        assertThat(anAddressIn("AQ").isDeliverable()).isFalse();
        assertThatThrownBy(() -> Shipment.schedule("order-1", anAddressIn("AQ"), TWO_PENS, NOW))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShipmentNeedsItems() {
        assertThatThrownBy(() -> Shipment.schedule("order-1", anAddressIn("DE"), List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shipment.schedule("order-1", anAddressIn("DE"), List.of(new ShipmentItem("SKU-PEN", 0)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScheduledShipmentCanBeCancelled() {
        Shipment shipment = Shipment.schedule("order-1", anAddressIn("DE"), TWO_PENS, NOW);

        shipment.cancel(NOW.plusSeconds(30));

        assertThat(shipment.state()).isEqualTo(ShipmentState.CANCELLED);
        assertThat(shipment.updatedAt()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void aCancelBeforeAnyScheduleLeavesAnEmptyCancelledShipment() {
        Shipment marker = Shipment.cancelledBeforeScheduled("order-1", NOW);

        assertThat(marker.state()).isEqualTo(ShipmentState.CANCELLED);
        assertThat(marker.items()).isEmpty();
        assertThat(marker.address()).isNull();
    }

    @Test
    void aCancelledShipmentIsNotCancelledAgain() {
        Shipment marker = Shipment.cancelledBeforeScheduled("order-1", NOW);

        assertThatThrownBy(() -> marker.cancel(NOW)).isInstanceOf(IllegalStateException.class);
    }
}
