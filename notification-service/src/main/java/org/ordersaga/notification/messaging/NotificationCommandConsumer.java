package org.ordersaga.notification.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.notification.service.NotificationCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code notification-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code notification-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class NotificationCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final NotificationCommandHandler handler;
    private final DeadLetterRouting routing;

    public NotificationCommandConsumer(NotificationCommandHandler handler, DeadLetterRouting routing) {
        this.handler = handler;
        this.routing = routing;
    }

    @Incoming("notification-commands")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        return routing.consume(message, ATTEMPTS, handler::handle);
    }
}
