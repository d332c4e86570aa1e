package org.ordersaga.orchestrator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.Retries;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.contracts.ContractValidator;
import org.ordersaga.orchestrator.client.OrderServiceClient;
import org.ordersaga.orchestrator.client.PendingOrders;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds the async orders order-service still has PENDING, placed more than
 * {@code ordersaga.orchestrator.reconciliation.min-age} ago, that have no saga (their {@code OrderPlaced} was lost,
 * dead-lettered or never consumed) and starts it, through the same start as the event
 * ({@link SagaOrchestrator#startMissingSaga}) and in the order's trace. Idempotent: an order with a saga is left alone,
 * so a late event, the next pass or another replica doing the same (the saga's unique order ID makes the loser retry
 * into that check) starts nothing twice. Counted in {@code saga_reconciled_total}; the saga's timeline names
 * {@code reconciliation} as who started it.
 */
@ApplicationScoped
public class SagaReconciliation {

    static final String ACTOR = "reconciliation";

    private static final Logger LOG = Logger.getLogger(SagaReconciliation.class);

    private final OrderServiceClient orderService;
    private final SagaOrchestrator orchestrator;
    private final SagaTracing tracing;
    private final Retries retries;
    private final ObjectMapper json;
    private final Counter reconciled;
    private final ContractValidator contracts = new ContractValidator();
    private final Duration minAge;
    private final int pageSize;
    private final int raceAttempts;

    public SagaReconciliation(OrderServiceClient orderService, SagaOrchestrator orchestrator, SagaTracing tracing,
                              Retries retries, ObjectMapper json, MeterRegistry meters, OrchestratorConfig config) {
        this.orderService = orderService;
        this.orchestrator = orchestrator;
        this.tracing = tracing;
        this.retries = retries;
        this.json = json;
        this.reconciled = Counter.builder("saga.reconciled")
                .description("Sagas started by reconciliation: their order's OrderPlaced never started one")
                .register(meters);
        this.minAge = config.reconciliation().minAge();
        this.pageSize = config.reconciliation().pageSize();
        this.raceAttempts = 1 + config.conflictRetries();
    }

    @Scheduled(identity = "saga-reconciliation", every = "${ordersaga.orchestrator.reconciliation.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        reconcile(Instant.now());
    }

    /** One pass over every page; returns how many sagas it started. */
    public int reconcile(Instant now) {
        Instant placedBefore = now.minus(minAge);
        int started = 0;
        UUID after = null;
        do {
            Optional<PendingOrders> page;
            try {
                page = orderService.pendingAsyncOrders(placedBefore, after, pageSize);
            } catch (ProblemException e) {
                LOG.warnf("Reconciliation pass ends early, order-service did not list its pending orders: %s",
                        e.detail());
                return started;
            }
            if (page.isEmpty()) {
                LOG.warn("order-service has no GET /orders/pending (an older version?): nothing reconciled");
                return started;
            }
            for (PendingOrders.Order order : page.get().items()) {
                if (startIfMissing(order)) {
                    started++;
                }
            }
            UUID next = page.get().next();
            after = next == null || next.equals(after) ? null : next;
        } while (after != null);
        return started;
    }

    private boolean startIfMissing(PendingOrders.Order order) {
        String orderId = order.orderId().toString();
        try (LogContext.Scope ids = LogContext.forOrder(orderId, null)) {
            ObjectNode orderPlaced = orderPlaced(order);
            List<String> violations = contracts.violations("OrderPlaced", orderPlaced);
            if (!violations.isEmpty()) {
                LOG.errorf("Pending order %s cannot start a saga, its data breaks the OrderPlaced contract: %s",
                        orderId, String.join("; ", violations));
                return false;
            }
            String why = "started by reconciliation: no saga " + minAge.toSeconds() + " s after the order was placed"
                    + " at " + order.placedAt();
            AtomicBoolean started = new AtomicBoolean();
            tracing.inTrace(order.traceId(), order.orderId(), "saga reconciliation", () -> {
                retries.run("Reconciliation of order " + orderId, raceAttempts, () -> started.set(
                        QuarkusTransaction.requiringNew().call(
                                () -> orchestrator.startMissingSaga(orderId, orderPlaced, ACTOR, why))));
                return null;
            });
            if (started.get()) {
                reconciled.increment();
                LOG.warnf("Saga of order %s %s", orderId, why);
            }
            return started.get();
        } catch (Retries.Interrupted e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reconciliation of order %s failed; the next pass tries again", orderId);
            return false;
        }
    }

    /** What the order's {@code OrderPlaced} carried. */
    private ObjectNode orderPlaced(PendingOrders.Order order) {
        ObjectNode event = json.createObjectNode();
        event.put("orderId", order.orderId().toString());
        event.put("customerId", order.customerId());
        event.set("items", order.items());
        event.set("shippingAddress", order.shippingAddress());
        event.put("placedAt", order.placedAt() == null ? null : order.placedAt().toString());
        return event;
    }
}
