package org.ordersaga.payment.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.payment.service.PaymentCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code payment-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code payment-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class PaymentCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final PaymentCommandHandler handler;
    private final DeadLetterRouting routing;

    public PaymentCommandConsumer(PaymentCommandHandler handler, DeadLetterRouting routing) {
        this.handler = handler;
        this.routing = routing;
    }

    @Incoming("payment-commands")
    // In order per partition (key = order id): a compensation must never overtake the command it undoes.
    // Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return routing.consume(message, ATTEMPTS, handler::handle);
    }
}
