package org.ordersaga.payment.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.ordersaga.chassis.messaging.MessageConsumption;
import org.ordersaga.payment.service.PaymentCommandHandler;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code payment-commands}. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code payment-commands.dead-letter}; a command lost that way is still re-sent by the orchestrator after its deadline.
 */
@ApplicationScoped
public class PaymentCommandConsumer {

    private static final int ATTEMPTS = 3;

    private final PaymentCommandHandler handler;
    private final MessageConsumption consumption;

    public PaymentCommandConsumer(PaymentCommandHandler handler, MessageConsumption consumption) {
        this.handler = handler;
        this.consumption = consumption;
    }

    @Incoming("payment-commands")
    // In partition order (key = order id): a compensation never overtakes the command it undoes. Each record in its
    // own transaction: the handler locks rows that every order shares, which must not stay locked for a whole poll.
    // Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumption.consumeEach(batch, ATTEMPTS, handler::handle);
    }
}
