package org.ordersaga.order.service;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.persistence.OrderRepository;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Resumes synchronous chains that stopped midway: past the pivot (a capture or a notification failed) or in the
 * middle of their compensation. A synchronous chain has no other place to resume — no saga log, no re-sent command —
 * so without this the order would stay PENDING and its stock or money held for good. Every step carries the same
 * idempotency key as in the request, so resuming is safe even if the request is still at work.
 */
@ApplicationScoped
public class SyncRecoverySweep {

    private static final Logger LOG = Logger.getLogger(SyncRecoverySweep.class);

    private final OrderRepository orders;
    private final SyncOrderPlacement placement;
    private final OrderConfig.SyncRecovery settings;
    private final Tracer tracer;

    public SyncRecoverySweep(OrderRepository orders, SyncOrderPlacement placement, OrderConfig config, Tracer tracer) {
        this.orders = orders;
        this.placement = placement;
        this.settings = config.syncRecovery();
        this.tracer = tracer;
    }

    @Scheduled(identity = "sync-recovery", every = "${ordersaga.order.sync-recovery.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant before = Instant.now().minus(settings.after());
        List<Order> stopped = QuarkusTransaction.requiringNew()
                .call(() -> orders.owingSyncStepsSince(before, settings.batchSize()));
        for (Order order : stopped) {
            resume(order);
        }
    }

    /** In the order's own trace (its spans join the request's trace ID), with its ID in every log line. */
    private void resume(Order order) {
        Span span = tracer.spanBuilder("sync-recovery").setParent(traceOf(order)).startSpan();
        try (Scope ignored = span.makeCurrent();
                LogContext.Scope log = LogContext.forOrder(order.getId().toString(), null)) {
            LOG.infof("Resuming the synchronous chain: it owes %s", order.getSyncRemainingSteps());
            SyncOutcome outcome = placement.resume(order.getId());
            LOG.infof("Synchronous chain resumed: order %s%s", outcome.status(),
                    outcome.incomplete() ? " (" + outcome.incompleteDetail() + ")" : "");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Resuming the synchronous chain failed; the next sweep tries again");
        } finally {
            span.end();
        }
    }

    private static Context traceOf(Order order) {
        if (order.getTraceId() == null) {
            return Context.root();
        }
        String parentSpanId = String.format("%016x", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        SpanContext request = SpanContext.createFromRemoteParent(order.getTraceId(), parentSpanId,
                TraceFlags.getSampled(), TraceState.getDefault());
        return Context.root().with(Span.wrap(request));
    }
}
