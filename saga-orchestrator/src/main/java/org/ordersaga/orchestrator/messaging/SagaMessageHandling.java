package org.ordersaga.orchestrator.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageTracing;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What both consumers do with a Kafka record: parse it, handle it in a transaction inside the producer's trace (run
 * again when it lost a race with another replica), then acknowledge. A record that cannot be parsed is logged and
 * skipped; any other failure is nacked so that the record is not lost.
 */
@ApplicationScoped
public class SagaMessageHandling {

    private static final Logger LOG = Logger.getLogger(SagaMessageHandling.class);

    private final ObjectMapper json;
    private final int attempts;

    public SagaMessageHandling(ObjectMapper json, OrchestratorConfig config) {
        this.json = json;
        this.attempts = 1 + config.conflictRetries();
    }

    public CompletionStage<Void> handle(Message<String> record, Consumer<IncomingMessage> handler) {
        try (Scope ignored = MessageTracing.continueTrace(record)) {
            IncomingMessage message;
            try {
                message = IncomingMessage.from(record, json);
                if (message.id() == null) {
                    throw new IllegalArgumentException("no 'id' header");
                }
            } catch (IllegalArgumentException e) {
                LOG.errorf(e, "Unreadable record skipped: %s", record.getPayload());
                return record.ack();
            }
            TransientFailures.retry(message.type() + " " + message.id(), attempts,
                    () -> QuarkusTransaction.requiringNew().run(() -> handler.accept(message)));
            return record.ack();
        } catch (RuntimeException e) {
            LOG.error("Message handling failed", e);
            return record.nack(e);
        }
    }
}
