package org.ordersaga.orchestrator.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What both consumers do with a Kafka record: handle it in a transaction of its own (run again when it lost a race
 * with another replica), then acknowledge it. A record that cannot be read, breaks its contract or keeps failing goes
 * to its topic's dead-letter topic (chassis {@link DeadLetterRouting}).
 */
@ApplicationScoped
public class SagaMessageHandling {

    private final DeadLetterRouting routing;
    private final int attempts;

    public SagaMessageHandling(DeadLetterRouting routing, OrchestratorConfig config) {
        this.routing = routing;
        this.attempts = 1 + config.conflictRetries();
    }

    public CompletionStage<Void> handle(Message<String> record, Consumer<IncomingMessage> handler) {
        return routing.consume(record, attempts,
                message -> QuarkusTransaction.requiringNew().run(() -> handler.accept(message)));
    }
}
