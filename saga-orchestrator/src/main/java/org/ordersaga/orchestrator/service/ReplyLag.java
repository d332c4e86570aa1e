package org.ordersaga.orchestrator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How far this instance is behind in handling replies: the age of the latest reply when its handling began. A reply
 * still queued in our own consumer is not a missing reply, so deadlines wait this much longer before they fire —
 * otherwise an overloaded orchestrator re-sends commands whose replies it simply has not read yet, and the re-sends
 * add the load that keeps it behind. With no new reply the lag runs down at wall-clock speed, so an idle (or stalled)
 * consumer falls back to the plain deadlines.
 */
@ApplicationScoped
public class ReplyLag {

    private final AtomicReference<DecayingLag> latest = new AtomicReference<>(DecayingLag.NONE);

    public ReplyLag(MeterRegistry registry) {
        Gauge.builder("saga.replies.lag", this, lag -> lag.current(Instant.now()).toMillis() / 1000.0)
                .description("Age of the latest saga reply when the orchestrator began handling it (decays when idle)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** A reply published at {@code publishedAt} (the Kafka record's timestamp) is being handled at {@code now}. */
    public void replyHandled(Instant publishedAt, Instant now) {
        latest.set(DecayingLag.observed(Duration.between(publishedAt, now), now));
    }

    /** How much longer a deadline waits at {@code now}. */
    public Duration current(Instant now) {
        return latest.get().remainingAt(now);
    }
}
