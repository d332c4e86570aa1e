package org.ordersaga.chassis.messaging;

import java.time.Duration;

/** Capped exponential backoff: {@code initial}, then {@code multiplier} times longer each retry, never over {@code max}. */
public record Backoff(Duration initial, double multiplier, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1");
        }
    }

    public static Backoff of(ConsumerRetryConfig config) {
        return new Backoff(config.initialBackoff(), config.multiplier(), config.maxBackoff());
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    public Duration delay(int retry) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
