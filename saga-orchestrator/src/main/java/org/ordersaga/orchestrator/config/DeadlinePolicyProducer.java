package org.ordersaga.orchestrator.config;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.ordersaga.orchestrator.domain.DeadlinePolicy;

public class DeadlinePolicyProducer {

    @Produces
    @Singleton
    DeadlinePolicy deadlinePolicy(OrchestratorConfig config) {
        OrchestratorConfig.Deadlines deadlines = config.deadlines();
        return new DeadlinePolicy(deadlines.timeout(), deadlines.stepTimeouts(), deadlines.backoffMultiplier(),
                deadlines.maxTimeout(), deadlines.maxAttempts());
    }
}
