package org.ordersaga.orchestrator.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.ordersaga.orchestrator.domain.SagaState;
import org.ordersaga.orchestrator.persistence.SagaRepository;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the database: sagas currently in each non-final state ({@code sagas.current{state}}; STUCK and
 * COMPENSATION_FAILED are the ones to alert on), the outbox backlog, and per command topic the commands awaited and
 * how many of them are still queued ({@link ParticipantQueues}). Refreshed on a schedule rather than on
 * scrape, so a scrape never waits for the database.
 */
@ApplicationScoped
public class SagaGauges {

    private final SagaRepository sagas;
    private final Map<SagaState, AtomicLong> current = new EnumMap<>(SagaState.class);
    private final AtomicLong outboxRows = new AtomicLong();
    private final ParticipantQueues participants;
    private final Map<String, AtomicLong> awaiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public SagaGauges(SagaRepository sagas, ParticipantQueues participants, MeterRegistry registry) {
        this.sagas = sagas;
        this.participants = participants;
        this.registry = registry;
        for (SagaState state : SagaState.values()) {
            if (!state.isFinal()) {
                AtomicLong count = new AtomicLong();
                current.put(state, count);
                Gauge.builder("sagas.current", count, AtomicLong::get)
                        .description("Sagas currently in this state")
                        .tag("state", state.name())
                        .register(registry);
            }
        }
        Gauge.builder("outbox.backlog", outboxRows, AtomicLong::get)
                .description("Rows in the orchestrator's outbox: not yet relayed, or relayed and kept until retention")
                .register(registry);
    }

    @Scheduled(every = "${ordersaga.orchestrator.metrics.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Map<SagaState, Long> counts = sagas.countPerState();
        current.forEach((state, count) -> count.set(counts.getOrDefault(state, 0L)));
        outboxRows.set(sagas.countOutboxRows());
        // a topic missing from this reading (Kafka unreadable) shows 0, not its last value
        awaiting.values().forEach(value -> value.set(0));
        queued.values().forEach(value -> value.set(0));
        for (ParticipantQueues.ParticipantQueue queue : participants.current()) {
            gauge(awaiting, "saga.commands.awaiting", "Commands on this topic that active sagas await a reply to",
                    queue.topic()).set(queue.awaitingReply());
            gauge(queued, "saga.commands.queued",
                    "Awaited commands certainly still unread in the participant's partition (lag, not loss)",
                    queue.topic()).set(queue.queued());
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String description, String topic) {
        return gauges.computeIfAbsent(topic, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("topic", t).register(registry);
            return value;
        });
    }
}
