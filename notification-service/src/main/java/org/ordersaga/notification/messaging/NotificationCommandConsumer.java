package org.ordersaga.notification.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.chassis.messaging.MessageConsumption;
import org.ordersaga.notification.service.NotificationCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code notification-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code notification-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class NotificationCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final NotificationCommandHandler handler;
    private final MessageConsumption consumption;

    public NotificationCommandConsumer(NotificationCommandHandler handler, MessageConsumption consumption) {
        this.handler = handler;
        this.consumption = consumption;
    }

    @Incoming("notification-commands")
    // One poll's records in one transaction, in partition order (key = order id): a compensation never overtakes the
    // command it undoes (chassis MessageConsumption).
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumption.consume(batch, ATTEMPTS, handler::handle);
    }
}
