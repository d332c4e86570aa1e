package org.ordersaga.chassis.messaging;

import static org.ordersaga.chassis.deadletter.DeadLetterReason.PROCESSING_FAILED;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.SCHEMA_VIOLATION;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNKNOWN_TYPE;
import static org.ordersaga.chassis.deadletter.DeadLetterReason.UNPARSEABLE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.deadletter.DeadLetterHeaders;
import org.ordersaga.chassis.deadletter.DeadLetterReason;
import org.ordersaga.chassis.deadletter.RejectedMessageException;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.contracts.ContractValidator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * How every consumer handles its Kafka records: inside each record's producer trace and with its order and saga IDs in
 * the log context, parse it, check it against its contract, and run the handler in a transaction that this class
 * opens; then acknowledge it. A record that is refused or keeps failing is nacked with its {@link DeadLetterReason};
 * the channel's {@code dead-letter-queue} failure strategy publishes it to {@code <topic>.dead-letter} with its
 * original key, value and headers, and consumption continues with the next record.
 *
 * <p>A batch (a channel with {@code batch=true}) runs the handler for all its accepted records, in order, in one
 * transaction: one commit and one WAL flush for the poll instead of one per record. When that transaction fails, the
 * batch's records are handled again one at a time, each in its own transaction with its retries, so one failing record
 * is dead-lettered alone and the others are applied once.
 */
@ApplicationScoped
public class MessageConsumption {

    private static final Logger LOG = Logger.getLogger(MessageConsumption.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final String consumer;
    private final UnitsOfWork work;
    private final ContractValidator contracts = new ContractValidator();

    /**
     * Where a record's work begins and ends: a transaction of its own, or its part of a poll's transaction, after
     * which its loaded entities are written and forgotten, so that the poll's next records do not check them again at
     * each flush (the cost of a poll stays linear in its size).
     */
    interface UnitsOfWork {
        void inNewTransaction(Runnable work);

        void recordDoneWithinTransaction();
    }

    @Inject
    public MessageConsumption(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String consumer, EntityManager entities) {
        this(mapper, meters, consumer, new UnitsOfWork() {
            @Override
            public void inNewTransaction(Runnable work) {
                QuarkusTransaction.requiringNew().run(work);
            }

            @Override
            public void recordDoneWithinTransaction() {
                entities.flush();
                entities.clear();
            }
        });
    }

    MessageConsumption(ObjectMapper mapper, MeterRegistry meters, String consumer, UnitsOfWork work) {
        this.mapper = mapper;
        this.meters = meters;
        this.consumer = consumer;
        this.work = work;
    }

    /** Handles one record, trying {@code handler} up to {@code attempts} times while its failures are transient. */
    public CompletionStage<Void> consume(Message<String> record, int attempts, Consumer<IncomingMessage> handler) {
        IncomingMessage message;
        try {
            message = accepted(record);
        } catch (RejectedMessageException e) {
            return deadLetter(record, null, e.reason(), e);
        }
        try {
            handleAlone(record, message, attempts, handler);
        } catch (RuntimeException e) {
            return deadLetter(record, message, PROCESSING_FAILED, e);
        }
        return record.ack();
    }

    /**
     * Handles a poll's records in one transaction, falling back to one record at a time when it fails; every record
     * ends acknowledged or dead-lettered.
     */
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch, int attempts,
            Consumer<IncomingMessage> handler) {
        return consumeTogether(batch.getRecords(), attempts, handler);
    }

    CompletionStage<Void> consumeTogether(List<? extends Message<String>> records, int attempts,
            Consumer<IncomingMessage> handler) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String topic = topic(records.get(0));
        DistributionSummary.builder("consumer.batch.records")
                .description("Records of one poll, handled in one transaction").tag("topic", topic)
                .register(meters).record(records.size());
        if (records.size() == 1) {
            return consume(records.get(0), attempts, handler);
        }
        List<CompletionStage<Void>> outcomes = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        for (Message<String> record : records) {
            try {
                accepted.add(new Accepted(record, accepted(record)));
            } catch (RejectedMessageException e) {
                outcomes.add(deadLetter(record, null, e.reason(), e));
            }
        }
        if (accepted.isEmpty()) {
            return allOf(outcomes);
        }
        try {
            work.inNewTransaction(() -> accepted.forEach(one -> {
                inContext(one.record(), one.message(), handler);
                work.recordDoneWithinTransaction();
            }));
            accepted.forEach(one -> outcomes.add(one.record().ack()));
        } catch (RuntimeException batchFailure) {
            LOG.warnf("A batch of %d records from %s failed (%s); handling them one at a time", accepted.size(),
                    topic, batchFailure.toString());
            Counter.builder("consumer.batch.fallbacks")
                    .description("Batches whose transaction failed and whose records were handled one at a time")
                    .tag("topic", topic).register(meters).increment();
            for (Accepted one : accepted) {
                try {
                    handleAlone(one.record(), one.message(), attempts, handler);
                    outcomes.add(one.record().ack());
                } catch (RuntimeException e) {
                    outcomes.add(deadLetter(one.record(), one.message(), PROCESSING_FAILED, e));
                }
            }
        }
        return allOf(outcomes);
    }

    /** A record that passed its checks, with what was read from it. */
    private record Accepted(Message<String> record, IncomingMessage message) {
    }

    private static CompletionStage<Void> allOf(List<CompletionStage<Void>> outcomes) {
        return CompletableFuture.allOf(outcomes.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private void handleAlone(Message<String> record, IncomingMessage message, int attempts,
            Consumer<IncomingMessage> handler) {
        TransientFailures.retry(message.type() + " " + message.id(), attempts,
                () -> work.inNewTransaction(() -> inContext(record, message, handler)));
    }

    private static void inContext(Message<String> record, IncomingMessage message, Consumer<IncomingMessage> handler) {
        try (Scope trace = MessageTracing.continueTrace(record);
                LogContext.Scope ids = LogContext.forOrder(orderId(record, message), message.text("sagaId"))) {
            handler.accept(message);
        }
    }

    private IncomingMessage accepted(Message<String> record) {
        IncomingMessage message;
        try {
            message = IncomingMessage.from(record, mapper);
        } catch (IllegalArgumentException e) {
            throw new RejectedMessageException(UNPARSEABLE, e.getMessage(), e.getCause());
        }
        if (message.id() == null || message.type() == null) {
            throw new RejectedMessageException(UNPARSEABLE, "no 'id' or 'eventType' header", null);
        }
        List<String> violations;
        try {
            violations = contracts.violations(message.type(), message.payload());
        } catch (IllegalArgumentException e) {
            throw new RejectedMessageException(UNKNOWN_TYPE, e.getMessage(), null);
        }
        if (!violations.isEmpty()) {
            throw new RejectedMessageException(SCHEMA_VIOLATION,
                    message.type() + " violates its contract: " + String.join("; ", violations), null);
        }
        return message;
    }

    private CompletionStage<Void> deadLetter(Message<String> record, IncomingMessage message,
            DeadLetterReason reason, RuntimeException failure) {
        String topic = topic(record);
        try (Scope trace = MessageTracing.continueTrace(record);
                LogContext.Scope ids = LogContext.forOrder(orderId(record, message),
                        message == null ? null : message.text("sagaId"))) {
            LOG.errorf(failure, "%s record from %s goes to %s", reason, topic,
                    DeadLetterHeaders.deadLetterTopic(topic));
        }
        Counter.builder("dead.letters").description("Records sent to a dead-letter topic")
                .tag("topic", topic).tag("reason", reason.name())
                .register(meters).increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON_CODE, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        return record.nack(failure, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }

    private static String topic(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
    }

    /** The payload's order ID, else the record's key (the order ID): the best clue when the payload cannot be read. */
    private static String orderId(Message<String> record, IncomingMessage message) {
        String fromPayload = message == null ? null : message.text("orderId");
        if (fromPayload != null) {
            return fromPayload;
        }
        return message != null ? message.key() : record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey).map(Object::toString).orElse(null);
    }
}
