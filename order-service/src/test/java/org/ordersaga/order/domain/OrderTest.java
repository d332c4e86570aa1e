package org.ordersaga.order.domain;

import org.junit.jupiter.api.Test;
import org.ordersaga.order.config.OrderMode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    private static final Instant PLACED_AT = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant LATER = PLACED_AT.plusSeconds(1);
    private static final Instant RESUME_AT = LATER.plusSeconds(10);

    @Test
    void aPlacedOrderIsPendingWithItsHistoryStarted() {
        Order order = aPendingOrder();

        assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.getMode()).contains(OrderMode.ASYNC);
        assertThat(order.getTotalCents()).isNull();
        assertThat(order.getHistory()).extracting(StatusChange::status).containsExactly(OrderStatus.PENDING);
    }

    @Test
    void approvingAPendingOrderStoresTheTotal() {
        Order order = aPendingOrder();

        order.approve(5_150, LATER);

        assertThat(order.getStatus()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.getTotalCents()).isEqualTo(5_150);
        assertThat(order.getHistory()).extracting(StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.APPROVED);
        assertThat(order.getHistory().get(1).at()).isEqualTo(LATER);
    }

    @Test
    void rejectingAPendingOrderKeepsTheReason() {
        Order order = aPendingOrder();

        order.reject("OUT_OF_STOCK", LATER);

        assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.getRejectionReason()).isEqualTo("OUT_OF_STOCK");
        assertThat(order.getHistory()).last().extracting(StatusChange::detail).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void pastThePivotTheSyncStepsApproveWithTheTotalWhenTheirTurnComes() {
        Order order = aPendingOrder();
        order.passPivot(5_150, PLACED_AT, RESUME_AT);

        order.syncStepDone(SyncStep.APPROVE, LATER, RESUME_AT);
        assertThat(order.getStatus()).as("approve is not next yet").isEqualTo(OrderStatus.PENDING);
        order.syncStepDone(SyncStep.SETTLE_INVENTORY, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.CAPTURE_PAYMENT, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.APPROVE, LATER, RESUME_AT);

        assertThat(order.getStatus()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.getTotalCents()).isEqualTo(5_150);
        assertThat(order.nextSyncStep()).contains(SyncStep.NOTIFY_CONFIRMED);
        order.syncStepDone(SyncStep.NOTIFY_CONFIRMED, LATER, RESUME_AT);
        assertThat(order.nextSyncStep()).isEmpty();
    }

    @Test
    void aSyncOrderIsDueForTheSweepUntilItOwesNothingAndBacksOffWhileItFails() {
        Order order = Order.place(UUID.randomUUID(), "cust-alice", OrderMode.SYNC,
                List.of(new OrderItem("SKU-PEN", 2)), anAddress(), null, PLACED_AT);
        Instant decideBy = PLACED_AT.plusSeconds(60);
        order.awaitSyncFate(decideBy);
        assertThat(order.syncFateRecorded()).isFalse();
        assertThat(order.getSyncDueAt()).isEqualTo(decideBy);

        order.compensate(List.of(SyncStep.RELEASE_INVENTORY), "CHAIN_INTERRUPTED", LATER, RESUME_AT);
        assertThat(order.syncFateRecorded()).isTrue();
        assertThat(order.getSyncDueAt()).isEqualTo(RESUME_AT);
        order.syncRoundFailed(RESUME_AT.plusSeconds(10));
        order.syncRoundFailed(RESUME_AT.plusSeconds(30));
        assertThat(order.getSyncFailedRounds()).isEqualTo(2);
        assertThat(order.getSyncDueAt()).isEqualTo(RESUME_AT.plusSeconds(30));

        order.syncStepDone(SyncStep.RELEASE_INVENTORY, LATER, RESUME_AT);
        assertThat(order.getSyncFailedRounds()).as("progress resets the backoff").isZero();
        order.syncStepDone(SyncStep.REJECT, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.NOTIFY_REJECTED, LATER, RESUME_AT);
        assertThat(order.getSyncDueAt()).isNull();
        assertThatThrownBy(() -> aPendingOrder().awaitSyncFate(decideBy))
                .isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void aCompensatedSyncOrderUndoesInOrderThenRejectsWithTheReason() {
        Order order = aPendingOrder();
        order.compensate(List.of(SyncStep.VOID_PAYMENT, SyncStep.RELEASE_INVENTORY), "AUTHORIZE_PAYMENT_TIMED_OUT",
                PLACED_AT, RESUME_AT);

        assertThat(order.getSyncRemainingSteps()).containsExactly(SyncStep.VOID_PAYMENT, SyncStep.RELEASE_INVENTORY,
                SyncStep.REJECT, SyncStep.NOTIFY_REJECTED);
        order.syncStepDone(SyncStep.VOID_PAYMENT, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.RELEASE_INVENTORY, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.REJECT, LATER, RESUME_AT);

        assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.getRejectionReason()).isEqualTo("AUTHORIZE_PAYMENT_TIMED_OUT");
        assertThatThrownBy(() -> order.passPivot(1, LATER, RESUME_AT)).isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void anApprovedOrderCannotBeRejectedNorApprovedAgain() {
        Order order = anApprovedOrder();

        assertThatThrownBy(() -> order.reject("too late", LATER)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> order.approve(1, LATER)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.getHistory()).hasSize(2);
    }

    @Test
    void aRejectedOrderCannotBeApproved() {
        Order order = aRejectedOrder();

        assertThatThrownBy(() -> order.approve(5_150, LATER)).isInstanceOf(IllegalOrderTransitionException.class);
        assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.getTotalCents()).isNull();
    }

    @Test
    void anOrderWithoutItemsCannotBePlaced() {
        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), "cust-alice", OrderMode.ASYNC, List.of(), anAddress(),
                null, PLACED_AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderIsPlacedInAModeItKeepsWhateverItsDecision() {
        Order order = Order.place(UUID.randomUUID(), "cust-alice", OrderMode.SYNC,
                List.of(new OrderItem("SKU-PEN", 2)), anAddress(), null, PLACED_AT);

        order.compensate(List.of(SyncStep.RELEASE_INVENTORY), "INSUFFICIENT_CREDIT", LATER, RESUME_AT);
        order.syncStepDone(SyncStep.RELEASE_INVENTORY, LATER, RESUME_AT);
        order.syncStepDone(SyncStep.REJECT, LATER, RESUME_AT);

        assertThat(order.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.getMode()).contains(OrderMode.SYNC);
        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), "cust-alice", null,
                List.of(new OrderItem("SKU-PEN", 2)), anAddress(), null, PLACED_AT))
                .isInstanceOf(NullPointerException.class);
    }

    private static Order aPendingOrder() {
        return Order.place(UUID.randomUUID(), "cust-alice", OrderMode.ASYNC, List.of(new OrderItem("SKU-PEN", 2)),
                anAddress(), "0af7651916cd43dd8448eb211c80319c", PLACED_AT);
    }

    private static Order anApprovedOrder() {
        Order order = aPendingOrder();
        order.approve(300, PLACED_AT);
        return order;
    }

    private static Order aRejectedOrder() {
        Order order = aPendingOrder();
        order.reject("INSUFFICIENT_CREDIT", PLACED_AT);
        return order;
    }

    private static ShippingAddress anAddress() {
        return new ShippingAddress("Alice Example", "1 Main Street", "Springfield", "12345", "DE");
    }
}
