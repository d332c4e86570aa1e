package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ordersaga.bench.compare.InvariantChecker.OrderFacts;
import org.ordersaga.bench.compare.InvariantChecker.Payment;
import org.ordersaga.bench.compare.InvariantChecker.Reservation;
import org.ordersaga.bench.compare.InvariantChecker.Snapshot;
import org.ordersaga.bench.compare.InvariantChecker.Stock;
import org.ordersaga.bench.compare.InvariantChecker.Violation;

class InvariantCheckerTest {

    /** 10 pens held for an order of another run, 20 sold before. */
    private static final Snapshot BEFORE = new Snapshot(
            Map.of("SKU-PEN", new Stock(100, 10, 20), "SKU-SOLD-OUT", new Stock(0, 0, 0)),
            Map.of("cust-alice", 10_000L, "cust-broke", 0L), Map.of("order-events.dead-letter", 3L));

    /** An order whose shipment, notification and saga went as its status says (a saga, as the async mode has). */
    private static OrderFacts order(String id, String customer, String status, long totalCents,
            Reservation reservation, Payment payment) {
        boolean approved = status.equals("APPROVED");
        return new OrderFacts(id, customer, status, totalCents, reservation, payment, approved ? "SCHEDULED" : null,
                List.of(approved ? "ORDER_CONFIRMED" : "ORDER_REJECTED"), approved ? "COMPLETED" : "REJECTED");
    }

    private static OrderFacts approved(String id, int pens) {
        return order(id, "cust-alice", "APPROVED", 150L * pens,
                new Reservation("SETTLED", Map.of("SKU-PEN", pens)), new Payment("CAPTURED", 150L * pens));
    }

    private static OrderFacts rejectedForCredit(String id) {
        return order(id, "cust-broke", "REJECTED", 0, new Reservation("RELEASED", Map.of("SKU-PEN", 1)), null);
    }

    private static OrderFacts withShipment(OrderFacts o, String shipmentState) {
        return new OrderFacts(o.orderId(), o.customerId(), o.status(), o.totalCents(), o.reservation(), o.payment(),
                shipmentState, o.notificationKinds(), o.sagaState());
    }

    private static OrderFacts withNotifications(OrderFacts o, String... kinds) {
        return new OrderFacts(o.orderId(), o.customerId(), o.status(), o.totalCents(), o.reservation(), o.payment(),
                o.shipmentState(), List.of(kinds), o.sagaState());
    }

    private static OrderFacts withSaga(OrderFacts o, String sagaState) {
        return new OrderFacts(o.orderId(), o.customerId(), o.status(), o.totalCents(), o.reservation(), o.payment(),
                o.shipmentState(), o.notificationKinds(), sagaState);
    }

    /** The state after the given approved pen orders: the pens went from available to settled, nothing else moved. */
    private static Snapshot afterSelling(int pens, long cents) {
        return after(new Stock(100 - pens, 10, 20 + pens), cents);
    }

    private static Snapshot after(Stock pens, long aliceCents) {
        return new Snapshot(Map.of("SKU-PEN", pens, "SKU-SOLD-OUT", new Stock(0, 0, 0)),
                Map.of("cust-alice", 10_000L - aliceCents, "cust-broke", 0L), BEFORE.deadLettersByTopic());
    }

    @Test
    void consistentRunHasNoViolation() {
        // o2 ran in sync mode (no saga); o4's cancel of its shipment came before the schedule.
        List<OrderFacts> orders = List.of(approved("o1", 2), withSaga(approved("o2", 1), null),
                rejectedForCredit("o3"), withShipment(order("o4", "cust-alice", "REJECTED", 0, null, null),
                        "CANCELLED"));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(3, 450))).isEmpty();
    }

    @Test
    void orderLeftPendingIsFound() {
        List<OrderFacts> orders = List.of(approved("o1", 1), order("o2", "cust-alice", "PENDING", 0, null, null));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(1, 150)))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple("o2", "no order left pending"));
    }

    @Test
    void approvedOrderWithoutCaptureIsFound() {
        OrderFacts authorizedOnly = order("o1", "cust-alice", "APPROVED", 150,
                new Reservation("SETTLED", Map.of("SKU-PEN", 1)), new Payment("AUTHORIZED", 150));
        assertThat(InvariantChecker.check(List.of(authorizedOnly), BEFORE, afterSelling(1, 150)))
                .extracting(Violation::invariant).containsExactly("one capture per approved order");
    }

    @Test
    void approvedOrderWhoseStockIsStillHeldIsFound() {
        // The pen is accounted for (reserved, not settled): only the order itself is wrong.
        OrderFacts neverSettled = order("o1", "cust-alice", "APPROVED", 150,
                new Reservation("HELD", Map.of("SKU-PEN", 1)), new Payment("CAPTURED", 150));
        List<Violation> violations = InvariantChecker.check(List.of(neverSettled), BEFORE,
                after(new Stock(99, 11, 20), 150));
        assertThat(violations).extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple("o1", "approved order's stock settled"));
        assertThat(violations.get(0).detail()).isEqualTo("reservation HELD (stock not settled)");
    }

    @Test
    void moneyAndStockKeptForRejectedOrderAreFound() {
        OrderFacts kept = order("o1", "cust-alice", "REJECTED", 0,
                new Reservation("HELD", Map.of("SKU-PEN", 1)), new Payment("AUTHORIZED", 150));
        assertThat(InvariantChecker.check(List.of(kept), BEFORE, after(new Stock(99, 11, 20), 150)))
                .extracting(Violation::invariant)
                .containsExactly("no money kept for rejected orders", "no stock kept for rejected orders");
    }

    @Test
    void stockTakenByNoKnownOrderBreaksConservation() {
        // One more pen is settled than the run's orders settled (e.g. a second settle of one reservation).
        List<Violation> violations = InvariantChecker.check(List.of(approved("o1", 2)), BEFORE,
                after(new Stock(97, 10, 23), 300));
        assertThat(violations).extracting(Violation::invariant).containsExactly("stock conserved");
        assertThat(violations.get(0).detail()).contains("SKU-PEN", "available 100 -> 97", "settled 20 -> 23",
                "settled 2 and hold 0");
    }

    @Test
    void reservedStockThatKeepsGrowingBreaksConservation() {
        // The reservation reads SETTLED but the product's counts never moved: reserved grew instead of settled.
        List<Violation> violations = InvariantChecker.check(List.of(approved("o1", 1)), BEFORE,
                after(new Stock(99, 11, 20), 150));
        assertThat(violations).extracting(Violation::invariant).containsExactly("stock conserved");
        assertThat(violations.get(0).detail()).contains("reserved 10 -> 11", "total 130 -> 130");
    }

    @Test
    void stockLostFromTheTotalBreaksConservation() {
        List<Violation> violations = InvariantChecker.check(List.of(approved("o1", 1)), BEFORE,
                after(new Stock(98, 10, 21), 150));
        assertThat(violations).extracting(Violation::invariant).containsExactly("stock conserved");
        assertThat(violations.get(0).detail()).contains("total 130 -> 129");
    }

    @Test
    void secondChargeBreaksCreditConservation() {
        Snapshot chargedTwice = new Snapshot(afterSelling(1, 150).stockBySku(),
                Map.of("cust-alice", 10_000L - 300, "cust-broke", 0L), BEFORE.deadLettersByTopic());
        assertThat(InvariantChecker.check(List.of(approved("o1", 1)), BEFORE, chargedTwice))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple(null, "credit conserved"));
    }

    @Test
    void shipmentKeptForRejectedOrderIsFound() {
        assertThat(InvariantChecker.check(List.of(withShipment(rejectedForCredit("o1"), "SCHEDULED")), BEFORE,
                afterSelling(0, 0)))
                .extracting(Violation::orderId, Violation::invariant, Violation::detail)
                .containsExactly(tuple("o1", "no shipment for rejected orders", "shipment SCHEDULED"));
    }

    @Test
    void approvedOrderWithoutShipmentIsFound() {
        assertThat(InvariantChecker.check(List.of(withShipment(approved("o1", 1), null)), BEFORE,
                afterSelling(1, 150)))
                .extracting(Violation::invariant, Violation::detail)
                .containsExactly(tuple("one shipment per approved order", "shipment missing"));
    }

    @Test
    void customerToldNothingOrBothOutcomesIsFound() {
        List<OrderFacts> orders = List.of(withNotifications(approved("o1", 1)),
                withNotifications(approved("o2", 1), "ORDER_CONFIRMED", "ORDER_REJECTED"),
                withNotifications(rejectedForCredit("o3"), "ORDER_CONFIRMED"));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(2, 300)))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple("o1", "the customer told once, of the outcome"),
                        tuple("o2", "the customer told once, of the outcome"),
                        tuple("o3", "the customer told once, of the outcome"));
    }

    @Test
    void sagaLeftStuckOrFailedIsFound() {
        // Every effect is right; only the orchestrator still needs an operator.
        List<OrderFacts> orders = List.of(withSaga(approved("o1", 1), "STUCK"),
                withSaga(rejectedForCredit("o2"), "COMPENSATION_FAILED"));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(1, 150)))
                .extracting(Violation::orderId, Violation::detail)
                .containsExactly(tuple("o1", "saga STUCK, order APPROVED"),
                        tuple("o2", "saga COMPENSATION_FAILED, order REJECTED"));
    }

    @Test
    void recordDeadLetteredDuringTheRunIsFound() {
        // Three order-events dead letters are older than the run: only the new saga-replies one counts.
        Snapshot after = new Snapshot(afterSelling(1, 150).stockBySku(), afterSelling(1, 150).creditByCustomer(),
                Map.of("order-events.dead-letter", 3L, "saga-replies.dead-letter", 1L));
        assertThat(InvariantChecker.check(List.of(approved("o1", 1)), BEFORE, after))
                .extracting(Violation::orderId, Violation::invariant, Violation::detail)
                .containsExactly(tuple(null, "nothing dead-lettered", "saga-replies.dead-letter: 1 records during the run"));
    }
}
