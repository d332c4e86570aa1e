package org.ordersaga.order.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageTracing;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.order.service.OrderDecisions;

import java.util.concurrent.CompletionStage;

/** {@code order-commands} from the saga orchestrator. */
@ApplicationScoped
public class OrderCommandsConsumer {

    private static final Logger LOG = Logger.getLogger(OrderCommandsConsumer.class);
    private static final int ATTEMPTS = 5;

    private final OrderDecisions decisions;
    private final ObjectMapper json;

    public OrderCommandsConsumer(OrderDecisions decisions, ObjectMapper json) {
        this.decisions = decisions;
        this.json = json;
    }

    @Incoming("order-commands")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> record) {
        try (Scope ignored = MessageTracing.continueTrace(record)) {
            IncomingMessage command;
            try {
                command = IncomingMessage.from(record, json);
            } catch (IllegalArgumentException e) {
                LOG.errorf(e, "Unreadable command skipped: %s", record.getPayload());
                return record.ack();
            }
            try (LogContext.Scope logged = LogContext.forOrder(command.text("orderId"), command.text("sagaId"))) {
                TransientFailures.retry(command.type() + " " + command.text("commandId"), ATTEMPTS,
                        () -> QuarkusTransaction.requiringNew().run(() -> decisions.handle(command)));
            }
            return record.ack();
        } catch (RuntimeException e) {
            LOG.error("Command handling failed", e);
            return record.nack(e);
        }
    }
}
