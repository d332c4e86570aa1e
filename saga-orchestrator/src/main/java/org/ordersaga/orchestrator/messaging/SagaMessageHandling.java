package org.ordersaga.orchestrator.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageConsumption;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What both consumers do with a poll's records: handle them in one transaction (one at a time, each run again when it
 * lost a race with another replica, if that transaction fails), then acknowledge them. A record that cannot be read,
 * breaks its contract or keeps failing goes to its topic's dead-letter topic (chassis {@link MessageConsumption}).
 */
@ApplicationScoped
public class SagaMessageHandling {

    private final MessageConsumption consumption;
    private final int attempts;

    public SagaMessageHandling(MessageConsumption consumption, OrchestratorConfig config) {
        this.consumption = consumption;
        this.attempts = 1 + config.conflictRetries();
    }

    public CompletionStage<Void> handle(KafkaRecordBatch<String, String> batch, Consumer<IncomingMessage> handler) {
        return consumption.consume(batch, attempts, handler);
    }
}
