package org.ordersaga.inventory.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.inventory.service.InventoryCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code inventory-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code inventory-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class InventoryCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final InventoryCommandHandler handler;
    private final DeadLetterRouting routing;

    public InventoryCommandConsumer(InventoryCommandHandler handler, DeadLetterRouting routing) {
        this.handler = handler;
        this.routing = routing;
    }

    @Incoming("inventory-commands")
    // In order per partition (key = order id): a compensation must never overtake the command it undoes.
    // Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return routing.consume(message, ATTEMPTS, handler::handle);
    }
}
