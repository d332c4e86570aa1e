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
            Map.of("cust-alice", 10_000L, "cust-broke", 0L));

    private static OrderFacts approved(String id, int pens) {
        return new OrderFacts(id, "cust-alice", "APPROVED", 150L * pens,
                new Reservation("SETTLED", Map.of("SKU-PEN", pens)), new Payment("CAPTURED", 150L * pens));
    }

    private static OrderFacts rejectedForCredit(String id) {
        return new OrderFacts(id, "cust-broke", "REJECTED", 0, new Reservation("RELEASED", Map.of("SKU-PEN", 1)),
                null);
    }

    /** The state after the given approved pen orders: the pens went from available to settled, nothing else moved. */
    private static Snapshot afterSelling(int pens, long cents) {
        return after(new Stock(100 - pens, 10, 20 + pens), cents);
    }

    private static Snapshot after(Stock pens, long aliceCents) {
        return new Snapshot(Map.of("SKU-PEN", pens, "SKU-SOLD-OUT", new Stock(0, 0, 0)),
                Map.of("cust-alice", 10_000L - aliceCents, "cust-broke", 0L));
    }

    @Test
    void consistentRunHasNoViolation() {
        List<OrderFacts> orders = List.of(approved("o1", 2), approved("o2", 1), rejectedForCredit("o3"),
                new OrderFacts("o4", "cust-alice", "REJECTED", 0, null, null));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(3, 450))).isEmpty();
    }

    @Test
    void orderLeftPendingIsFound() {
        List<OrderFacts> orders = List.of(approved("o1", 1), new OrderFacts("o2", "cust-alice", "PENDING", 0, null,
                null));
        assertThat(InvariantChecker.check(orders, BEFORE, afterSelling(1, 150)))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple("o2", "no order left pending"));
    }

    @Test
    void approvedOrderWithoutCaptureIsFound() {
        OrderFacts authorizedOnly = new OrderFacts("o1", "cust-alice", "APPROVED", 150,
                new Reservation("SETTLED", Map.of("SKU-PEN", 1)), new Payment("AUTHORIZED", 150));
        assertThat(InvariantChecker.check(List.of(authorizedOnly), BEFORE, afterSelling(1, 150)))
                .extracting(Violation::invariant).containsExactly("one capture per approved order");
    }

    @Test
    void approvedOrderWhoseStockIsStillHeldIsFound() {
        // The pen is accounted for (reserved, not settled): only the order itself is wrong.
        OrderFacts neverSettled = new OrderFacts("o1", "cust-alice", "APPROVED", 150,
                new Reservation("HELD", Map.of("SKU-PEN", 1)), new Payment("CAPTURED", 150));
        List<Violation> violations = InvariantChecker.check(List.of(neverSettled), BEFORE,
                after(new Stock(99, 11, 20), 150));
        assertThat(violations).extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple("o1", "approved order's stock settled"));
        assertThat(violations.get(0).detail()).isEqualTo("reservation HELD (stock not settled)");
    }

    @Test
    void moneyAndStockKeptForRejectedOrderAreFound() {
        OrderFacts kept = new OrderFacts("o1", "cust-alice", "REJECTED", 0,
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
                Map.of("cust-alice", 10_000L - 300, "cust-broke", 0L));
        assertThat(InvariantChecker.check(List.of(approved("o1", 1)), BEFORE, chargedTwice))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(tuple(null, "credit conserved"));
    }
}
