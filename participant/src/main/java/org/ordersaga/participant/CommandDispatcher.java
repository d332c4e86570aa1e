package org.ordersaga.participant;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.CommandReplies;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.MessageConsumption;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Consumes the participant's command topic (channel {@code commands}, its topic named in the service's
 * application.properties): each command is applied once per command id (inbox) and its reply published through the
 * outbox, in one transaction. A command that cannot be read, breaks its contract or keeps failing goes to
 * {@code <topic>.dead-letter} (chassis {@link MessageConsumption}); one lost that way is re-sent by the orchestrator
 * after its deadline.
 */
@ApplicationScoped
public class CommandDispatcher {

    private static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final Commands commands;
    private final CommandReplies replies;
    private final MessageConsumption consumption;
    private final String consumer;

    public CommandDispatcher(Participant participant, CommandReplies replies, MessageConsumption consumption,
            @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.commands = participant.commands();
        this.replies = replies;
        this.consumption = consumption;
        this.consumer = consumer;
    }

    @Incoming("commands")
    // In partition order (key = order id), whichever the transactions: a compensation never overtakes the command it
    // undoes. Partitions run in parallel through the channel's concurrency setting.
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return commands.eachInOwnTransaction()
                ? consumption.consumeEach(batch, ATTEMPTS, this::handle)
                : consumption.consume(batch, ATTEMPTS, this::handle);
    }

    /** Applies one command from Kafka once and publishes its reply; a type this service does not take is ignored. */
    @Transactional
    public void handle(IncomingMessage command) {
        try (var log = LogContext.forOrder(command.text("orderId"), command.text("sagaId"))) {
            if (commands.handles(command.type())) {
                replies.answerOnce(consumer, commands.replyTopic(), command, () -> commands.answer(command));
            } else {
                LOG.warnf("Ignoring message of unknown type %s (id %s)", command.type(), command.id());
            }
        }
    }
}
