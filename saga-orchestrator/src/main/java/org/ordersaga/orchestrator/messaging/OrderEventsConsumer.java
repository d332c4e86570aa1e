package org.ordersaga.orchestrator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.orchestrator.service.SagaOrchestrator;

import java.util.concurrent.CompletionStage;

/** {@code order-events}: every {@code OrderPlaced} starts a saga. */
@ApplicationScoped
public class OrderEventsConsumer {

    private final SagaMessageHandling handling;
    private final SagaOrchestrator orchestrator;

    public OrderEventsConsumer(SagaMessageHandling handling, SagaOrchestrator orchestrator) {
        this.handling = handling;
        this.orchestrator = orchestrator;
    }

    @Incoming("order-events")
    // one poll's records in one transaction, one poll after the other
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return handling.handle(batch, message -> {
            if ("OrderPlaced".equals(message.type())) {
                orchestrator.onOrderPlaced(message);
            }
        });
    }
}
