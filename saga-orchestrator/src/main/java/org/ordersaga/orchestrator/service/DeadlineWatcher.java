package org.ordersaga.orchestrator.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Acts on expired reply deadlines every {@code ordersaga.orchestrator.deadlines.scan-every}. Each batch is claimed with
 * {@code for update skip locked}, so the replicas share the work and never act twice on one saga. A plain scheduled
 * executor rather than {@code @Scheduled}, whose simple scheduler ticks at most once a second.
 *
 * <p>A batch is one transaction. When it fails, its sagas are handled again one per transaction, and a saga whose
 * deadline still cannot be handled is tried again after {@code failed-retry-after}: one saga that cannot be handled
 * holds up no other saga's deadline.
 */
@ApplicationScoped
public class DeadlineWatcher {

    private static final Logger LOG = Logger.getLogger(DeadlineWatcher.class);

    private final SagaOrchestrator orchestrator;
    private final int batchSize;
    private final Duration scanEvery;
    private final Duration failedRetryAfter;
    private final Counter failures;
    private ScheduledExecutorService executor;

    public DeadlineWatcher(SagaOrchestrator orchestrator, OrchestratorConfig config, MeterRegistry registry) {
        this.orchestrator = orchestrator;
        this.batchSize = config.deadlines().batchSize();
        this.scanEvery = config.deadlines().scanEvery();
        this.failedRetryAfter = config.deadlines().failedRetryAfter();
        this.failures = Counter.builder("saga.deadline.failures")
                .description("Saga deadlines that could not be handled on their own (tried again later)")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "saga-deadline-watcher");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::expireDueDeadlines, scanEvery.toMillis(), scanEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void expireDueDeadlines() {
        try {
            int handled;
            do {
                try {
                    handled = QuarkusTransaction.requiringNew().call(() -> orchestrator.expireDeadlines(batchSize));
                } catch (RuntimeException batchFailed) {
                    LOG.debug("Deadline batch failed; its sagas one at a time", batchFailed);
                    handled = expireOneByOne();
                }
            } while (handled == batchSize);
        } catch (RuntimeException e) {
            // The next scan claims the same sagas again.
            LOG.warn("Deadline scan failed", e);
        }
    }

    private int expireOneByOne() {
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> orchestrator.claimDueDeadlines(batchSize));
        for (UUID id : due) {
            try {
                QuarkusTransaction.requiringNew().run(() -> orchestrator.expireDeadlineIfStillDue(id));
            } catch (RuntimeException e) {
                failures.increment();
                Optional<String> orderId = QuarkusTransaction.requiringNew()
                        .call(() -> orchestrator.postponeDeadline(id, failedRetryAfter));
                try (LogContext.Scope ignored = LogContext.forOrder(orderId.orElse(null), id.toString())) {
                    LOG.errorf(e, "Deadline of saga %s (order %s) cannot be handled: tried again in %s", id,
                            orderId.orElse("unknown"), failedRetryAfter);
                }
            }
        }
        return due.size();
    }
}
