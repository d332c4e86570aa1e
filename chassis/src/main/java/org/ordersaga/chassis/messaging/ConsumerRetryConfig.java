package org.ordersaga.chassis.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a consumer waits between tries while its database is unavailable ({@link Retries}). */
@ConfigMapping(prefix = "ordersaga.consumer.retry")
public interface ConsumerRetryConfig {

    /** The wait before the first retry. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Each wait is this many times the previous one, up to {@link #maxBackoff()}. */
    @WithDefault("2.0")
    double multiplier();

    /**
     * The longest wait: once the database is back, a consumer resumes within this much. Longer waits cost less
     * against a database that is recovering, with every replica and partition retrying.
     */
    @WithDefault("5s")
    Duration maxBackoff();
}
