package org.ordersaga.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ordersaga.inventory.domain.InventoryTestData.NOW;
import static org.ordersaga.inventory.domain.InventoryTestData.aReservation;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReservationTest {

    @Test
    void aNewReservationIsHeldAndTotalsItsLines() {
        Reservation reservation = aReservation().withLine("SKU-PEN", 2, 150).withLine("SKU-BOOK", 1, 2500).held();

        assertThat(reservation.state()).isEqualTo(ReservationState.HELD);
        assertThat(reservation.totalCents()).isEqualTo(2800);
    }

    @Test
    void aHeldReservationCanBeReleased() {
        Reservation reservation = aReservation().held();

        reservation.release(NOW);

        assertThat(reservation.state()).isEqualTo(ReservationState.RELEASED);
    }

    @Test
    void aReleasedReservationCannotBeReleasedAgain() {
        Reservation reservation = aReservation().released();

        assertThatThrownBy(() -> reservation.release(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHeldReservationCanBeSettled() {
        Reservation reservation = aReservation().held();

        reservation.settle(NOW.plusSeconds(1));

        assertThat(reservation.state()).isEqualTo(ReservationState.SETTLED);
        assertThat(reservation.updatedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void onlyAHeldReservationCanBeSettled() {
        Reservation released = aReservation().released();
        Reservation settled = aReservation().settled();

        assertThatThrownBy(() -> released.settle(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> settled.settle(NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(released.state()).isEqualTo(ReservationState.RELEASED);
        assertThat(settled.state()).isEqualTo(ReservationState.SETTLED);
    }

    @Test
    void aSettledReservationCannotBeReleased() {
        Reservation reservation = aReservation().settled();

        assertThatThrownBy(() -> reservation.release(NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(reservation.state()).isEqualTo(ReservationState.SETTLED);
    }

    @Test
    void aReservationNeedsLines() {
        assertThatThrownBy(() -> Reservation.hold("order-1", List.of(), NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
