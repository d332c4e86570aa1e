package org.ordersaga.order.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.persistence.OrderRepository;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Back-pressure at the edge: while more orders than {@code ordersaga.order.admission.max-undecided} wait for their
 * saga's decision, a new asynchronous order is refused with 503 and {@code Retry-After} instead of being accepted
 * into a backlog the stack would finish only long after its callers gave up. Refused orders are not stored. The
 * count is read from order_db at most once per {@code refresh-every}, so every replica sees every replica's orders.
 */
@ApplicationScoped
public class OrderAdmission {

    private static final Logger LOG = Logger.getLogger(OrderAdmission.class);

    private final OrderRepository orders;
    private final OrderConfig.Admission config;
    private final Counter refused;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile long undecided;
    private volatile boolean counted;
    private volatile long countedAt;

    public OrderAdmission(OrderRepository orders, OrderConfig config, MeterRegistry registry) {
        this.orders = orders;
        this.config = config.admission();
        this.refused = Counter.builder("orders.refused")
                .description("Asynchronous orders refused with 503 because too many orders waited for their saga")
                .register(registry);
        Gauge.builder("orders.undecided", this, admission -> admission.undecided)
                .description("PENDING orders at the last admission count").register(registry);
    }

    /** Refuses a new asynchronous order (503 problem) while the undecided orders are at the limit. */
    public void admitAsyncOrder() {
        long waiting = undecided();
        if (waiting >= config.maxUndecided()) {
            refused.increment();
            LOG.debugf("Order refused: %d orders undecided, limit %d", waiting, config.maxUndecided());
            throw new ProblemException(503, "Too many orders in flight", ("%d orders wait for their saga's decision"
                    + " (limit %d); retry later").formatted(waiting, config.maxUndecided()), config.retryAfter());
        }
    }

    private long undecided() {
        long now = System.nanoTime();
        // one request counts, the others use the last count meanwhile
        if ((!counted || now - countedAt >= config.refreshEvery().toNanos()) && counting.compareAndSet(false, true)) {
            try {
                undecided = orders.countUndecided();
                countedAt = now;
                counted = true;
            } finally {
                counting.set(false);
            }
        }
        return undecided;
    }
}
