package org.ordersaga.order.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.chassis.messaging.MessageConsumption;
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
    private final MessageConsumption consumption;

    public OrderCommandsConsumer(OrderDecisions decisions, MessageConsumption consumption) {
        this.decisions = decisions;
        this.consumption = consumption;
    }

    @Incoming("order-commands")
    // One poll's records in one transaction, in partition order (key = order id): a compensation never overtakes the
    // command it undoes (chassis MessageConsumption).
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumption.consume(batch, ATTEMPTS, decisions::handle);
    }
}
