package org.ordersaga.order.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.client.FulfillmentCalls;
import org.ordersaga.order.client.InventoryCalls;
import org.ordersaga.order.client.NotificationCalls;
import org.ordersaga.order.client.PaymentCalls;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.persistence.CustomerRepository;
import org.ordersaga.order.persistence.OrderRepository;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The synchronous mode: the PlaceOrder saga's steps as a REST call chain run by order-service itself, within the
 * client's request — reserve, authorize, schedule (the pivot), capture, approve, notify. Each call is guarded (see the
 * {@code client} package) and carries the idempotency key {@code <orderId>:<step>}. A refusal or a failed call up to
 * the pivot undoes the completed steps in reverse (a call that timed out may have had its effect, so it is undone too),
 * then rejects the order with the saga's reason ({@code <STEP>_TIMED_OUT} / {@code <STEP>_UNAVAILABLE} for a failed
 * call). After the pivot nothing is undone; a failed capture leaves the order PENDING, where the saga would be STUCK.
 * No {@code OrderPlaced} is published: the saga never sees a synchronous order.
 */
@ApplicationScoped
public class SyncOrderPlacement {

    private static final Logger LOG = Logger.getLogger(SyncOrderPlacement.class);

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final InventoryCalls inventory;
    private final PaymentCalls payment;
    private final FulfillmentCalls fulfillment;
    private final NotificationCalls notification;

    public SyncOrderPlacement(OrderRepository orders, CustomerRepository customers, InventoryCalls inventory,
            PaymentCalls payment, FulfillmentCalls fulfillment, NotificationCalls notification) {
        this.orders = orders;
        this.customers = customers;
        this.inventory = inventory;
        this.payment = payment;
        this.fulfillment = fulfillment;
        this.notification = notification;
    }

    /** A step that got no usable answer, with the rejection reason the saga would record for it. */
    private static final class StepFailed extends RuntimeException {
        private final String step;

        StepFailed(String step, String reason, Throwable cause) {
            super(reason, cause);
            this.step = step;
        }

        /**
         * Only a timed-out call may have had its effect. A refused connection, an open breaker, a full bulkhead or an
         * error answer (the participant's transaction rolled back) did not, so there is nothing of it to undo — and
         * calling a participant that is down to undo nothing would only turn a rejection into an incomplete order.
         */
        boolean mayHaveHadEffect() {
            return getCause() instanceof TimeoutException;
        }

        String undoneBy() {
            return switch (step) {
                case "RESERVE_INVENTORY" -> "RELEASE_INVENTORY";
                case "AUTHORIZE_PAYMENT" -> "VOID_PAYMENT";
                default -> "";
            };
        }
    }

    private record Compensation(String step, Supplier<JsonNode> call) {
    }

    public SyncOutcome place(String customerId, List<OrderItem> items, ShippingAddress shippingAddress) {
        Order order = QuarkusTransaction.requiringNew().call(() -> placePending(customerId, items, shippingAddress));
        try (LogContext.Scope ignored = LogContext.forOrder(order.getId().toString(), null)) {
            LOG.infof("Order placed for %s with %d item(s), deciding it synchronously", customerId, items.size());
            return decide(order);
        }
    }

    private Order placePending(String customerId, List<OrderItem> items, ShippingAddress shippingAddress) {
        if (customers.findByIdOptional(customerId).isEmpty()) {
            throw new ProblemException(422, "Unknown customer", "No customer with id " + customerId);
        }
        Order order = Order.place(UUID.randomUUID(), customerId, items, shippingAddress, currentTraceId(),
                Instant.now());
        orders.persist(order);
        return order;
    }

    private SyncOutcome decide(Order order) {
        String orderId = order.getId().toString();
        Deque<Compensation> undo = new ArrayDeque<>();
        long totalCents;
        try {
            undo.push(new Compensation("RELEASE_INVENTORY",
                    () -> inventory.release(key(orderId, "release-inventory"), command(orderId))));
            JsonNode reserved = step("RESERVE_INVENTORY", () -> inventory.reserve(key(orderId, "reserve-inventory"),
                    command(orderId, "items", order.getItems())));
            if (!"InventoryReserved".equals(reserved.path("type").asText())) {
                undo.pop();
                return reject(order, reserved.path("reason").asText(), undo);
            }
            totalCents = reserved.path("totalCents").asLong();

            undo.push(new Compensation("VOID_PAYMENT",
                    () -> payment.voidAuthorization(key(orderId, "void-payment"), command(orderId))));
            JsonNode authorized = step("AUTHORIZE_PAYMENT", () -> payment.authorize(key(orderId, "authorize-payment"),
                    command(orderId, "customerId", order.getCustomerId(), "amountCents", totalCents)));
            if (!"PaymentAuthorized".equals(authorized.path("type").asText())) {
                undo.pop();
                return reject(order, authorized.path("reason").asText(), undo);
            }

            JsonNode scheduled = step("SCHEDULE_SHIPMENT", () -> fulfillment.schedule(key(orderId, "schedule-shipment"),
                    command(orderId, "items", order.getItems(), "shippingAddress", order.getShippingAddress())));
            if (!"ShipmentScheduled".equals(scheduled.path("type").asText())) {
                return reject(order, scheduled.path("reason").asText(), undo);
            }
        } catch (StepFailed failed) {
            LOG.warnf("Step failed before the pivot: %s (%s)", failed.getMessage(), failed.getCause().toString());
            if (!failed.mayHaveHadEffect() && !undo.isEmpty() && undo.peek().step().equals(failed.undoneBy())) {
                undo.pop();
            }
            return reject(order, failed.getMessage(), undo);
        }

        try {
            step("CAPTURE_PAYMENT", () -> payment.capture(key(orderId, "capture-payment"), command(orderId)));
        } catch (StepFailed failed) {
            LOG.errorf("Capture failed after the shipment was scheduled: %s; the order stays PENDING", failed.getMessage());
            return incomplete(order, "The shipment is scheduled but the payment capture failed ("
                    + failed.getMessage() + "); the order stays PENDING");
        }
        Order approved = decideLocally(order.getId(), o -> o.approve(totalCents, Instant.now()));
        LOG.infof("Order approved, total %d cents", totalCents);
        boolean notified = notifyCustomer(order, "ORDER_CONFIRMED", "Your order is confirmed. Total: "
                + formatCents(totalCents));
        return new SyncOutcome(order.getId(), approved.getStatus(), totalCents, null, notified, order.getTraceId(),
                null);
    }

    private SyncOutcome reject(Order order, String reason, Deque<Compensation> undo) {
        while (!undo.isEmpty()) {
            Compensation compensation = undo.pop();
            try {
                step(compensation.step(), compensation.call());
            } catch (StepFailed failed) {
                LOG.errorf("Compensation %s failed: %s; the order stays PENDING", compensation.step(),
                        failed.getMessage());
                return incomplete(order, "Compensation " + compensation.step() + " failed (" + failed.getMessage()
                        + ") after " + reason + "; the order stays PENDING");
            }
        }
        Order rejected = decideLocally(order.getId(), o -> o.reject(reason, Instant.now()));
        LOG.infof("Order rejected: %s", reason);
        boolean notified = notifyCustomer(order, "ORDER_REJECTED", "Your order was rejected: " + reason);
        return new SyncOutcome(order.getId(), rejected.getStatus(), null, reason, notified, order.getTraceId(), null);
    }

    /**
     * Graceful degradation: the decision stands whether or not the customer could be told. Unlike the saga, nothing
     * re-sends a notification that failed here — the log line is all that is left of it.
     */
    private boolean notifyCustomer(Order order, String kind, String text) {
        String orderId = order.getId().toString();
        try {
            step("NOTIFY_" + kind.substring("ORDER_".length()), () -> notification.send(
                    key(orderId, "notify-" + kind.toLowerCase().replace('_', '-')),
                    command(orderId, "customerId", order.getCustomerId(), "kind", kind, "text", text)));
            return true;
        } catch (StepFailed failed) {
            LOG.errorf("Notification %s not sent: %s", kind, failed.getMessage());
            return false;
        }
    }

    private SyncOutcome incomplete(Order order, String detail) {
        return new SyncOutcome(order.getId(), OrderStatus.PENDING, null, null, false, order.getTraceId(), detail);
    }

    private static JsonNode step(String step, Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new StepFailed(step, step + (e instanceof TimeoutException ? "_TIMED_OUT" : "_UNAVAILABLE"), e);
        }
    }

    private Order decideLocally(UUID orderId, java.util.function.Consumer<Order> decision) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Order order = orders.findById(orderId);
            decision.accept(order);
            return order;
        });
    }

    /** The key of one step of one order: the same on every retry, different for every step. */
    static String key(String orderId, String step) {
        return orderId + ":" + step;
    }

    private static Map<String, Object> command(String orderId, Object... namesAndValues) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("orderId", orderId);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            command.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return command;
    }

    private static String formatCents(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }

    private static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
