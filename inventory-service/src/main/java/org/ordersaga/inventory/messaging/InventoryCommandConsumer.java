package org.ordersaga.inventory.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.chassis.messaging.MessageConsumption;
import org.ordersaga.inventory.service.InventoryCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code inventory-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code inventory-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class InventoryCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final InventoryCommandHandler handler;
    private final MessageConsumption consumption;

    public InventoryCommandConsumer(InventoryCommandHandler handler, MessageConsumption consumption) {
        this.handler = handler;
        this.consumption = consumption;
    }

    @Incoming("inventory-commands")
    // In partition order (key = order id): a compensation never overtakes the command it undoes. Each record in its
    // own transaction: the handler locks rows that every order shares, which must not stay locked for a whole poll.
    // Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumption.consumeEach(batch, ATTEMPTS, handler::handle);
    }
}
