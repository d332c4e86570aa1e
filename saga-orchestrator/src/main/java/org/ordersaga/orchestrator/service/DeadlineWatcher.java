package org.ordersaga.orchestrator.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

/**
 * Acts on expired reply deadlines. Each batch is claimed with {@code for update skip locked}, so the replicas share the
 * work and never act twice on one saga.
 */
@ApplicationScoped
public class DeadlineWatcher {

    private static final Logger LOG = Logger.getLogger(DeadlineWatcher.class);

    private final SagaOrchestrator orchestrator;
    private final int batchSize;

    public DeadlineWatcher(SagaOrchestrator orchestrator, OrchestratorConfig config) {
        this.orchestrator = orchestrator;
        this.batchSize = config.deadlines().batchSize();
    }

    @Scheduled(every = "${orchestrator.deadlines.scan-every:200ms}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireDueDeadlines() {
        try {
            int handled;
            do {
                handled = QuarkusTransaction.requiringNew().call(() -> orchestrator.expireDeadlines(batchSize));
            } while (handled == batchSize);
        } catch (RuntimeException e) {
            // The next run claims the same sagas again.
            LOG.warn("Deadline scan failed", e);
        }
    }
}
