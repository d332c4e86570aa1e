package org.ordersaga.order.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.persistence.DeadConnections;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.client.CallAttempts;
import org.ordersaga.order.client.FulfillmentCalls;
import org.ordersaga.order.client.InventoryCalls;
import org.ordersaga.order.client.NotificationCalls;
import org.ordersaga.order.client.PaymentCalls;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.IdempotencyRecord;
import org.ordersaga.order.domain.KeyedRequest;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.SyncStep;
import org.ordersaga.order.persistence.CustomerRepository;
import org.ordersaga.order.persistence.IdempotencyRecordRepository;
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
 * the pivot undoes the completed steps in reverse — and the failed step itself when some attempt of it may have had
 * its effect (a late one is refused by the participant once undone, so undoing too much is safe), the pivot
 * included: a schedule that timed out may have committed, so it is cancelled first — then rejects the
 * order with the saga's reason ({@code <STEP>_TIMED_OUT} / {@code <STEP>_UNAVAILABLE} for a failed call).
 * <p>
 * Once the order's fate is known, the steps it still owes are recorded on it ({@link SyncStep}) and each one's
 * success in the transaction that records it. The chain stops at the first step that fails (the client gets 502 while
 * the order is still PENDING); {@link SyncRecoverySweep} resumes it with the same keys until it is done, so a capture
 * that failed past the pivot ends APPROVED once payment is back, and a notification that failed is sent later.
 * A chain that dies before the fate is recorded (kill -9, a restart, an unexpected error) leaves the order for the
 * sweep to decide ({@link #recover}): it is undone and rejected.
 * No {@code OrderPlaced} is published: the saga never sees a synchronous order.
 */
@ApplicationScoped
public class SyncOrderPlacement {

    private static final Logger LOG = Logger.getLogger(SyncOrderPlacement.class);
    /** The reason of an order whose chain died before its fate was recorded. */
    static final String CHAIN_INTERRUPTED = "CHAIN_INTERRUPTED";
    /**
     * What such an order may have done: any step up to the pivot, the pivot included, so every one is undone — the
     * shipment first, as after a pivot that timed out. Undoing a step that never ran is safe: the participant answers
     * "nothing to undo" and refuses the step should it still arrive.
     */
    private static final List<SyncStep> UNDO_ALL = List.of(SyncStep.CANCEL_SHIPMENT, SyncStep.VOID_PAYMENT,
            SyncStep.RELEASE_INVENTORY);

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final InventoryCalls inventory;
    private final PaymentCalls payment;
    private final FulfillmentCalls fulfillment;
    private final NotificationCalls notification;
    private final IdempotencyRecordRepository keys;
    private final DatabaseRetry database;
    private final DeadConnections deadConnections;
    private final OrderConfig config;

    public SyncOrderPlacement(OrderRepository orders, CustomerRepository customers, InventoryCalls inventory,
            PaymentCalls payment, FulfillmentCalls fulfillment, NotificationCalls notification,
            IdempotencyRecordRepository keys, DatabaseRetry database, DeadConnections deadConnections,
            OrderConfig config) {
        this.orders = orders;
        this.customers = customers;
        this.inventory = inventory;
        this.payment = payment;
        this.fulfillment = fulfillment;
        this.notification = notification;
        this.keys = keys;
        this.database = database;
        this.deadConnections = deadConnections;
        this.config = config;
    }

    /** A step that got no usable answer, with the reason the saga would record for it. */
    private static final class StepFailed extends RuntimeException {

        StepFailed(String step, Throwable cause) {
            super(step + (cause instanceof TimeoutException ? "_TIMED_OUT" : "_UNAVAILABLE"), cause);
        }
    }

    /**
     * A keyed request claims its key with the PENDING order, in one transaction, before the first call: a repeat of
     * the key finds the chain in flight and never starts a second one. The caller records the answer on the key
     * once the chain has one. When another request claimed the key first, {@link IdempotencyKeyInUse}: nothing is
     * stored and nothing called. An unknown customer (422) stores nothing, not even the key.
     * <p>
     * The database lost before the first call is tried again ({@link DatabaseRetry}); lost midway, {@link
     * DatabaseLostMidway} (the client gets 503 naming the order; the pool drops its dead connections), and the recovery
     * sweep finishes the order (the steps it owes, or undone and rejected).
     */
    public SyncOutcome place(String customerId, List<OrderItem> items, ShippingAddress shippingAddress,
            Optional<KeyedRequest> key) {
        UUID orderId = UUID.randomUUID();
        String traceId = currentTraceId();
        Order order = database.call("Placing order " + orderId, attempt -> QuarkusTransaction.requiringNew().call(
                () -> (attempt > 1 ? orders.findByIdOptional(orderId) : Optional.<Order>empty())
                        .orElseGet(() -> placePending(orderId, traceId, customerId, items, shippingAddress, key))));
        try (LogContext.Scope ignored = LogContext.forOrder(orderId.toString(), null)) {
            LOG.infof("Order placed for %s with %d item(s), deciding it synchronously", customerId, items.size());
            return decide(order);
        } catch (RuntimeException e) {
            // this 503 is a ProblemException, which rest/DatabaseUnavailable never sees: the pool is flushed here
            if (!deadConnections.unreachable(e)) {
                throw e;
            }
            LOG.warnf("Order %s: database unreachable midway (%s); the recovery sweep finishes the order", orderId,
                    e.toString());
            throw new DatabaseLostMidway(orderId, e);
        }
    }

    private Order placePending(UUID orderId, String traceId, String customerId, List<OrderItem> items,
            ShippingAddress shippingAddress, Optional<KeyedRequest> key) {
        if (customers.findByIdOptional(customerId).isEmpty()) {
            throw new ProblemException(422, "Unknown customer", "No customer with id " + customerId);
        }
        Instant now = Instant.now();
        Order order = Order.place(orderId, customerId, OrderMode.SYNC, items, shippingAddress, traceId, now);
        order.awaitSyncFate(now.plus(config.syncRecovery().undecidedAfter()));
        if (key.isPresent()
                && !keys.insertIfAbsent(IdempotencyRecord.inFlight(key.get(), order.getId(), OrderMode.SYNC, now))) {
            throw new IdempotencyKeyInUse(key.get().key());
        }
        orders.persist(order);
        return order;
    }

    /**
     * What the chain answers for a decided order (201 APPROVED / 200 REJECTED, {@code notificationSent} once the
     * customer was told); empty while it is PENDING. For a repeated key whose own request died before answering.
     */
    public static Optional<SyncOutcome> decidedOutcome(Order order) {
        return order.getStatus() == OrderStatus.PENDING ? Optional.empty() : Optional.of(outcome(order, null));
    }

    private SyncOutcome decide(Order order) {
        String orderId = order.getId().toString();
        Deque<SyncStep> undo = new ArrayDeque<>();
        CallAttempts reserveAttempts = new CallAttempts();
        CallAttempts authorizeAttempts = new CallAttempts();
        CallAttempts scheduleAttempts = new CallAttempts();
        try {
            JsonNode reserved = call("RESERVE_INVENTORY", () -> inventory.reserve(key(orderId, "reserve-inventory"),
                    command(orderId, "items", order.getItems()), reserveAttempts));
            if (!"InventoryReserved".equals(reserved.path("type").asText())) {
                return compensate(order, reserved.path("reason").asText(), undo);
            }
            undo.push(SyncStep.RELEASE_INVENTORY);
            long totalCents = reserved.path("totalCents").asLong();

            JsonNode authorized = call("AUTHORIZE_PAYMENT", () -> payment.authorize(key(orderId, "authorize-payment"),
                    command(orderId, "customerId", order.getCustomerId(), "amountCents", totalCents), authorizeAttempts));
            if (!"PaymentAuthorized".equals(authorized.path("type").asText())) {
                return compensate(order, authorized.path("reason").asText(), undo);
            }
            undo.push(SyncStep.VOID_PAYMENT);

            JsonNode scheduled = call("SCHEDULE_SHIPMENT", () -> fulfillment.schedule(key(orderId, "schedule-shipment"),
                    command(orderId, "items", order.getItems(), "shippingAddress", order.getShippingAddress()),
                    scheduleAttempts));
            if (!"ShipmentScheduled".equals(scheduled.path("type").asText())) {
                return compensate(order, scheduled.path("reason").asText(), undo);
            }
            recordFate(order.getId(), o -> o.passPivot(totalCents, Instant.now(), resumeAt()));
            LOG.infof("Shipment scheduled (the pivot), total %d cents", totalCents);
            return resume(order.getId());
        } catch (StepFailed failed) {
            LOG.warnf("Step failed before the pivot: %s (%s)", failed.getMessage(), failed.getCause().toString());
            // The failed step is the one after the last completed: undone too when its outcome is unknown, the pivot
            // included (a schedule committed after the timeout would leave a shipment for a rejected order).
            if (undo.isEmpty() && reserveAttempts.mayHaveHadEffect()) {
                undo.push(SyncStep.RELEASE_INVENTORY);
            } else if (undo.size() == 1 && authorizeAttempts.mayHaveHadEffect()) {
                undo.push(SyncStep.VOID_PAYMENT);
            } else if (undo.size() == 2 && scheduleAttempts.mayHaveHadEffect()) {
                undo.push(SyncStep.CANCEL_SHIPMENT);
            }
            return compensate(order, failed.getMessage(), undo);
        }
    }

    private SyncOutcome compensate(Order order, String reason, Deque<SyncStep> undo) {
        LOG.infof("Rejecting the order (%s), undoing %s first", reason, undo);
        recordFate(order.getId(), o -> o.compensate(List.copyOf(undo), reason, Instant.now(), resumeAt()));
        return resume(order.getId());
    }

    /**
     * Records the order's fate, unless another run recorded one first: the recovery sweep, having taken this chain
     * for dead, or an earlier try of this one whose commit got through unseen. The fate recorded first is the one
     * followed; the steps it owes are idempotent whoever runs them.
     */
    private void recordFate(UUID orderId, Consumer<Order> fate) {
        try {
            record(orderId, fate);
        } catch (RuntimeException e) {
            Order order = read(orderId);
            if (!order.syncFateRecorded()) {
                throw e;
            }
            LOG.warnf("The order's fate was recorded meanwhile (it owes %s); following it", order.getSyncRemainingSteps());
        }
    }

    /**
     * What the recovery sweep runs for an order it claimed: the steps the order owes; first, when its chain died
     * before recording the order's fate, the fate itself: nothing past the pivot is known to have happened, so every
     * step is undone and the order rejected ({@code CHAIN_INTERRUPTED}). The order is in the caller's log context.
     */
    public SyncOutcome recover(UUID orderId) {
        Order order = read(orderId);
        if (order.getStatus() == OrderStatus.PENDING && !order.syncFateRecorded()) {
            LOG.warnf("The synchronous chain stopped before the order's fate was recorded (placed %s); undoing %s"
                    + " and rejecting it", order.getPlacedAt(), UNDO_ALL);
            recordFate(orderId, o -> o.compensate(UNDO_ALL, CHAIN_INTERRUPTED, Instant.now(), resumeAt()));
        }
        return resume(orderId);
    }

    /**
     * Runs the steps the order still owes, each one's success recorded before the next; stops at the first that fails
     * (the recovery sweep calls this again later). The order is in the log context of the caller.
     */
    public SyncOutcome resume(UUID orderId) {
        Order order = read(orderId);
        for (Optional<SyncStep> next = order.nextSyncStep(); next.isPresent(); next = order.nextSyncStep()) {
            SyncStep step = next.get();
            try {
                run(order, step);
            } catch (StepFailed failed) {
                LOG.errorf("%s failed (%s); the order owes %s and the recovery sweep will resume it", step,
                        failed.getCause().toString(), order.getSyncRemainingSteps());
                return outcome(order, failed.getMessage());
            }
            order = record(orderId, o -> o.syncStepDone(step, Instant.now(), resumeAt()));
            LOG.infof("%s done", step);
        }
        return outcome(order, null);
    }

    private void run(Order order, SyncStep step) {
        String orderId = order.getId().toString();
        switch (step) {
            case SETTLE_INVENTORY -> call(step.name(),
                    () -> inventory.settle(key(orderId, "settle-inventory"), command(orderId)));
            case CAPTURE_PAYMENT -> call(step.name(),
                    () -> payment.capture(key(orderId, "capture-payment"), command(orderId)));
            case CANCEL_SHIPMENT -> call(step.name(),
                    () -> fulfillment.cancel(key(orderId, "cancel-shipment"), command(orderId)));
            case VOID_PAYMENT -> call(step.name(),
                    () -> payment.voidAuthorization(key(orderId, "void-payment"), command(orderId)));
            case RELEASE_INVENTORY -> call(step.name(),
                    () -> inventory.release(key(orderId, "release-inventory"), command(orderId)));
            case NOTIFY_CONFIRMED -> notifyCustomer(order, "ORDER_CONFIRMED", "Your order is confirmed. Total: "
                    + formatCents(order.getSyncTotalCents()));
            case NOTIFY_REJECTED -> notifyCustomer(order, "ORDER_REJECTED", "Your order was rejected: "
                    + order.getSyncRejectionReason());
            case APPROVE, REJECT -> LOG.debugf("%s is taken locally when recorded", step);
        }
    }

    private void notifyCustomer(Order order, String kind, String text) {
        String orderId = order.getId().toString();
        call("NOTIFY_" + kind.substring("ORDER_".length()), () -> notification.send(
                key(orderId, "notify-" + kind.toLowerCase().replace('_', '-')),
                command(orderId, "customerId", order.getCustomerId(), "kind", kind, "text", text)));
    }

    /**
     * A decided order is an answer even when its notification is still owed (the decision stands; the sweep tells the
     * customer later). A PENDING one is incomplete: the step that failed and what remains.
     */
    private static SyncOutcome outcome(Order order, String failure) {
        if (order.getStatus() == OrderStatus.PENDING) {
            return new SyncOutcome(order.getId(), OrderStatus.PENDING, null, null, false, order.getTraceId(),
                    failure + "; the order stays PENDING and still owes " + order.getSyncRemainingSteps()
                            + ", which the recovery sweep retries");
        }
        return new SyncOutcome(order.getId(), order.getStatus(), order.getTotalCents(), order.getRejectionReason(),
                order.nextSyncStep().isEmpty(), order.getTraceId(), null);
    }

    private static JsonNode call(String step, Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new StepFailed(step, e);
        }
    }

    /** One change of the order in its own transaction, tried again if the database was lost (each change is idempotent). */
    private Order record(UUID orderId, Consumer<Order> change) {
        return database.call("Recording on order " + orderId, attempt -> QuarkusTransaction.requiringNew().call(() -> {
            Order order = orders.findById(orderId);
            change.accept(order);
            return order;
        }));
    }

    private Order read(UUID orderId) {
        return database.call("Reading order " + orderId,
                attempt -> QuarkusTransaction.requiringNew().call(() -> orders.findById(orderId)));
    }

    /** When the sweep takes over a chain that stops now: no sooner than a chain's next step would normally follow. */
    private Instant resumeAt() {
        return Instant.now().plus(config.syncRecovery().after());
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
