package org.ordersaga.inventory.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageTracing;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.inventory.service.InventoryCommandHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code inventory-commands}. Every record is acknowledged: a command that cannot be handled is logged and
 * left to the orchestrator, which re-sends it with the same command id after its reply deadline.
 */
@ApplicationScoped
public class InventoryCommandConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryCommandConsumer.class);

    private final InventoryCommandHandler handler;
    private final ObjectMapper mapper;

    public InventoryCommandConsumer(InventoryCommandHandler handler, ObjectMapper mapper) {
        this.handler = handler;
        this.mapper = mapper;
    }

    @Incoming("inventory-commands")
    // In order per partition (key = order id): a compensation must never overtake the command it undoes.
    // Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        try (var trace = MessageTracing.continueTrace(message)) {
            IncomingMessage command = IncomingMessage.from(message, mapper);
            TransientFailures.retry(String.valueOf(command.type()), 3, () -> handler.handle(command));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not handle a message from inventory-commands; it is acknowledged and awaits a re-send");
        }
        return message.ack();
    }
}
