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

    private record Observation(Instant at, Duration lag) {
    }

    private final Map<String, Observation> latest = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ParticipantLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The pending command on {@code topic}, first sent at {@code sentAt}, was answered; {@code ownLag} is ours. */
    public void commandAnswered(String topic, Instant sentAt, Instant now, Duration ownLag) {
        Duration lag = Duration.between(sentAt, now).minus(ownLag);
        if (latest.put(topic, new Observation(now, lag.isNegative() ? Duration.ZERO : lag)) == null) {
            Gauge.builder("saga.participant.lag", this, self -> self.current(topic, Instant.now()).toMillis() / 1000.0)
                    .description("How long the latest answered command on this topic waited for its reply (decays when idle)")
                    .tag("topic", topic)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /** How much longer a deadline for a command on {@code topic} waits at {@code now}. */
    public Duration current(String topic, Instant now) {
        Observation observation = latest.get(topic);
        if (observation == null) {
            return Duration.ZERO;
        }
        Duration left = observation.lag().minus(Duration.between(observation.at(), now));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
