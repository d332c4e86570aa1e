package org.ordersaga.orchestrator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How far behind each participant is, per command topic: how long its latest answered command took from first send to
 * reply (less this instance's own {@link ReplyLag}). A command still queued in a participant's partition is not a lost
 * one: re-sending it only adds a duplicate behind the original, more work for a participant that is already behind.
 * So a deadline for that topic waits this much longer (Temporal's schedule-to-start beside start-to-close). With no new
 * reply the lag runs down at wall-clock speed, so a participant that is down falls back to the plain deadlines.
 */
@ApplicationScoped
public class ParticipantLag {

    private final Map<String, DecayingLag> latest = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ParticipantLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A command on {@code topic} was answered at {@code now}, {@code waited} after it was first sent; {@code ownLag}
     * of that was ours.
     */
    public void commandAnswered(String topic, Duration waited, Instant now, Duration ownLag) {
        if (latest.put(topic, DecayingLag.observed(waited.minus(ownLag), now)) == null) {
            Gauge.builder("saga.participant.lag", this, self -> self.current(topic, Instant.now()).toMillis() / 1000.0)
                    .description("How long the latest answered command on this topic waited for its reply (decays when idle)")
                    .tag("topic", topic)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /** How much longer a deadline for a command on {@code topic} waits at {@code now}. */
    public Duration current(String topic, Instant now) {
        return latest.getOrDefault(topic, DecayingLag.NONE).remainingAt(now);
    }
}
