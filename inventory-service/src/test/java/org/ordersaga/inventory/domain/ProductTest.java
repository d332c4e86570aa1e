package org.ordersaga.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ordersaga.inventory.domain.InventoryTestData.aProduct;

import org.junit.jupiter.api.Test;

class ProductTest {

    @Test
    void reservingMovesStockFromAvailableToReserved() {
        Product pen = aProduct().withAvailable(10).build();

        pen.reserve(3);

        assertThat(pen.available()).isEqualTo(7);
        assertThat(pen.reserved()).isEqualTo(3);
    }

    @Test
    void releasingPutsReservedStockBack() {
        Product pen = aProduct().withAvailable(10).build();
        pen.reserve(3);

        pen.release(3);

        assertThat(pen.available()).isEqualTo(10);
        assertThat(pen.reserved()).isZero();
    }

    @Test
    void settlingMovesReservedStockToSettledForGood() {
        Product pen = aProduct().withAvailable(10).build();
        pen.reserve(3);

        pen.settle(3);

        assertThat(pen.available()).isEqualTo(7);
        assertThat(pen.reserved()).isZero();
        assertThat(pen.settled()).isEqualTo(3);
    }

    @Test
    void stockIsConservedThroughReservingReleasingAndSettling() {
        Product pen = aProduct().withAvailable(10).build();

        pen.reserve(4);
        pen.reserve(6);
        pen.settle(4);
        pen.release(6);
        pen.reserve(2);

        assertThat(pen.available() + pen.reserved() + pen.settled()).isEqualTo(10);
        assertThat(pen.available()).isEqualTo(4);
        assertThat(pen.reserved()).isEqualTo(2);
        assertThat(pen.settled()).isEqualTo(4);
    }

    @Test
    void refusesToSettleMoreThanReserved() {
        Product pen = aProduct().withAvailable(10).build();
        pen.reserve(2);

        assertThatThrownBy(() -> pen.settle(3)).isInstanceOf(IllegalStateException.class);
        assertThat(pen.reserved()).isEqualTo(2);
        assertThat(pen.settled()).isZero();
    }

    @Test
    void refusesToReserveMoreThanAvailable() {
        Product soldOut = aProduct().soldOut().build();

        assertThat(soldOut.canReserve(1)).isFalse();
        assertThatThrownBy(() -> soldOut.reserve(1)).isInstanceOf(IllegalStateException.class);
        assertThat(soldOut.available()).isZero();
    }

    @Test
    void refusesToReleaseMoreThanReserved() {
        Product pen = aProduct().withAvailable(10).build();
        pen.reserve(2);

        assertThatThrownBy(() -> pen.release(3)).isInstanceOf(IllegalStateException.class);
        assertThat(pen.reserved()).isEqualTo(2);
    }

    @Test
    void refusesNonPositiveQuantities() {
        Product pen = aProduct().build();

        assertThat(pen.canReserve(0)).isFalse();
        assertThatThrownBy(() -> pen.reserve(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pen.release(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pen.settle(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
