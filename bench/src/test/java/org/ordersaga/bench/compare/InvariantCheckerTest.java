package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static final Snapshot BEFORE = new Snapshot(
            Map.of("SKU-PEN", new Stock(100, 10), "SKU-SOLD-OUT", new Stock(0, 0)),
            Map.of("cust-alice", 10_000L, "cust-broke", 0L));

    private static OrderFacts approved(String id, int pens) {
        return new OrderFacts(id, "cust-alice", "APPROVED", 150L * pens,
                new Reservation("HELD", Map.of("SKU-PEN", pens)), new Payment("CAPTURED", 150L * pens));
    }

    private static OrderFacts rejectedForCredit(String id) {
        return new OrderFacts(id, "cust-broke", "REJECTED", 0, new Reservation("RELEASED", Map.of("SKU-PEN", 1)),
                null);
    }

    /** The state after the given approved pen orders, everything else untouched. */
    private static Snapshot afterHolding(int pens, long cents) {
        return new Snapshot(Map.of("SKU-PEN", new Stock(100 - pens, 10 + pens), "SKU-SOLD-OUT", new Stock(0, 0)),
                Map.of("cust-alice", 10_000L - cents, "cust-broke", 0L));
    }

    @Test
    void consistentRunHasNoViolation() {
        List<OrderFacts> orders = List.of(approved("o1", 2), approved("o2", 1), rejectedForCredit("o3"),
                new OrderFacts("o4", "cust-alice", "REJECTED", 0, null, null));
        assertThat(InvariantChecker.check(orders, BEFORE, afterHolding(3, 450))).isEmpty();
    }

    @Test
    void orderLeftPendingIsFound() {
        List<OrderFacts> orders = List.of(approved("o1", 1), new OrderFacts("o2", "cust-alice", "PENDING", 0, null,
                null));
        assertThat(InvariantChecker.check(orders, BEFORE, afterHolding(1, 150)))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o2", "no order left pending"));
    }

    @Test
    void approvedOrderWithoutCaptureIsFound() {
        OrderFacts authorizedOnly = new OrderFacts("o1", "cust-alice", "APPROVED", 150,
                new Reservation("HELD", Map.of("SKU-PEN", 1)), new Payment("AUTHORIZED", 150));
        assertThat(InvariantChecker.check(List.of(authorizedOnly), BEFORE, afterHolding(1, 150)))
                .extracting(Violation::invariant).containsExactly("one capture per approved order");
    }

    @Test
    void moneyAndStockKeptForRejectedOrderAreFound() {
        OrderFacts kept = new OrderFacts("o1", "cust-alice", "REJECTED", 0,
                new Reservation("HELD", Map.of("SKU-PEN", 1)), new Payment("AUTHORIZED", 150));
        assertThat(InvariantChecker.check(List.of(kept), BEFORE, afterHolding(1, 150)))
                .extracting(Violation::invariant)
                .containsExactly("no money kept for rejected orders", "no stock kept for rejected orders");
    }

    @Test
    void stockTakenByNoKnownOrderBreaksConservation() {
        // One more pen is gone than the run's orders hold (e.g. a reservation never released).
        Snapshot after = new Snapshot(Map.of("SKU-PEN", new Stock(97, 13), "SKU-SOLD-OUT", new Stock(0, 0)),
                Map.of("cust-alice", 10_000L - 300, "cust-broke", 0L));
        List<Violation> violations = InvariantChecker.check(List.of(approved("o1", 2)), BEFORE, after);
        assertThat(violations).extracting(Violation::invariant).containsExactly("stock conserved");
        assertThat(violations.get(0).detail()).contains("SKU-PEN", "100 -> 97", "hold 2");
    }

    @Test
    void secondChargeBreaksCreditConservation() {
        Snapshot chargedTwice = new Snapshot(afterHolding(1, 150).stockBySku(),
                Map.of("cust-alice", 10_000L - 300, "cust-broke", 0L));
        assertThat(InvariantChecker.check(List.of(approved("o1", 1)), BEFORE, chargedTwice))
                .extracting(Violation::orderId, Violation::invariant)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "credit conserved"));
    }
}
