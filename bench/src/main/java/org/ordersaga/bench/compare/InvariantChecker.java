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
 * <li>an approved order's stock is settled (its reservation SETTLED, not left HELD) and exactly its total
 * captured;</li>
 * <li>a rejected order keeps no stock and no money (reservation released or absent, authorization voided or absent);</li>
 * <li>stock is conserved per SKU: what the run's orders settled moved from available to settled, what they still
 * hold from available to reserved, so available + reserved + settled stays the same (and reserved only grows by
 * reservations left HELD, each one a violation of its own);</li>
 * <li>credit is conserved per customer: available before − authorized or captured amounts = available after (a second
 * capture or a lost void shows here);</li>
 * <li>an approved order has its shipment scheduled, a rejected one none (or a cancelled one);</li>
 * <li>the customer was told once, and the right thing: exactly one notification, of the order's outcome;</li>
 * <li>an order that ran as a saga has its saga finished the same way (not STUCK, COMPENSATION_FAILED or running);</li>
 * <li>nothing was dead-lettered during the run: every record a retry would have handled was handled (the run drops
 * this one where it injects errors on purpose).</li>
 * </ul>
 */
public final class InvariantChecker {

    public record Reservation(String state, Map<String, Integer> quantityBySku) {
    }

    public record Payment(String state, long amountCents) {
    }

    /**
     * What the services know of one order; reservation, payment, shipment state or saga state null when that service
     * has none (a sync order has no saga); the kinds of the notifications sent about it.
     */
    public record OrderFacts(String orderId, String customerId, String status, long totalCents,
            Reservation reservation, Payment payment, String shipmentState, List<String> notificationKinds,
            String sagaState) {
    }

    /** A SKU's stock as inventory's product API shows it; the three add up to the stock received. */
    public record Stock(int available, int reserved, int settled) {
        static final Stock NONE = new Stock(0, 0, 0);

        int total() {
            return available + reserved + settled;
        }
    }

    /** Stock, credit and the records written so far to each dead-letter topic. */
    public record Snapshot(Map<String, Stock> stockBySku, Map<String, Long> creditByCustomer,
            Map<String, Long> deadLettersByTopic) {
    }

    /** One broken invariant; {@code orderId} null for a per-SKU or per-customer one. */
    public record Violation(String orderId, String invariant, String detail) {
    }

    public static final String NOTHING_DEAD_LETTERED = "nothing dead-lettered";
    private static final Set<String> FINAL = Set.of("APPROVED", "REJECTED");
    private static final Set<String> MONEY_HELD = Set.of("AUTHORIZED", "CAPTURED");
    private static final Map<String, String> NOTIFICATION_OF = Map.of("APPROVED", "ORDER_CONFIRMED",
            "REJECTED", "ORDER_REJECTED");
    private static final Map<String, String> SAGA_STATE_OF = Map.of("APPROVED", "COMPLETED", "REJECTED", "REJECTED");

    private InvariantChecker() {
    }

    public static List<Violation> check(List<OrderFacts> orders, Snapshot before, Snapshot after) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> heldBySku = new HashMap<>();
        Map<String, Integer> settledBySku = new HashMap<>();
        Map<String, Long> moneyByCustomer = new HashMap<>();
        for (OrderFacts order : orders) {
            checkOrder(order, violations);
            Reservation reservation = order.reservation();
            if (reservation != null && reservation.state().equals("HELD")) {
                reservation.quantityBySku().forEach((sku, quantity) -> heldBySku.merge(sku, quantity, Integer::sum));
            } else if (reservation != null && reservation.state().equals("SETTLED")) {
                reservation.quantityBySku().forEach((sku, quantity) -> settledBySku.merge(sku, quantity, Integer::sum));
            }
            if (order.payment() != null && MONEY_HELD.contains(order.payment().state())) {
                moneyByCustomer.merge(order.customerId(), order.payment().amountCents(), Long::sum);
            }
        }
        Set<String> skus = new TreeSet<>(before.stockBySku().keySet());
        skus.addAll(after.stockBySku().keySet());
        for (String sku : skus) {
            Stock was = before.stockBySku().getOrDefault(sku, Stock.NONE);
            Stock is = after.stockBySku().getOrDefault(sku, Stock.NONE);
            int held = heldBySku.getOrDefault(sku, 0);
            int settled = settledBySku.getOrDefault(sku, 0);
            Stock expected = new Stock(was.available() - held - settled, was.reserved() + held,
                    was.settled() + settled);
            if (!is.equals(expected)) {
                violations.add(new Violation(null, "stock conserved", String.format(
                        "%s: available %d -> %d, reserved %d -> %d, settled %d -> %d (total %d -> %d), but the run's"
                                + " orders settled %d and hold %d", sku, was.available(), is.available(),
                        was.reserved(), is.reserved(), was.settled(), is.settled(), was.total(), is.total(), settled,
                        held)));
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
        Set<String> deadLetterTopics = new TreeSet<>(before.deadLettersByTopic().keySet());
        deadLetterTopics.addAll(after.deadLettersByTopic().keySet());
        for (String topic : deadLetterTopics) {
            long written = after.deadLettersByTopic().getOrDefault(topic, 0L)
                    - before.deadLettersByTopic().getOrDefault(topic, 0L);
            if (written > 0) {
                violations.add(new Violation(null, NOTHING_DEAD_LETTERED,
                        topic + ": " + written + " records during the run"));
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
            if (reservation == null || !reservation.state().equals("SETTLED")) {
                violations.add(new Violation(id, "approved order's stock settled", reservation == null
                        ? "reservation missing"
                        : "reservation " + reservation.state()
                                + (reservation.state().equals("HELD") ? " (stock not settled)" : "")));
            }
        } else {
            if (payment != null && MONEY_HELD.contains(payment.state())) {
                violations.add(new Violation(id, "no money kept for rejected orders",
                        "payment " + payment.state() + " " + payment.amountCents() + " cents"));
            }
            if (reservation != null && reservation.state().equals("HELD")) {
                violations.add(new Violation(id, "no stock kept for rejected orders", "reservation HELD"));
            }
            if (order.shipmentState() != null && !order.shipmentState().equals("CANCELLED")) {
                violations.add(new Violation(id, "no shipment for rejected orders",
                        "shipment " + order.shipmentState()));
            }
        }
        if (order.status().equals("APPROVED") && !"SCHEDULED".equals(order.shipmentState())) {
            violations.add(new Violation(id, "one shipment per approved order",
                    order.shipmentState() == null ? "shipment missing" : "shipment " + order.shipmentState()));
        }
        List<String> told = order.notificationKinds();
        if (!told.equals(List.of(NOTIFICATION_OF.get(order.status())))) {
            violations.add(new Violation(id, "the customer told once, of the outcome",
                    "notifications " + told + ", order " + order.status()));
        }
        if (order.sagaState() != null && !order.sagaState().equals(SAGA_STATE_OF.get(order.status()))) {
            violations.add(new Violation(id, "no saga left unfinished",
                    "saga " + order.sagaState() + ", order " + order.status()));
        }
    }
}
