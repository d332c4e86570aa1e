package org.ordersaga.orchestrator.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
    // a bounded pool (application.properties): never more concurrent transactions than DB connections
    @Blocking(value = "saga-workers", ordered = false)
    public CompletionStage<Void> consume(Message<String> record) {
        return handling.handle(record, message -> {
            if ("OrderPlaced".equals(message.type())) {
                orchestrator.onOrderPlaced(message);
            }
        });
    }
}
