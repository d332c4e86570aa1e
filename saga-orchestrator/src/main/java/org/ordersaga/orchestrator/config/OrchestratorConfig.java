package org.ordersaga.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "orchestrator")
public interface OrchestratorConfig {

    Deadlines deadlines();

    /** How often a message is handled again after an optimistic lock conflict with another replica. */
    @WithDefault("5")
    int conflictRetries();

    interface Deadlines {

        /** How long a step waits for its reply on the first send. */
        @WithDefault("5s")
        Duration timeout();

        /** Per-step overrides of {@link #timeout()}, keyed by step name (e.g. SCHEDULE_SHIPMENT). */
        Map<String, Duration> stepTimeouts();

        /** Each re-send waits this many times longer than the previous attempt. */
        @WithDefault("2.0")
        double backoffMultiplier();

        @WithDefault("60s")
        Duration maxTimeout();

        /** Sends of one command (first send included) before the step is given up. */
        @WithDefault("4")
        int maxAttempts();

        /** How often the deadline job looks for expired deadlines. */
        @WithDefault("200ms")
        Duration scanEvery();

        /** Sagas claimed per transaction by the deadline job. */
        @WithDefault("50")
        int batchSize();
    }
}
