package org.ordersaga.orchestrator.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Acts on expired reply deadlines every {@code orchestrator.deadlines.scan-every}. Each batch is claimed with
 * {@code for update skip locked}, so the replicas share the work and never act twice on one saga. A plain scheduled
 * executor rather than {@code @Scheduled}, whose simple scheduler ticks at most once a second.
 */
@ApplicationScoped
public class DeadlineWatcher {

    private static final Logger LOG = Logger.getLogger(DeadlineWatcher.class);

    private final SagaOrchestrator orchestrator;
    private final int batchSize;
    private final Duration scanEvery;
    private ScheduledExecutorService executor;

    public DeadlineWatcher(SagaOrchestrator orchestrator, OrchestratorConfig config) {
        this.orchestrator = orchestrator;
        this.batchSize = config.deadlines().batchSize();
        this.scanEvery = config.deadlines().scanEvery();
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
                handled = QuarkusTransaction.requiringNew().call(() -> orchestrator.expireDeadlines(batchSize));
            } while (handled == batchSize);
        } catch (RuntimeException e) {
            // The next scan claims the same sagas again.
            LOG.warn("Deadline scan failed", e);
        }
    }
}
