package org.ordersaga.order.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.ordersaga.chassis.deadletter.DeadLetterRouting;
import org.ordersaga.order.service.OrderDecisions;

import java.util.concurrent.CompletionStage;

/**
 * {@code order-commands} from the saga orchestrator. A command that cannot be read, breaks its contract or keeps
 * failing goes to {@code order-commands.dead-letter}.
 */
@ApplicationScoped
public class OrderCommandsConsumer {

    private static final int ATTEMPTS = 5;

    private final OrderDecisions decisions;
    private final DeadLetterRouting routing;

    public OrderCommandsConsumer(OrderDecisions decisions, DeadLetterRouting routing) {
        this.decisions = decisions;
        this.routing = routing;
    }

    @Incoming("order-commands")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> record) {
        return routing.consume(record, ATTEMPTS,
                command -> QuarkusTransaction.requiringNew().run(() -> decisions.handle(command)));
    }
}
