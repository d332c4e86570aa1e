package org.ordersaga.orchestrator.domain;

import java.time.Duration;
import java.util.Map;

/**
 * How long the saga waits for a reply and how often it re-sends: attempt n waits
 * {@code timeout(step) * backoffMultiplier^(n-1)}, capped at {@code maxTimeout}; after {@code maxAttempts} sends
 * without a reply the step is exhausted.
 */
public record DeadlinePolicy(Duration defaultTimeout, Map<String, Duration> stepTimeouts, double backoffMultiplier,
                             Duration maxTimeout, int maxAttempts) {

    public DeadlinePolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1");
        }
        stepTimeouts = Map.copyOf(stepTimeouts);
    }

    public Duration timeoutFor(String step, int attempt) {
        Duration base = stepTimeouts.getOrDefault(step, defaultTimeout);
        double factor = Math.pow(backoffMultiplier, attempt - 1);
        long millis = (long) Math.min(base.toMillis() * factor, (double) maxTimeout.toMillis());
        return Duration.ofMillis(millis);
    }

    public boolean mayResend(int attemptsSoFar) {
        return attemptsSoFar < maxAttempts;
    }
}
