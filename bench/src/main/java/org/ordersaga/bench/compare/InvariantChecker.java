package org.ordersaga.bench.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The invariants across the services' data after a run has drained, over the orders the run placed and the stock and
 * credit before and after it (the stack must see no other traffic meanwhile):
 * <ul>
 * <li>no order is left PENDING (or unknown to order-service);</li>
 * <li>an approved order holds its stock and has exactly its total captured;</li>
 * <li>a rejected order keeps no stock and no money (reservation released or absent, authorization voided or absent);</li>
 * <li>stock is conserved per SKU: available before − stock held for the run's orders = available after (and the
 * reserved count grows by the same);</li>
 * <li>credit is conserved per customer: available before − authorized or captured amounts = available after (a second
 * capture or a lost void shows here).</li>
 * </ul>
 */
public final class InvariantChecker {

    public record Reservation(String state, Map<String, Integer> quantityBySku) {
    }

    public record Payment(String state, long amountCents) {
    }

    /** What the services know of one order; reservation or payment null when that service has none. */
    public record OrderFacts(String orderId, String customerId, String status, long totalCents,
            Reservation reservation, Payment payment) {
    }

    public record Stock(int available, int reserved) {
    }

    public record Snapshot(Map<String, Stock> stockBySku, Map<String, Long> creditByCustomer) {
    }

    /** One broken invariant; {@code orderId} null for a per-SKU or per-customer one. */
    public record Violation(String orderId, String invariant, String detail) {
    }

    private static final Set<String> FINAL = Set.of("APPROVED", "REJECTED");
    private static final Set<String> MONEY_HELD = Set.of("AUTHORIZED", "CAPTURED");

    private InvariantChecker() {
    }

    public static List<Violation> check(List<OrderFacts> orders, Snapshot before, Snapshot after) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> heldBySku = new HashMap<>();
        Map<String, Long> moneyByCustomer = new HashMap<>();
        for (OrderFacts order : orders) {
            checkOrder(order, violations);
            if (order.reservation() != null && order.reservation().state().equals("HELD")) {
                order.reservation().quantityBySku().forEach((sku, quantity) -> heldBySku.merge(sku, quantity, Integer::sum));
            }
            if (order.payment() != null && MONEY_HELD.contains(order.payment().state())) {
                moneyByCustomer.merge(order.customerId(), order.payment().amountCents(), Long::sum);
            }
        }
        Set<String> skus = new TreeSet<>(before.stockBySku().keySet());
        skus.addAll(after.stockBySku().keySet());
        for (String sku : skus) {
            Stock was = before.stockBySku().getOrDefault(sku, new Stock(0, 0));
            Stock is = after.stockBySku().getOrDefault(sku, new Stock(0, 0));
            int held = heldBySku.getOrDefault(sku, 0);
            if (was.available() - held != is.available() || was.reserved() + held != is.reserved()) {
                violations.add(new Violation(null, "stock conserved", String.format(
                        "%s: available %d -> %d and reserved %d -> %d, but the run's orders hold %d", sku,
                        was.available(), is.available(), was.reserved(), is.reserved(), held)));
            }
        }
        Set<String> customers = new TreeSet<>(before.creditByCustomer().keySet());
        customers.addAll(after.creditByCustomer().keySet());
        for (String customer : customers) {
            long was = before.creditByCustomer().getOrDefault(customer, 0L);
            long is = after.creditByCustomer().getOrDefault(customer, 0L);
            long held = moneyByCustomer.getOrDefault(customer, 0L);
            if (was - held != is) {
                violations.add(new Violation(null, "credit conserved", String.format(
                        "%s: available %d -> %d cents, but the run's orders hold %d", customer, was, is, held)));
            }
        }
        return violations;
    }

    private static void checkOrder(OrderFacts order, List<Violation> violations) {
        String id = order.orderId();
        if (!FINAL.contains(order.status())) {
            violations.add(new Violation(id, "no order left pending", "status " + order.status() + " after the drain"));
            return;
        }
        Payment payment = order.payment();
        Reservation reservation = order.reservation();
        if (order.status().equals("APPROVED")) {
            if (payment == null || !payment.state().equals("CAPTURED")) {
                violations.add(new Violation(id, "one capture per approved order",
                        "payment " + (payment == null ? "missing" : payment.state())));
            } else if (payment.amountCents() != order.totalCents()) {
                violations.add(new Violation(id, "one capture per approved order", "captured "
                        + payment.amountCents() + " cents of a " + order.totalCents() + " cent order"));
            }
            if (reservation == null || !reservation.state().equals("HELD")) {
                violations.add(new Violation(id, "approved order holds its stock",
                        "reservation " + (reservation == null ? "missing" : reservation.state())));
            }
        } else {
            if (payment != null && MONEY_HELD.contains(payment.state())) {
                violations.add(new Violation(id, "no money kept for rejected orders",
                        "payment " + payment.state() + " " + payment.amountCents() + " cents"));
            }
            if (reservation != null && reservation.state().equals("HELD")) {
                violations.add(new Violation(id, "no stock kept for rejected orders", "reservation HELD"));
            }
        }
    }
}
