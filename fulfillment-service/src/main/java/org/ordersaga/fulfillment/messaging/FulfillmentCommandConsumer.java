package org.ordersaga.fulfillment.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.fulfillment.service.FulfillmentCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code fulfillment-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code fulfillment-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class FulfillmentCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final FulfillmentCommandHandler handler;
    private final DeadLetterRouting routing;

    public FulfillmentCommandConsumer(FulfillmentCommandHandler handler, DeadLetterRouting routing) {
        this.handler = handler;
        this.routing = routing;
    }

    @Incoming("fulfillment-commands")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        return routing.consume(message, ATTEMPTS, handler::handle);
    }
}
