package org.ordersaga.orchestrator.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaState;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts sagas started and sagas reaching an end or parked state, and times each step from its send to its reply
 * (or its giving up). Recorded only when the transaction commits, so a handling retried after an optimistic lock
 * conflict counts once.
 */
@ApplicationScoped
public class SagaMetrics {

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final Counter started;
    private final Map<SagaState, Counter> reached = new EnumMap<>(SagaState.class);

    public SagaMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.registry = registry;
        this.transactions = transactions;
        this.started = Counter.builder("sagas.started").description("PlaceOrder sagas started").register(registry);
        reached.put(SagaState.COMPLETED, counter(registry, "sagas.completed", "sagas that approved their order"));
        reached.put(SagaState.REJECTED, counter(registry, "sagas.rejected", "sagas compensated, order rejected"));
        reached.put(SagaState.STUCK, counter(registry, "sagas.stuck", "sagas whose post-pivot step got no reply"));
        reached.put(SagaState.COMPENSATION_FAILED,
                counter(registry, "sagas.compensation.failed", "sagas whose compensation got no reply"));
    }

    public void startedOnCommit() {
        onCommit(started::increment);
    }

    /** Counts the saga's new state if it is one we count and it changed in this transaction. */
    public void stateReachedOnCommit(SagaState before, SagaState after) {
        Counter counter = reached.get(after);
        if (counter != null && before != after) {
            onCommit(counter::increment);
        }
    }

    /** A command was sent again after its deadline. */
    public void commandResentOnCommit(String topic) {
        Counter counter = Counter.builder("saga.commands.resent")
                .description("Commands sent again after their reply deadline passed").tag("topic", topic)
                .register(registry);
        onCommit(counter::increment);
    }

    /** A deadline passed while its command was still unread in the participant's partition; it was not re-sent. */
    public void deadlineHeldOnCommit(String topic) {
        Counter counter = Counter.builder("saga.deadlines.held")
                .description("Deadlines that passed while the command was still queued, unread: held, not re-sent")
                .tag("topic", topic).register(registry);
        onCommit(counter::increment);
    }

    /** Times every step that ended among {@code events} (the timeline entries this transaction writes). */
    public void stepsEndedOnCommit(List<SagaEvent> events) {
        for (SagaEvent event : events) {
            String outcome = event.stepOutcome();
            if (outcome != null && event.durationMs() != null) {
                Timer timer = Timer.builder("saga.step.duration")
                        .description("Time from a step's command to its reply, or to giving it up (timed_out)")
                        .tag("step", event.step())
                        .tag("outcome", outcome)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(5))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry);
                Duration duration = Duration.ofMillis(event.durationMs());
                onCommit(() -> timer.record(duration));
            }
        }
    }

    private void onCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
