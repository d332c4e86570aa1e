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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the database: sagas currently in each non-final state ({@code sagas.current{state}}; STUCK and
 * COMPENSATION_FAILED are the ones to alert on) and the outbox backlog. Refreshed on a schedule rather than on
 * scrape, so a scrape never waits for the database.
 */
@ApplicationScoped
public class SagaGauges {

    private final SagaRepository sagas;
    private final Map<SagaState, AtomicLong> current = new EnumMap<>(SagaState.class);
    private final AtomicLong outboxRows = new AtomicLong();

    public SagaGauges(SagaRepository sagas, MeterRegistry registry) {
        this.sagas = sagas;
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

    @Scheduled(every = "${orchestrator.metrics.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Map<SagaState, Long> counts = sagas.countPerState();
        current.forEach((state, count) -> count.set(counts.getOrDefault(state, 0L)));
        outboxRows.set(sagas.countOutboxRows());
    }
}
